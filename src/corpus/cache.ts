/**
 * The on-disk cache of processed articles, keyed by the sha256 of the file's bytes: an unchanged
 * file is never processed twice, and a new or changed file alone is.
 *
 * Layout in `cacheDir` (100k articles ≈ 1 GB of JSON, so never one file per article, and never
 * one string of it all: V8 strings stop at 512 MB):
 * - `articles-0.ndjson` … `articles-f.ndjson`: 16 shards by the hash's first hex digit. Line 1
 *   is a header `{"format":"rareearth-article-cache","version":N}`; every other line is
 *   `<hash>\t<relevance>\t<article json>\t<facts json>` (JSON escapes tabs, so a tab byte
 *   only ever separates fields). Only shards that changed are rewritten, each atomically (temp + rename).
 * - `first-seen.json`: when each file id first appeared, kept apart so that losing the big
 *   shards never resets it.
 * - `files.json`: size, mtime and content hash of each file as last read, so a warm start
 *   stats an unchanged file instead of reading and hashing it.
 *
 * Entries are decoded lazily, on `get`: a warm start reads the shards' bytes and finds the line
 * ends (UTF-8 decoding 700 MB would alone take seconds); an entry is decoded and parsed when
 * asked for, and one of a file removed from the corpus never is.
 *
 * The cache is derived data: an unreadable or corrupt file is logged as a warning naming it and
 * the cache starts without it; a failed save is logged and retried at the next save.
 */
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import type { ArticleFacts, ProcessedArticle } from './types.js';

/**
 * A processed article as the cache gives it back. `facts` (two thirds of an entry) is parsed on
 * first read: a warm start whose assembled snapshot is cached needs only `relevance`, and at 100k
 * articles parsing every entry's facts cost seconds.
 */
export interface CachedArticle extends ProcessedArticle {
  relevance: number;
}

/**
 * A file as last read. Record it only for a file whose mtime is a few seconds old: a file
 * rewritten within the clock's granularity at the same size would otherwise look unchanged.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  hash: string;
}

export interface ArticleCache {
  get(hash: string): CachedArticle | undefined;
  put(hash: string, value: ProcessedArticle): void;
  /** ISO time this file id was first seen: `now` the first time, the remembered time after. */
  firstSeen(id: string, now: Date): string;
  /** What the cache knew of this file (path in the corpus folder) when it last read it. */
  fileStamp(file: string): FileStamp | undefined;
  /** Remembers a file's size, mtime and content hash, so an unchanged file need not be read again. */
  recordFile(file: string, stamp: FileStamp): void;
  /** Drops the entries (and file stamps) whose hash is not in liveHashes (files gone or changed). */
  retain(liveHashes: Set<string>): void;
  save(): Promise<void>;
}

/**
 * Bump when ProcessedArticle's shape, or what any per-article stage (clean, facts, signature)
 * produces, changes: files of another version are ignored and rebuilt.
 */
export const CACHE_VERSION = 3;
const FORMAT = 'rareearth-article-cache';
const SHARDS = 16;
const SEEN_FILE = 'first-seen.json';
const FILES_FILE = 'files.json';
/** first-seen.json has its own version: a pipeline change must not make every file look new. */
const SEEN_VERSION = 1;

const shardFile = (shard: number) => `articles-${shard.toString(16)}.ndjson`;
/** sha256 hex → its first digit; anything else (never produced by the loader) → shard 0. */
const shardOf = (hash: string) => {
  const digit = parseInt(hash.charAt(0), 16);
  return Number.isNaN(digit) ? 0 : digit;
};

/** Where an entry (from its relevance field on) lies in a shard's bytes, until it is asked for. */
interface RawEntry {
  bytes: Buffer;
  start: number;
  end: number;
}
type Entry = CachedArticle | RawEntry;
const isRaw = (e: Entry | undefined): e is RawEntry => e !== undefined && 'bytes' in e;

type Bodied = { paragraphs: string[]; body: string };
function joinParagraphs(this: Bodied): string {
  return this.paragraphs.join('\n\n');
}
const hasDerivedBody = (article: object) => Object.getOwnPropertyDescriptor(article, 'body')?.get === joinParagraphs;

const withoutBody = <T extends Bodied>({ body: _body, ...rest }: T) => rest;

