/**
 * The served snapshot on disk, `snapshot.bin` in the cache folder: everything commands read
 * (articles, stories, key figures, quotes, timeline, entities, the search index) in one file,
 * with the size and mtime of every corpus file it was built from. A start that finds every file
 * as recorded loads this file alone: no article cache, no pipeline stage. At 100k articles that
 * is the difference between reading ~1.2 GB of per-article cache and reading what is served.
 *
 * Layout: one line of JSON padded to 4 KB (the header: format, version, code and corpus keys,
 * and each section's name and byte length), then the sections' bytes in that order:
 * - `texts`: per article, the UTF-8 JSON of `[paragraphs, removed]`. It is never read whole: an
 *   article's text is read from the file when asked for, since commands read a few articles'
 *   text at a time (snippets, `article`) and every body in memory would be most of the RSS.
 *   First, so that it is written as it is encoded, before the sections that follow are known;
 * - `files`, packed (packing.ts): the name, size and mtime of every corpus file, or none when
 *   some file was too new to trust its mtime (then the snapshot serves only through `key`), and
 *   the skipped files;
 * - `records`, packed: where each text ends, the articles without their texts, then the
 *   cross-article parts (parts-codec.ts), all with one table of strings;
 * - `index`: the search index's own bytes.
 *
 * Written through a temp file and a rename: readers see the old snapshot or the new, never half.
 */
import { readSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { AssembledParts } from './compose.js';
import { PackReader, PackWriter } from './packing.js';
import { packParts, unpackParts } from './parts-codec.js';
import type { Article, Subheading } from './types.js';

const FORMAT = 'rareearth-snapshot';
const VERSION = 8;
const SNAPSHOT_FILE = 'snapshot.bin';
/** The header line is small (keys and lengths); anything longer is not ours. */
const MAX_HEADER = 64 * 1024;

/** `[file, size, mtimeMs]`: a corpus file as it was when the snapshot was built. */
export type FileStampRow = [file: string, size: number, mtimeMs: number];

/**
 * Every corpus file as stored: the names joined by NUL (which no file name holds), so that the
 * folder's listing is checked with one comparison, and sizes and mtimes in the same order.
 */
export interface FileStamps {
  names: string;
  sizes: number[];
  mtimes: number[];
}

export const stampsOf = (rows: readonly FileStampRow[]): FileStamps => ({
  names: rows.map((r) => r[0]).join('\0'),
  sizes: rows.map((r) => r[1]),
  mtimes: rows.map((r) => r[2]),
});

/** The rows of stampsOf back. */
export const rowsOf = ({ names, sizes, mtimes }: FileStamps): FileStampRow[] =>
  sizes.length === 0 ? [] : names.split('\0').map((name, i) => [name, sizes[i], mtimes[i]]);

export interface SnapshotFiles {
  /** null: some file's mtime was too recent to vouch for its content. */
  stamps: FileStamps | null;
  skipped: { file: string; reason: string }[];
}

export interface SnapshotContents {
  /** Identifies the code that derived it: a snapshot of other code is never served. */
  code: string;
  /** Identifies the processed items (ids, content hashes, first-seen times) it was assembled from. */
  key: string;
  files: SnapshotFiles;
  articles: readonly Article[];
  parts: AssembledParts;
  /** The search index's bytes, in pieces written one after the other (see searchIndexPieces). */
  index: readonly Uint8Array[];
}

export interface LoadedSnapshot extends Omit<SnapshotContents, 'articles' | 'index'> {
  articles: Article[];
  /** The search index's bytes, in one buffer of their own. */
  index: Uint8Array;
}

const SECTIONS = ['texts', 'files', 'records', 'index'] as const;
/** Room kept for the header line, padded: the texts are written before the lengths it records are known. */
const HEADER_ROOM = 4096;
/** Texts are written about this many bytes at a time. */
const WRITE_CHUNK = 1 << 20;
type Section = (typeof SECTIONS)[number];
type Write = (chunk: Buffer[]) => Promise<number>;

/**
 * The texts section of one snapshot file, read on demand through a handle kept open for as long
 * as any of its articles lives. The handle reads the file as it was opened: a newer snapshot
 * renamed over it later leaves these articles' texts intact.
 */
class TextStore {
  /** Article → its number, made on the first text read: most starts read a few texts or none. */
  private numbers: Map<Article, number> | null = null;

  constructor(
    private readonly fd: number,
    private readonly base: number,
    /** Where each article's text ends, by article number. */
    private readonly ends: readonly number[],
    private readonly articles: () => readonly Article[],
  ) {}

  get count(): number {
    return this.ends.length;
  }

  read(article: Article): [paragraphs: string[], removed: string[]] {
    this.numbers ??= new Map(this.articles().map((a, i) => [a, i]));
    const i = this.numbers.get(article);
    if (i === undefined) throw new Error(`article ${article.id} is not one of the snapshot's`);
    const start = i === 0 ? 0 : this.ends[i - 1];
    const bytes = Buffer.allocUnsafe(this.ends[i] - start);
    readSync(this.fd, bytes, 0, bytes.length, this.base + start);
    return JSON.parse(bytes.toString('utf8')) as [string[], string[]];
  }
}
const closeWhenUnused = new FinalizationRegistry<FileHandle>((handle) => void handle.close().catch(() => undefined));

const STORE = Symbol('text store');
type Served = Article & { [STORE]: TextStore };

/**
 * The text getters of every served article: module-level, so that the articles of every load
 * share their hidden classes (getters made per load turned a second load's articles into slow
 * dictionary objects). Own and enumerable, so copies and JSON of an article hold its text.
 */
const textGetters: Record<'paragraphs' | 'removed' | 'body', PropertyDescriptor> = {
  paragraphs: {
    get(this: Served) {
      return this[STORE].read(this)[0];
    },
    enumerable: true,
    configurable: true,
  },
  removed: {
    get(this: Served) {
      return this[STORE].read(this)[1];
    },
    enumerable: true,
    configurable: true,
  },
  body: {
    get(this: Article) {
      return this.paragraphs.join('\n\n');
    },
    enumerable: true,
    configurable: true,
  },
};

/** Every field of an article, so that one the snapshot does not store is an error, not a loss. */
const ARTICLE_FIELDS = new Set(
  Object.keys({
    id: 1, file: 1, hash: 1, url: 1, title: 1, publisher: 1, author: 1, published: 1, paragraphs: 1, body: 1, removedLines: 1, removed: 1,
    subheadings: 1, storyId: 1, duplicateOf: 1, firstSeen: 1, relevance: 1, onTopic: 1,
  } satisfies Record<keyof Article, 1>),
);

const packSubheading = ({ text, paragraph }: Subheading, w: PackWriter) => {
  w.str(text);
  w.int(paragraph);
};

/** The article without its text. Fields are read one by one: a rest spread would call the body getter. */
function packArticle(a: Article, w: PackWriter): void {
  for (const field in a) if (!ARTICLE_FIELDS.has(field)) throw new Error(`an article has a field the snapshot does not store: ${field}`);
  w.str(a.id);
  w.str(a.file);
  w.str(a.hash);
  w.optStr(a.url);
  w.optStr(a.title);
  w.optStr(a.publisher);
  w.optStr(a.author);
  w.optStr(a.published);
  w.int(a.removedLines);
  w.str(a.storyId);
  w.optStr(a.duplicateOf);
  w.str(a.firstSeen);
  w.num(a.relevance);
  w.bool(a.onTopic);
  w.bool(a.subheadings !== undefined);
  if (a.subheadings) w.list(a.subheadings, packSubheading);
}

const unpackSubheading = (r: PackReader): Subheading => ({ text: r.str(), paragraph: r.int() });

/** Subheadings only if it had them; the text through the getters, when asked for. */
function unpackArticle(r: PackReader, store: TextStore): Article {
  const row: Omit<Article, 'paragraphs' | 'body' | 'removed'> = {
    id: r.str(),
    file: r.str(),
    hash: r.str(),
    url: r.optStr(),
    title: r.optStr(),
    publisher: r.optStr(),
    author: r.optStr(),
    published: r.optStr(),
    removedLines: r.int(),
    storyId: r.str(),
    duplicateOf: r.optStr(),
    firstSeen: r.str(),
    relevance: r.num(),
    onTopic: r.bool(),
  };
  if (r.bool()) row.subheadings = r.list(unpackSubheading);
  // One call per property: defineProperties with all of them took twice as long. The store is
  // not enumerable: copies and comparisons of an article see only its fields.
  Object.defineProperty(row, STORE, { value: store });
  Object.defineProperty(row, 'paragraphs', textGetters.paragraphs);
  Object.defineProperty(row, 'removed', textGetters.removed);
  return Object.defineProperty(row, 'body', textGetters.body) as Article;
}

/**
 * Writes each article's text through `write` as UTF-8 JSON, a megabyte at a time into one
 * reused buffer (all of them at once were ~270 MB at 100k, at the peak of a cold start), then
 * packs where each text ends and the articles without their texts.
 */
async function writeArticles(articles: readonly Article[], w: PackWriter, write: Write): Promise<number> {
  const chunk = Buffer.allocUnsafe(WRITE_CHUNK);
  const ends: number[] = [];
  let used = 0;
  let written = 0;
  for (const { paragraphs, removed } of articles) {
    const text = JSON.stringify([paragraphs, removed]);
    // At most three UTF-8 bytes per UTF-16 unit: room is checked without measuring the text.
    if (used + text.length * 3 > WRITE_CHUNK && used > 0) {
      written += await write([chunk.subarray(0, used)]);
      used = 0;
    }
    if (text.length * 3 > WRITE_CHUNK) written += await write([Buffer.from(text)]);
    else used += chunk.write(text, used);
    ends.push(written + used);
  }
  if (used > 0) written += await write([chunk.subarray(0, used)]);
  w.nums(ends);
  w.list(articles, packArticle);
  return written;
}

function unpackArticles(r: PackReader, fd: number, base: number): { articles: Article[]; store: TextStore } {
  let articles: Article[] = [];
  const store = new TextStore(fd, base, r.nums(), () => articles);
  articles = r.list((a) => unpackArticle(a, store));
  if (articles.length !== store.count) throw new Error('articles and texts do not match');
  return { articles, store };
}

const packSkip = ({ file, reason }: { file: string; reason: string }, w: PackWriter) => {
  w.str(file);
  w.str(reason);
};

function packFiles({ stamps, skipped }: SnapshotFiles, w: PackWriter): void {
  w.bool(stamps !== null);
  if (stamps) {
    w.str(stamps.names);
    w.nums(stamps.sizes);
    w.nums(stamps.mtimes);
  }
  w.list(skipped, packSkip);
}

function unpackFiles(r: PackReader): SnapshotFiles {
  const stamps = r.bool() ? { names: r.str(), sizes: r.nums(), mtimes: r.nums() } : null;
  return { stamps, skipped: r.list((s) => ({ file: s.str(), reason: s.str() })) };
}

/** Writes the snapshot; a failure is logged and leaves the previous one (or none) in place. */
export async function saveSnapshot(cacheDir: string, contents: SnapshotContents, log: Logger): Promise<void> {
  const file = path.join(cacheDir, SNAPSHOT_FILE);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      let position = HEADER_ROOM;
      const write = async (chunk: Uint8Array[]) => {
        const { bytesWritten } = await handle.writev(chunk, position);
        position += bytesWritten;
        return bytesWritten;
      };
      const records = new PackWriter();
      const texts = await writeArticles(contents.articles, records, write);
      packParts(contents.parts, records);
      const files = new PackWriter();
      packFiles(contents.files, files);
      const lengths: Record<Section, number> = {
        texts,
        files: await files.writeTo(write),
        records: await records.writeTo(write),
        index: await write([...contents.index]),
      };
      const header = JSON.stringify({ format: FORMAT, version: VERSION, code: contents.code, key: contents.key, sections: SECTIONS.map((s) => [s, lengths[s]]) });
      if (Buffer.byteLength(header) >= HEADER_ROOM) throw new Error('the header does not fit its room');
      await handle.write(Buffer.from(`${header.padEnd(HEADER_ROOM - 1)}\n`), 0, HEADER_ROOM, 0);
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    log.warn({ err, file }, `could not save the corpus snapshot ${file}; the next start rebuilds it`);
  }
}

