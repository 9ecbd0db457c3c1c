/**
 * The served snapshot on disk, `snapshot.bin` in the cache folder: everything commands read
 * (articles, stories, key figures, quotes, timeline, entities, the search index) in one file,
 * with the size and mtime of every corpus file it was built from. A start that finds every file
 * as recorded loads this file alone: no article cache, no pipeline stage. At 100k articles that
 * is the difference between reading ~1.2 GB of per-article cache and reading what is served.
 *
 * Layout: one line of JSON padded to 4 KB (the header: format, version, code and corpus keys,
 * and each section's name and byte length), then the sections' bytes in that order (the JSON
 * ones ASCII):
 * - `texts`: per article, the UTF-8 JSON of `[paragraphs, removed]`. It is never read whole: an
 *   article's text is read from the file when asked for, since commands read a few articles'
 *   text at a time (snippets, `article`) and every body in memory would be most of the RSS.
 *   First, so that it is written as it is encoded, before the sections that follow are known;
 * - `files`: JSON `{ stamps, skipped }`: the name, size and mtime of every corpus file, or null
 *   when some file was too new to trust its mtime (then the snapshot serves only through `key`);
 * - `articles`: JSON, the articles without their text, by column, and where each text ends;
 * - `parts`: JSON, the cross-article results, repeated strings stored once (parts-codec.ts);
 * - `index`: the search index's own bytes.
 *
 * Written through a temp file and a rename: readers see the old snapshot or the new, never half.
 */
import { readSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { AssembledParts } from './compose.js';
import { decodeParts, encodeParts, type StoredParts } from './parts-codec.js';
import type { Article } from './types.js';

const FORMAT = 'rareearth-snapshot';
const VERSION = 7;
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
  index: Uint8Array;
}

export interface LoadedSnapshot extends Omit<SnapshotContents, 'articles'> {
  articles: Article[];
}

const SECTIONS = ['texts', 'files', 'articles', 'parts', 'index'] as const;
/** Room kept for the header line, padded: the texts are written before the lengths it records are known. */
const HEADER_ROOM = 4096;
/** Texts are written about this many bytes at a time. */
const WRITE_CHUNK = 1 << 20;
type Section = (typeof SECTIONS)[number];

/**
 * The texts section of one snapshot file, read on demand through a handle kept open for as long
 * as any of its articles lives. The handle reads the file as it was opened: a newer snapshot
 * renamed over it later leaves these articles' texts intact.
 */
class TextStore {
  constructor(
    private readonly fd: number,
    private readonly base: number,
  ) {}

  read(start: number, end: number): [paragraphs: string[], removed: string[]] {
    const bytes = Buffer.allocUnsafe(end - start);
    readSync(this.fd, bytes, 0, bytes.length, this.base + start);
    return JSON.parse(bytes.toString('utf8')) as [string[], string[]];
  }
}
const closeWhenUnused = new FinalizationRegistry<FileHandle>((handle) => void handle.close().catch(() => undefined));

interface TextRef {
  store: TextStore;
  start: number;
  end: number;
}
const TEXT = Symbol('text');
type Served = { [TEXT]: TextRef; paragraphs: string[] };

const readText = ({ store, start, end }: TextRef) => store.read(start, end);
/** Shared getters (not closures per article) so every served article keeps one hidden class. */
function servedParagraphs(this: Served): string[] {
  return readText(this[TEXT])[0];
}
function servedRemoved(this: Served): string[] {
  return readText(this[TEXT])[1];
}
function servedBody(this: Served): string {
  return this.paragraphs.join('\n\n');
}
const lazyText: PropertyDescriptorMap = {
  paragraphs: { get: servedParagraphs, enumerable: true, configurable: true },
  removed: { get: servedRemoved, enumerable: true, configurable: true },
  body: { get: servedBody, enumerable: true, configurable: true },
};

const NON_ASCII = /[\u007f-\uffff]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON with every non-ASCII character escaped, so it reads back as latin1: decoding UTF-8 and
 * parsing the two-byte string that results took two to three times as long, at every start.
 */
const asciiJson = (value: unknown): Buffer => Buffer.from(JSON.stringify(value).replace(NON_ASCII, escapeChar), 'latin1');

/**
 * Writes `value` as asciiJson would, one member at a time down to `depth` levels of plain
 * objects: the whole parts section as one string, then its escaped copy, then its bytes, came
 * to three times its size in memory at the peak of a cold start (~300 MB at 100k).
 */
async function writeJson(value: unknown, write: (chunk: Buffer[]) => Promise<number>, depth: number): Promise<number> {
  const plain = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (depth === 0 || !plain) return write([asciiJson(value)]);
  let written = await write([Buffer.from('{')]);
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    written += await write([Buffer.from(first ? '' : ','), asciiJson(key), Buffer.from(':')]);
    written += await writeJson(member, write, depth - 1);
    first = false;
  }
  return written + (await write([Buffer.from('}')]));
}

type ArticleRow = Omit<Article, 'paragraphs' | 'body' | 'removed'>;

/**
 * The articles without their texts, by column (at 100k, one key name per field instead of one
 * per field and article: a third of the bytes), and where each one's text ends in the texts
 * section. `absent` lists, per field, the rows that lack it (an optional field left out).
 */