/**
 * The article with `body` a getter that joins the paragraphs, when that is what it holds (or it
 * is missing); else the article as it is. A stored body doubled each article's text in memory:
 * 3.7 of 17 KB per processed article, 370 MB at 100k. A spread copies the joined text into a
 * plain field, so pass a copy back here with its original as `from`: then no comparison is made.
 * An article that has a `body` field comes back as a copy without it, the getter added: turning
 * a field into a getter makes V8 keep the object as a slow dictionary, ~0.5 KB more each.
 */
export function deriveBody<T extends Bodied>(article: T, from: object = article): T {
  const derived = hasDerivedBody(from) || article.body === undefined || article.body === joinParagraphs.call(article);
  if (!derived) return article;
  const target = Object.hasOwn(article, 'body') ? withoutBody(article) : article;
  return Object.defineProperty(target, 'body', { get: joinParagraphs, enumerable: true, configurable: true }) as T;
}

/** What is written after the hash; the article without `body` when body is just its paragraphs joined. */
function encode(value: ProcessedArticle): string {
  const { body, ...article } = value.article;
  const derived = hasDerivedBody(value.article) || body === article.paragraphs.join('\n\n');
  return `${value.facts.relevance}\t${JSON.stringify(derived ? article : value.article)}\t${JSON.stringify(value.facts)}`;
}

const isArticle = (v: ProcessedArticle['article'] | null): v is ProcessedArticle['article'] =>
  typeof v === 'object' && v !== null && typeof v.id === 'string' && Array.isArray(v.paragraphs);
const isFacts = (v: ArticleFacts | null): v is ArticleFacts =>
  typeof v === 'object' && v !== null && Array.isArray(v.signature) && Array.isArray(v.sentences);

function parseJson(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end));
  } catch {
    return null;
  }
}

/**
 * The entry with its facts left to parse on first read, or null when its relevance or article
 * is not what was written. Facts found corrupt only then are `onBadFacts`'s to answer.
 */
function decode(raw: RawEntry, onBadFacts: (relevance: number) => ArticleFacts): CachedArticle | null {
  const { bytes, start, end } = raw;
  const tab1 = bytes.indexOf(0x09, start);
  const tab2 = tab1 < 0 || tab1 >= end ? -1 : bytes.indexOf(0x09, tab1 + 1);
  if (tab2 < 0 || tab2 >= end) return null;
  const relevance = Number(bytes.toString('latin1', start, tab1));
  const parsed = parseJson(bytes, tab1 + 1, tab2) as ProcessedArticle['article'] | null;
  if (!Number.isFinite(relevance) || !isArticle(parsed)) return null;
  return new DecodedEntry(deriveBody(parsed), relevance, { bytes, start: tab2 + 1, end }, onBadFacts);
}

/**
 * A decoded entry; a class so that the facts getter is shared, not a closure per entry. Its
 * bytes are let go once the facts are parsed: each entry holds its whole shard (~70 MB at 100k).
 */
class DecodedEntry implements CachedArticle {
  private parsed: ArticleFacts | undefined;
  constructor(
    readonly article: ProcessedArticle['article'],
    readonly relevance: number,
    private raw: RawEntry | null,
    private readonly onBadFacts: (relevance: number) => ArticleFacts,
  ) {}

  get facts(): ArticleFacts {
    if (this.parsed) return this.parsed;
    const { bytes, start, end } = this.raw!;
    const parsed = parseJson(bytes, start, end) as ArticleFacts | null;
    this.parsed = isFacts(parsed) ? parsed : this.onBadFacts(this.relevance);
    this.raw = null;
    return this.parsed;
  }
}

/** Stands in for facts found corrupt after the entry was handed out: nothing read, relevance kept. */
const noFacts = (relevance: number): ArticleFacts => ({ sentences: [], figures: [], quotes: [], events: [], entities: [], relevance, signature: [] });

/** Chunks of a shard are joined into writes of about this many bytes (one string per shard would be 70 MB at 100k). */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes the header and lines of one shard through a temp file, about WRITE_CHUNK bytes per
 * write: one buffer of a whole shard (70 MB at 100k) is what made saving slow.
 */