interface Header {
  format: string;
  version: number;
  code: string;
  key: string;
  sections: [Section, number][];
}

const isHeader = (h: Partial<Header> | null): h is Header =>
  h?.format === FORMAT &&
  typeof h.code === 'string' &&
  typeof h.key === 'string' &&
  Array.isArray(h.sections) &&
  SECTIONS.every((s, i) => h.sections![i]?.[0] === s && Number.isSafeInteger(h.sections![i][1]));

/** What was read of a snapshot file: its key, the named sections' bytes, and where the texts lie. */
interface Read<S extends Section> {
  key: string;
  sections: Record<S, Buffer>;
  texts: { position: number; length: number };
}

/**
 * Reads the header and the named sections of the snapshot written by this code (`code`), then
 * hands the open file to `use` (which may keep it open by returning true). Null when there is
 * none, it is of other code or another version (news, not a problem), or it is unreadable or
 * `use` throws (a warning: it is rebuilt).
 */
async function readSnapshot<S extends Section, T>(
  cacheDir: string,
  code: string,
  wanted: readonly S[],
  log: Logger,
  use: (read: Read<S>, handle: FileHandle) => Promise<{ value: T; keepOpen: boolean } | null> | { value: T; keepOpen: boolean } | null,
): Promise<T | null> {
  const file = path.join(cacheDir, SNAPSHOT_FILE);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file }, `cannot open the corpus snapshot ${file}; it is rebuilt`);
    return null;
  }
  let keepOpen = false;
  try {
    const first = Buffer.alloc(MAX_HEADER);
    const { bytesRead } = await handle.read(first, 0, MAX_HEADER, 0);
    const newline = first.subarray(0, bytesRead).indexOf(0x0a);
    if (newline < 0) throw new Error('no header line');
    const header = JSON.parse(first.toString('utf8', 0, newline)) as Partial<Header> | null;
    if (header?.format === FORMAT && (header.version !== VERSION || header.code !== code)) {
      log.info({ file }, 'the corpus snapshot was written by other code; rebuilding it');
      return null;
    }
    if (!isHeader(header)) throw new Error('not a corpus snapshot');
    const sections = {} as Record<S, Buffer>;
    const texts = { position: 0, length: 0 };
    let position = newline + 1;
    for (const [name, length] of header.sections) {
      if (name === 'texts') Object.assign(texts, { position, length });
      if (wanted.includes(name as S)) {
        const bytes = Buffer.allocUnsafeSlow(length);
        const { bytesRead: got } = await handle.read(bytes, 0, length, position);
        if (got !== length) throw new Error(`section ${name} is cut short`);
        sections[name as S] = bytes;
      }
      position += length;
    }
    const { size } = await handle.stat();
    if (size !== position) throw new Error(size < position ? 'the file is cut short' : 'the file has bytes past its end');
    const used = await use({ key: header.key, sections, texts }, handle);
    keepOpen = used?.keepOpen ?? false;
    return used && used.value;
  } catch (err) {
    log.warn({ err, file }, `the corpus snapshot ${file} is unreadable or corrupt (${(err as Error).message}); it is rebuilt`);
    return null;
  } finally {
    if (!keepOpen) await handle.close();
  }
}