interface ArticleColumns {
  columns: Record<string, unknown[]>;
  absent: Record<string, number[]>;
  ends: number[];
}

function toColumns(rows: readonly ArticleRow[], ends: number[]): ArticleColumns {
  const columns: Record<string, unknown[]> = {};
  const absent: Record<string, number[]> = {};
  rows.forEach((row, i) => {
    for (const [field, value] of Object.entries(row)) (columns[field] ??= new Array<unknown>(rows.length).fill(null))[i] = value;
  });
  for (const field of Object.keys(columns)) {
    const missing = rows.flatMap((row, i) => (Object.hasOwn(row, field) ? [] : [i]));
    if (missing.length > 0) absent[field] = missing;
  }
  return { columns, absent, ends };
}

/**
 * Writes each article's text through `write`, a chunk at a time (all of them at once were
 * ~270 MB at 100k, at the peak of a cold start), and returns the articles without their texts.
 */
async function writeArticles(articles: readonly Article[], write: (chunk: Buffer[]) => Promise<number>): Promise<{ rows: Buffer; textBytes: number }> {
  const rows: ArticleRow[] = [];
  const ends: number[] = [];
  let chunk: Buffer[] = [];
  let pending = 0;
  let offset = 0;
  for (const article of articles) {
    const { paragraphs, removed, body: _body, ...rest } = article;
    const text = Buffer.from(JSON.stringify([paragraphs, removed]));
    offset += text.length;
    rows.push(rest);
    ends.push(offset);
    chunk.push(text);
    pending += text.length;
    if (pending >= WRITE_CHUNK) {
      await write(chunk);
      chunk = [];
      pending = 0;
    }
  }
  if (chunk.length > 0) await write(chunk);
  return { rows: asciiJson(toColumns(rows, ends)), textBytes: offset };
}

function decodeArticles({ columns, absent, ends }: ArticleColumns, store: TextStore): Article[] {
  const fields = Object.entries(columns).map(([field, values]) => ({ field, values, absent: new Set(absent[field]) }));
  if (fields.some((f) => f.values.length !== ends.length)) throw new Error('articles and texts do not match');
  return ends.map((end, i) => {
    const row: Record<string, unknown> = {};
    for (const f of fields) if (!f.absent.has(i)) row[f.field] = f.values[i];
    // Not enumerable: copies and comparisons of an article see only its fields.
    Object.defineProperty(row, TEXT, { value: { store, start: i === 0 ? 0 : ends[i - 1], end } });
    return Object.defineProperties(row, lazyText) as unknown as Article;
  });
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
      const { rows, textBytes } = await writeArticles(contents.articles, write);
      const lengths: Record<Section, number> = {
        texts: textBytes,
        files: await write([asciiJson(contents.files)]),
        articles: await write([rows]),
        parts: await writeJson(encodeParts(contents.parts), write, 2),
        index: await write([contents.index]),
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
  use: (read: Read<S>, handle: FileHandle) => { value: T; keepOpen: boolean } | null,
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
        const bytes = Buffer.allocUnsafe(length);
        const { bytesRead: got } = await handle.read(bytes, 0, length, position);
        if (got !== length) throw new Error(`section ${name} is cut short`);
        sections[name as S] = bytes;
      }
      position += length;
    }
    const { size } = await handle.stat();
    if (size !== position) throw new Error(size < position ? 'the file is cut short' : 'the file has bytes past its end');
    const used = use({ key: header.key, sections, texts }, handle);
    keepOpen = used?.keepOpen ?? false;
    return used && used.value;
  } catch (err) {
    log.warn({ err, file }, `the corpus snapshot ${file} is unreadable or corrupt (${(err as Error).message}); it is rebuilt`);
    return null;
  } finally {
    if (!keepOpen) await handle.close();
  }
}

const json = (bytes: Buffer): unknown => JSON.parse(bytes.toString('latin1'));

/** The snapshot's key and file stamps: enough to tell whether it can be served as it is. */
export function loadSnapshotFiles(cacheDir: string, code: string, log: Logger): Promise<{ key: string; files: SnapshotFiles } | null> {
  return readSnapshot(cacheDir, code, ['files'], log, (read) => ({ value: { key: read.key, files: json(read.sections.files) as SnapshotFiles }, keepOpen: false }));
}

/**
 * The whole snapshot, if it is still the one saved under `key` (else null: it was replaced).
 * Its articles' texts are read from the file when asked for.
 */
export function loadSnapshot(cacheDir: string, code: string, key: string, log: Logger): Promise<LoadedSnapshot | null> {
  return readSnapshot(cacheDir, code, ['files', 'articles', 'parts', 'index'], log, (read, handle) => {
    if (read.key !== key) return null;
    const store = new TextStore(handle.fd, read.texts.position);
    const articles = decodeArticles(json(read.sections.articles) as ArticleColumns, store);
    closeWhenUnused.register(store, handle);
    return {
      value: { code, key, files: json(read.sections.files) as SnapshotFiles, articles, parts: decodeParts(json(read.sections.parts) as StoredParts), index: read.sections.index },
      keepOpen: true,
    };
  });
}