async function writeShard(file: string, lines: Iterable<[hash: string, entry: Entry]>): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    let text: string[] = [`${header()}\n`];
    let parts: Buffer[] = [];
    let size = 0;
    const seal = () => {
      if (text.length > 0) parts.push(Buffer.from(text.join('')));
      text = [];
    };
    const flush = async () => {
      seal();
      if (parts.length > 0) await handle.writev(parts);
      parts = [];
      size = 0;
    };
    for (const [hash, entry] of lines) {
      if (isRaw(entry)) {
        text.push(`${hash}\t`);
        seal();
        parts.push(entry.bytes.subarray(entry.start, entry.end));
        text.push('\n');
        size += entry.end - entry.start;
      } else {
        const line = `${hash}\t${encode(entry)}\n`;
        text.push(line);
        size += line.length;
      }
      if (size >= WRITE_CHUNK) await flush();
    }
    await flush();
    await handle.close();
    await rename(temp, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

const header = () => JSON.stringify({ format: FORMAT, version: CACHE_VERSION });

/** Writes a file whole or not at all: readers see the old content or the new, never half. */
async function writeAtomically(file: string, content: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

interface CacheContents {
  shards: Map<string, Entry>[];
  seen: Map<string, string>;
  files: Map<string, FileStamp>;
  /** Shards that must be rewritten even if untouched (corrupt, or of another version). */
  stale: Set<number>;
}

const emptyContents = (): CacheContents => ({
  shards: Array.from({ length: SHARDS }, () => new Map<string, Entry>()),
  seen: new Map(),
  files: new Map(),
  stale: new Set(),
});

function buildCache(cacheDir: string, log: Logger, contents: CacheContents): ArticleCache {
  const { shards, seen, files } = contents;
  const dirty = new Set<number>(contents.stale);
  let seenDirty = false;
  let filesDirty = false;
  /** Facts found corrupt after their entry was handed out: logged, and the entry dropped so the next start reprocesses the file. */
  const evictBadFacts = (hash: string, relevance: number): ArticleFacts => {
    const shard = shardOf(hash);
    const file = path.join(cacheDir, shardFile(shard));
    log.warn({ file, hash }, `cache file ${file} holds corrupt facts for ${hash}; the file is processed again at the next start`);
    shards[shard].delete(hash);
    dirty.add(shard);
    return noFacts(relevance);
  };

  return {
    get(hash) {
      const shard = shardOf(hash);
      const entry = shards[shard].get(hash);
      if (!isRaw(entry)) return entry;
      const value = decode(entry, (relevance) => evictBadFacts(hash, relevance));
      if (value) {
        shards[shard].set(hash, value);
        return value;
      }
      const file = path.join(cacheDir, shardFile(shard));
      log.warn({ file, hash }, `cache file ${file} holds a corrupt entry for ${hash}; it will be processed again`);
      shards[shard].delete(hash);
      dirty.add(shard);
      return undefined;
    },
    put(hash, value) {
      const shard = shardOf(hash);
      shards[shard].set(hash, { article: value.article, facts: value.facts, relevance: value.facts.relevance });
      dirty.add(shard);
    },
    firstSeen(id, now) {
      const known = seen.get(id);
      if (known) return known;
      const iso = now.toISOString();
      seen.set(id, iso);
      seenDirty = true;
      return iso;
    },
    fileStamp: (file) => files.get(file),
    recordFile(file, stamp) {
      const known = files.get(file);
      if (known && known.size === stamp.size && known.mtimeMs === stamp.mtimeMs && known.hash === stamp.hash) return;
      files.set(file, stamp);
      filesDirty = true;
    },
    retain(liveHashes) {
      for (const [file, stamp] of files) {
        if (liveHashes.has(stamp.hash)) continue;
        files.delete(file);
        filesDirty = true;
      }
      shards.forEach((entries, shard) => {
        for (const hash of entries.keys()) {
          if (liveHashes.has(hash)) continue;
          entries.delete(hash);
          dirty.add(shard);
        }
      });
    },
    async save() {
      if (dirty.size === 0 && !seenDirty && !filesDirty) return;
      try {
        await mkdir(cacheDir, { recursive: true });
        for (const shard of [...dirty]) {
          const file = path.join(cacheDir, shardFile(shard));
          const entries = shards[shard];
          if (entries.size === 0) {
            await rm(file, { force: true });
          } else {
            await writeShard(file, entries);
          }
          dirty.delete(shard);
        }
        if (seenDirty) {
          const body = JSON.stringify({ format: FORMAT, version: SEEN_VERSION, seen: Object.fromEntries(seen) });
          await writeAtomically(path.join(cacheDir, SEEN_FILE), body);
          seenDirty = false;
        }
        if (filesDirty) {
          const stamps = Object.fromEntries([...files].map(([f, st]) => [f, [st.size, st.mtimeMs, st.hash]]));
          await writeAtomically(path.join(cacheDir, FILES_FILE), JSON.stringify({ format: FORMAT, version: SEEN_VERSION, files: stamps }));
          filesDirty = false;
        }
      } catch (err) {
        log.warn({ err, dir: cacheDir }, `could not save the article cache in ${cacheDir}; will retry at the next save`);
      }
    },
  };
}

/** An empty cache that will save into cacheDir (existing files there are replaced as needed). */
export function createArticleCache(cacheDir: string, log: Logger): ArticleCache {
  return buildCache(cacheDir, log, emptyContents());
}

/** File bytes, or null when it does not exist; other read errors are thrown. */
async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Whether a parsed header is ours and current; a version change is news, not a problem. */
function checkHeader(parsed: unknown, version: number, file: string, log: Logger): boolean {
  const h = parsed as { format?: unknown; version?: unknown } | null;
  if (h?.format !== FORMAT) throw new Error('not an article cache file');
  if (h.version === version) return true;
  log.info({ file, version: h.version }, `cache file ${file} is from format version ${String(h.version)}; rebuilding it`);
  return false;
}

/** Lines of one shard into raw entries; throws on anything malformed. */
function parseShard(bytes: Buffer, file: string, log: Logger, into: Map<string, Entry>): boolean {
  const headerEnd = bytes.indexOf(0x0a);
  const first = bytes.toString('utf8', 0, headerEnd < 0 ? bytes.length : headerEnd);
  if (!checkHeader(JSON.parse(first), CACHE_VERSION, file, log)) return false;
  for (let start = headerEnd + 1, line = 2; headerEnd >= 0 && start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const tab = bytes.indexOf(0x09, start);
    if (tab <= start || tab >= end) throw new Error(`line ${line} is not "<hash>\\t<relevance>\\t<article>\\t<facts>"`);
    into.set(bytes.toString('latin1', start, tab), { bytes, start: tab + 1, end });
    start = end + 1;
  }
  return true;
}

/**
 * Reads the cache in cacheDir. A missing folder or file is an empty cache; an unreadable or
 * corrupt file is a warning naming it, and that part starts empty.
 */
export async function loadArticleCache(cacheDir: string, log: Logger): Promise<ArticleCache> {
  const contents = emptyContents();
  const tryRead = async (name: string, parse: (bytes: Buffer, file: string) => boolean, onBad: () => void) => {
    const file = path.join(cacheDir, name);
    try {
      const bytes = await readIfPresent(file);
      if (bytes !== null && !parse(bytes, file)) onBad();
    } catch (err) {
      log.warn({ err, file }, `cache file ${file} is unreadable or corrupt (${(err as Error).message}); starting it empty`);
      onBad();
    }
  };
  await Promise.all(
    contents.shards.map((entries, shard) =>
      tryRead(
        shardFile(shard),
        (bytes, file) => parseShard(bytes, file, log, entries),
        () => {
          entries.clear();
          contents.stale.add(shard);
        },
      ),
    ),
  );
  await tryRead(
    SEEN_FILE,
    (bytes, file) => {
      const parsed = JSON.parse(bytes.toString('utf8')) as { seen?: unknown };
      if (!checkHeader(parsed, SEEN_VERSION, file, log)) return false;
      if (typeof parsed.seen !== 'object' || parsed.seen === null) throw new Error('no "seen" map');
      for (const [id, iso] of Object.entries(parsed.seen)) if (typeof iso === 'string') contents.seen.set(id, iso);
      return true;
    },
    () => contents.seen.clear(),
  );
  await tryRead(
    FILES_FILE,
    (bytes, file) => {
      const parsed = JSON.parse(bytes.toString('utf8')) as { files?: unknown };
      if (!checkHeader(parsed, SEEN_VERSION, file, log)) return false;
      if (typeof parsed.files !== 'object' || parsed.files === null) throw new Error('no "files" map');
      for (const [f, v] of Object.entries(parsed.files)) {
        const [size, mtimeMs, hash] = Array.isArray(v) ? (v as unknown[]) : [];
        if (typeof size === 'number' && typeof mtimeMs === 'number' && typeof hash === 'string') contents.files.set(f, { size, mtimeMs, hash });
      }
      return true;
    },
    () => contents.files.clear(),
  );
  log.debug({ dir: cacheDir, entries: contents.shards.reduce((n, s) => n + s.size, 0) }, 'article cache loaded');
  return buildCache(cacheDir, log, contents);
}