/** The snapshot's key and file stamps: enough to tell whether it can be served as it is. */
export function loadSnapshotFiles(cacheDir: string, code: string, log: Logger): Promise<{ key: string; files: SnapshotFiles } | null> {
  return readSnapshot(cacheDir, code, ['files'], log, (read) => ({ value: { key: read.key, files: unpackAll(read.sections.files, unpackFiles) }, keepOpen: false }));
}

/** What `unpack` reads of the packed bytes, which must be all of them. */
function unpackAll<T>(bytes: Buffer, unpack: (r: PackReader) => T): T {
  const r = new PackReader(bytes);
  const value = unpack(r);
  r.end();
  return value;
}

/**
 * The whole snapshot, if it is still the one saved under `key` (else null: it was replaced).
 * Its articles' texts are read from the file when asked for.
 */
export function loadSnapshot(cacheDir: string, code: string, key: string, log: Logger): Promise<LoadedSnapshot | null> {
  return readSnapshot(cacheDir, code, ['files', 'records', 'index'], log, async (read, handle) => {
    if (read.key !== key) return null;
    const r = new PackReader(read.sections.records);
    const { articles, store } = unpackArticles(r, handle.fd, read.texts.position);
    // A turn for the event loop between the two halves: when a rebuilt corpus is swapped in, the
    // bot is serving, and at 100k articles each half holds commands up for about half a second.
    await new Promise(setImmediate);
    const parts = unpackParts(r);
    r.end();
    closeWhenUnused.register(store, handle);
    return {
      value: { code, key, files: unpackAll(read.sections.files, unpackFiles), articles, parts, index: read.sections.index },
      keepOpen: true,
    };
  });
}
