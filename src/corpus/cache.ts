/**
 * The on-disk cache of processed articles, keyed by the sha256 of the file's bytes: an unchanged
 * file is never processed twice, and a new or changed file alone is.
 *
 * Layout in `cacheDir` (100k articles ≈ 1 GB of JSON, so never one file per article, and never
 * one string of it all: V8 strings stop at 512 MB):
 * - `articles-0.ndjson` … `articles-f.ndjson`: 16 shards by the hash's first hex digit. Line 1
 *   is a header `{"format":"rareearth-article-cache","version":N}`, read alone first so that a
 *   shard of another version is dropped unread; every other line is
 *   `<hash>\t<relevance>\t<article json>\t<facts json>` (JSON escapes tabs, so a tab byte
 *   only ever separates fields). The facts refer to the article's paragraphs and to their own
 *   strings rather than repeat them (see encodeFacts): ~4.5 KB an entry instead of ~9 KB.
 *   Only shards that changed are rewritten, each atomically (temp + rename).
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
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { StringPool } from './string-pool.js';
import type { ArticleFacts, CleanArticle, ProcessedArticle } from './types.js';

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
export const CACHE_VERSION = 4;
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

/** Where an entry (from its relevance field to its line end) lies in a shard's bytes. */
interface RawEntry {
  bytes: Buffer;
  start: number;
  end: number;
}
type Entry = CachedArticle | RawEntry;
const isRaw = (e: Entry | undefined): e is RawEntry => e !== undefined && 'bytes' in e;

/** Whether n is a whole number from 0 to max: a position read from a file is checked before use. */
const isIndex = (n: unknown, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;

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

/**
 * The article as stored: without `body` when that is its paragraphs joined, `hash` 0 when it is
 * the entry's key, and each removed line that repeats the title or an earlier removed line as
 * that line's number (0 the title, then the removed lines from 1). Copied key by key: a rest
 * spread would call the body getter, joining every article's text only to drop it.
 */
function storedArticle(article: CleanArticle, key: string): object {
  const derived = hasDerivedBody(article) || article.body === article.paragraphs.join('\n\n');
  const stored: Record<string, unknown> = {};
  for (const k of Object.keys(article) as (keyof CleanArticle)[]) if (k !== 'body' || !derived) stored[k] = article[k];
  if (stored.hash === key) stored.hash = 0;
  const lines = new Map([[article.title ?? '', 0]]);
  stored.removed = article.removed.map((line, i) => {
    const n = lines.get(line);
    if (n === undefined) lines.set(line, i + 1);
    return n ?? line;
  });
  return stored;
}

/** The article of storedArticle, in place; throws on a line number that is not an earlier line's. */
function restoreArticle(stored: Record<string, unknown>, key: string): void {
  if (stored.hash === 0) stored.hash = key;
  if (!Array.isArray(stored.removed)) return;
  const removed = stored.removed as unknown[];
  for (let i = 0; i < removed.length; i++) {
    const n = removed[i];
    if (typeof n !== 'number') continue;
    if (!isIndex(n, i)) throw new Error(`removed line ${i} repeats no earlier line`);
    removed[i] = n === 0 ? (stored.title ?? '') : removed[n - 1];
  }
}

const isArticle = (v: ProcessedArticle['article'] | null): v is ProcessedArticle['article'] =>
  typeof v === 'object' && v !== null && typeof v.id === 'string' && Array.isArray(v.paragraphs);
const isFacts = (v: ArticleFacts | null): v is ArticleFacts =>
  typeof v === 'object' && v !== null && Array.isArray(v.signature) && Array.isArray(v.sentences);

/*
 * Facts as stored. Most of an entry was its sentences written over and over: the sentences repeat
 * the paragraphs, and each figure, event and undated sentence repeats its sentence. Here a
 * sentence is where it lies in a paragraph; a string met before (a key, a sentence, the article
 * id, a name, an entity type) is its number in the order met; and a list of objects is its lists
 * of keys, then each object's values in a row. Decoding gives back facts equal to those put, each
 * repeated string one string in memory.
 */

/**
 * The keys of ArticleFacts and of the objects in it, numbered before anything else so that they
 * are never written out. A key missing here is written in full once per entry; changing this
 * list renumbers every string, so it takes a CACHE_VERSION bump.
 */
const KEY_NAMES = [
  ...['sentences', 'figures', 'quotes', 'events', 'entities', 'relevance', 'signature', 'unanchored'],
  ...['value', 'valueMax', 'unit', 'qualifier', 'entity', 'subject', 'wording', 'sentence', 'articleId'],
  ...['speaker', 'role', 'text', 'articleIds', 'date', 'until', 'expression', 'name', 'type', 'count'],
];

const KEY_NUMBERS = new Map(KEY_NAMES.map((k, i) => [k, i]));

/** The strings of an entry's facts by number, as the encoder meets them: the key names, the sentences, then each new one. */
class Interner {
  private readonly numbers = new Map<string, number>();
  private next = KEY_NAMES.length;
  constructor(sentences: readonly string[]) {
    // Backwards: a repeated sentence ends with its first number.
    for (let i = sentences.length - 1; i >= 0; i--) this.numbers.set(sentences[i], this.next + i);
    this.next += sentences.length;
  }

  /**
   * The number of a string met before; undefined the first time, when it gets the next number.
   * Key names are not looked for: a value that is one is numbered anew, once.
   */
  ref(text: string): number | undefined {
    const n = this.numbers.get(text);
    if (n === undefined) this.numbers.set(text, this.next++);
    return n;
  }

  /** Strings, each as its number when met before. */
  refs(texts: readonly string[]): (string | number)[] {
    return texts.map((s) => this.ref(s) ?? s);
  }

  /** Keys, each as its number among KEY_NAMES or met before. */
  keys(keys: readonly string[]): (string | number)[] {
    return keys.map((k) => KEY_NUMBERS.get(k) ?? this.ref(k) ?? k);
  }
}

/** The decoder's side of Interner: strings by number, each new one added as it is read (through the pool). */
class Texts {
  private readonly list: string[];
  constructor(
    sentences: readonly string[],
    private readonly pool: StringPool,
  ) {
    this.list = [...KEY_NAMES, ...sentences];
  }

  /** The string a stored value stands for: a number is one met before, a string is new to this entry. */
  read(stored: unknown): string {
    if (typeof stored === 'string') {
      const text = this.pool.get(stored);
      this.list.push(text);
      return text;
    }
    const text = typeof stored === 'number' ? this.list[stored] : undefined;
    if (text === undefined) throw new Error(`string ${String(stored)} is missing`);
    return text;
  }

  reads(stored: unknown): string[] {
    if (!Array.isArray(stored)) throw new Error('not a list of strings');
    return stored.map((v) => this.read(v));
  }
}

/** Each sentence as `paragraph, start, end` of the paragraph it was cut from; the sentence itself when none holds it. */
function encodeSentences(sentences: readonly string[], paragraphs: readonly string[]): (string | number)[] {
  const out: (string | number)[] = [];
  // Sentences come in paragraph order: the search goes on from where the last one ended.
  let p = 0;
  let from = 0;
  for (const s of sentences) {
    let q = p;
    let at = q < paragraphs.length ? paragraphs[q].indexOf(s, from) : -1;
    while (at < 0 && ++q < paragraphs.length) at = paragraphs[q].indexOf(s);
    if (at < 0) {
      out.push(s);
      continue;
    }
    out.push(q, at, at + s.length);
    p = q;
    from = at + s.length;
  }
  return out;
}

function decodeSentences(stored: unknown, paragraphs: readonly string[]): string[] {
  if (!Array.isArray(stored)) throw new Error('no sentences');
  const out: string[] = [];
  for (let i = 0; i < stored.length; ) {
    const head: unknown = stored[i];
    if (typeof head === 'string') {
      out.push(head);
      i++;
      continue;
    }
    const [start, end] = [stored[i + 1], stored[i + 2]] as unknown[];
    const paragraph = isIndex(head, paragraphs.length - 1) ? paragraphs[head] : undefined;
    if (paragraph === undefined || !isIndex(end, paragraph.length) || !isIndex(start, end)) throw new Error(`sentence ${out.length} is out of its paragraph`);
    out.push(paragraph.slice(start, end));
    i += 3;
  }
  return out;
}

/** Only an object's first this many values can be strings stored by number: a shape's mask of them is one 31-bit integer. */
const MASK_BITS = 30;

interface FieldCodec {
  encode(value: never, texts: Interner): unknown;
  decode(stored: unknown, texts: Texts): unknown;
}

type Item = Record<string, unknown>;
/** The keys of a kind of object, and which of its values are all strings (or null): those are stored by number when met before. */
interface Shape {
  keys: string[];
  textMask: number;
}

const isText = (v: unknown) => typeof v === 'string' || v === null;
/** Whether bit i of a mask is set; past MASK_BITS never (a shift by 32 or more would wrap round). */
const inMask = (mask: number, i: number) => i < MASK_BITS && (mask & (1 << i)) !== 0;

/** Whether the item's keys holding a value are `keys`, in order. A for-in loop: Object.keys would allocate per item. */
function hasKeys(item: Item, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in item) if (item[key] !== undefined && keys[i++] !== key) return false;
  return i === keys.length;
}

/** The number in `shapes` of the item's shape, added if new; keys holding undefined are left out, as JSON would. */
function shapeOf(item: Item, shapes: Shape[], last: number): number {
  let n = last < shapes.length && hasKeys(item, shapes[last].keys) ? last : shapes.findIndex((s) => hasKeys(item, s.keys));
  if (n < 0) {
    const keys = Object.keys(item).filter((k) => item[k] !== undefined);
    n = shapes.push({ keys, textMask: 2 ** Math.min(keys.length, MASK_BITS) - 1 }) - 1;
  }
  const shape = shapes[n];
  for (let i = 0; i < shape.keys.length; i++) if (inMask(shape.textMask, i) && !isText(item[shape.keys[i]])) shape.textMask &= ~(1 << i);
  return n;
}

/**
 * A list of objects as `[shapes, ...rows]`: a shape is `[...keys, textMask]`, and each object is
 * its shape's number and then its values, one per key. A value in a text column is null, a
 * string met before as its number, or a new string.
 */
const rowsCodec: FieldCodec = {
  encode(items: Item[], texts) {
    const shapes: Shape[] = [];
    const of: number[] = [];
    for (const item of items) of.push(shapeOf(item, shapes, of.length > 0 ? of[of.length - 1] : 0));
    const out: unknown[] = [shapes.map((s) => [...texts.keys(s.keys), s.textMask])];
    for (let n = 0; n < items.length; n++) {
      const { keys, textMask } = shapes[of[n]];
      out.push(of[n]);
      for (let i = 0; i < keys.length; i++) {
        const value = items[n][keys[i]];
        out.push(typeof value === 'string' && inMask(textMask, i) ? (texts.ref(value) ?? value) : value);
      }
    }
    return out;
  },
  decode(stored, texts) {
    if (!Array.isArray(stored) || !Array.isArray(stored[0])) throw new Error('not rows');
    const shapes = (stored[0] as unknown[]).map((s): Shape => {
      const parts = Array.isArray(s) ? (s as unknown[]) : [];
      const textMask = parts.at(-1);
      const keys = texts.reads(parts.slice(0, -1));
      if (typeof textMask !== 'number' || keys.includes('__proto__')) throw new Error('bad shape');
      return { keys, textMask };
    });
    const items: Item[] = [];
    for (let i = 1; i < stored.length; ) {
      const shape = stored[i++] as unknown;
      const { keys, textMask } = isIndex(shape, shapes.length - 1) ? shapes[shape] : { keys: null, textMask: 0 };
      if (!keys || i + keys.length > stored.length) throw new Error('bad row');
      const item: Item = {};
      for (let k = 0; k < keys.length; k++, i++) {
        const value: unknown = stored[i];
        item[keys[k]] = value !== null && inMask(textMask, k) ? texts.read(value) : value;
      }
      items.push(item);
    }
    return items;
  },
};

/** A list of strings, each met before as its number. */
const stringsCodec: FieldCodec = {
  encode: (items: string[], texts) => texts.refs(items),
  decode: (stored, texts) => texts.reads(stored),
};

const isUint32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/**
 * Non-negative whole numbers (the MinHash signature, 25 bits each) as `width:base64` of their
 * bits at the width of the largest, at least a byte (so that the padding never holds a value):
 * ~4.2 characters a number instead of ~8.4. Any other list is stored as it is.
 */
const bitsCodec: FieldCodec = {
  encode(values: number[]) {
    let max = 0;
    for (const v of values) {
      if (!isUint32(v)) return values;
      if (v > max) max = v;
    }
    const width = Math.max(8, 32 - Math.clz32(max));
    const bytes = Buffer.allocUnsafe(Math.ceil((values.length * width) / 8));
    // Bits not yet written are the low `bits` (< 8) of `acc`; at most 24 are added at a time, so it stays an int32.
    let acc = 0;
    let bits = 0;
    let at = 0;
    const put = (v: number, w: number) => {
      acc = (acc << w) | v;
      for (bits += w; bits >= 8; acc &= (1 << bits) - 1) bytes[at++] = acc >>> (bits -= 8);
    };
    for (const v of values) {
      if (width > 24) {
        put(Math.floor(v / 0x10000), width - 16);
        put(v & 0xffff, 16);
      } else put(v, width);
    }
    if (bits > 0) bytes[at] = acc << (8 - bits);
    return `${width}:${bytes.toString('base64')}`;
  },
  decode(stored) {
    if (typeof stored !== 'string') return stored;
    const colon = stored.indexOf(':');
    const width = Number(stored.slice(0, colon));
    if (!isIndex(width, 32) || width < 8) throw new Error('bad bit width');
    const bytes = Buffer.from(stored.slice(colon + 1), 'base64');
    let acc = 0;
    let bits = 0;
    let at = 0;
    const take = (w: number) => {
      for (; bits < w; bits += 8) acc = (acc << 8) | bytes[at++];
      const v = acc >>> (bits -= w);
      acc &= (1 << bits) - 1;
      return v;
    };
    const values: number[] = [];
    for (let n = Math.floor((bytes.length * 8) / width); n > 0; n--) values.push(width > 24 ? take(width - 16) * 0x10000 + take(16) : take(width));
    return values;
  },
};

/** Fields of ArticleFacts stored otherwise than as JSON; any other (relevance, a future one) is JSON as it is. */
const FIELD_CODECS = new Map<string, FieldCodec>([
  ['figures', rowsCodec],
  ['quotes', rowsCodec],
  ['events', rowsCodec],
  ['entities', rowsCodec],
  ['unanchored', stringsCodec],
  ['signature', bitsCodec],
]);

const encodeField = (key: string, value: unknown, texts: Interner) => {
  const codec = FIELD_CODECS.get(key);
  return codec ? codec.encode(value as never, texts) : value;
};
const decodeField = (key: string, stored: unknown, texts: Texts) => {
  const codec = FIELD_CODECS.get(key);
  return codec ? codec.decode(stored, texts) : stored;
};

/**
 * The facts' JSON as stored: `[sentences, keys, ...values]`, a value per key but `sentences`.
 * The sentences come first: every string after may be one of them.
 */
function encodeFacts(facts: ArticleFacts, paragraphs: readonly string[]): string {
  const texts = new Interner(facts.sentences);
  const keys = Object.keys(facts).filter((k) => facts[k as keyof ArticleFacts] !== undefined);
  const stored: unknown[] = [encodeSentences(facts.sentences, paragraphs), texts.keys(keys)];
  for (const key of keys) if (key !== 'sentences') stored.push(encodeField(key, facts[key as keyof ArticleFacts], texts));
  return JSON.stringify(stored);
}

/** The facts of encodeFacts, their keys in the order put; throws on anything it did not write. */
function decodeFacts(stored: unknown, paragraphs: readonly string[], pool: StringPool): ArticleFacts {
  if (!Array.isArray(stored)) throw new Error('not facts');
  const sentences = decodeSentences(stored[0], paragraphs);
  const texts = new Texts(sentences, pool);
  const keys = texts.reads(stored[1]);
  if (keys.includes('__proto__') || stored.length !== keys.length + (keys.includes('sentences') ? 1 : 2)) throw new Error('not facts');
  const facts: Record<string, unknown> = {};
  let at = 2;
  for (const key of keys) facts[key] = key === 'sentences' ? sentences : decodeField(key, stored[at++], texts);
  if (!isFacts(facts as unknown as ArticleFacts)) throw new Error('not facts');
  return facts as unknown as ArticleFacts;
}

/** An entry's line after its hash: `<relevance>\t<article json>\t<facts json>\n`, in pieces. */
function encode(key: string, value: ProcessedArticle): string[] {
  const { article, facts } = value;
  return [`${facts.relevance}\t`, JSON.stringify(storedArticle(article, key)), '\t', encodeFacts(facts, article.paragraphs), '\n'];
}

function parseJson(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end));
  } catch {
    return null;
  }
}

const POOLED_FIELDS = ['id', 'title', 'publisher', 'author', 'published', 'url'] as const;

/** The article's texts through the pool, in place; not its file and hash, which no other article shares. */
function poolArticle(article: CleanArticle, pool: StringPool): void {
  for (const key of POOLED_FIELDS) {
    const value = article[key];
    if (typeof value === 'string') article[key] = pool.get(value);
  }
  for (const lines of [article.paragraphs, article.removed]) {
    if (Array.isArray(lines)) for (let i = 0; i < lines.length; i++) if (typeof lines[i] === 'string') lines[i] = pool.get(lines[i]);
  }
  if (Array.isArray(article.subheadings)) for (const h of article.subheadings) if (typeof h?.text === 'string') h.text = pool.get(h.text);
}

/**
 * The entry with its facts left to parse on first read, or null when its relevance or article
 * is not what was written. Facts found corrupt only then are `onBadFacts`'s to answer.
 */
function decode(raw: RawEntry, key: string, onBadFacts: (relevance: number) => ArticleFacts, pool: StringPool): CachedArticle | null {
  const { bytes, start, end } = raw;
  const tab1 = bytes.indexOf(0x09, start);
  const tab2 = tab1 < 0 || tab1 >= end ? -1 : bytes.indexOf(0x09, tab1 + 1);
  if (tab2 < 0 || tab2 >= end) return null;
  const relevance = Number(bytes.toString('latin1', start, tab1));
  const parsed = parseJson(bytes, tab1 + 1, tab2) as ProcessedArticle['article'] | null;
  try {
    if (parsed !== null && typeof parsed === 'object') restoreArticle(parsed as unknown as Record<string, unknown>, key);
  } catch {
    return null;
  }
  if (!Number.isFinite(relevance) || !isArticle(parsed)) return null;
  poolArticle(parsed, pool);
  return new DecodedEntry(deriveBody(parsed), relevance, raw, tab2 + 1, onBadFacts, pool);
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
    private readonly factsStart: number,
    private readonly onBadFacts: (relevance: number) => ArticleFacts,
    private readonly pool: StringPool,
  ) {}

  get facts(): ArticleFacts {
    if (this.parsed) return this.parsed;
    const { bytes, end } = this.raw!;
    try {
      this.parsed = decodeFacts(parseJson(bytes, this.factsStart, end), this.article.paragraphs, this.pool);
    } catch {
      this.parsed = this.onBadFacts(this.relevance);
    }
    this.raw = null;
    return this.parsed;
  }

  /** The entry's bytes as read, while its facts are unparsed: a save copies them rather than encoding it again. */
  unparsed(): RawEntry | null {
    return this.raw;
  }
}

/**
 * Parses the facts of every entry, a shard at a time. A shard's bytes are let go once its last
 * entry is parsed: read in another order (by article id, as dedup does) every shard was held
 * until the last signature was read, ~450 MB at 100k on top of the parsed facts. Entries made in
 * this run hold their facts already.
 */
export function parseFactsByShard(entries: readonly CachedArticle[]): void {
  const byShard: CachedArticle[][] = Array.from({ length: SHARDS }, () => []);
  for (const entry of entries) byShard[shardOf(entry.article.hash)].push(entry);
  for (const shard of byShard) for (const entry of shard) void entry.facts;
}

/** Stands in for facts found corrupt after the entry was handed out: nothing read, relevance kept. */
const noFacts = (relevance: number): ArticleFacts => ({ sentences: [], figures: [], quotes: [], events: [], entities: [], relevance, signature: [] });

/** A shard is written about this many bytes at a time (one buffer of a whole shard, 70 MB at 100k, made saving slow). */
const WRITE_CHUNK = 1 << 20;
/** UTF-8 bytes per UTF-16 code unit, at most (a surrogate pair: 4 bytes for 2 units). */
const UTF8_MAX = 3;

/**
 * Gathers a file's bytes for one `writev`: strings are encoded straight into a chunk buffer,
 * buffers are passed on as they are. Joining an entry's strings first, and encoding the joined
 * (often two-byte) string, copied every byte twice more. The chunk is the caller's, to reuse
 * from one file to the next: memory touched for the first time costs a page fault per 4 KB.
 */
class ChunkWriter {
  private used = 0;
  private sealed = 0;
  private parts: Buffer[] = [];
  private size = 0;
  constructor(
    private readonly handle: FileHandle,
    private chunk: Buffer,
  ) {}

  get pending(): number {
    return this.size + this.used - this.sealed;
  }

  text(s: string): void {
    const room = s.length * UTF8_MAX;
    if (this.chunk.length - this.used < room) {
      this.seal();
      this.chunk = Buffer.allocUnsafe(Math.max(WRITE_CHUNK, room));
      this.used = this.sealed = 0;
    }
    this.used += this.chunk.write(s, this.used);
  }

  bytes(b: Buffer): void {
    this.seal();
    this.parts.push(b);
    this.size += b.length;
  }

  /** Writes what is gathered; the chunk is then free to fill again. */
  async flush(): Promise<void> {
    this.seal();
    if (this.parts.length > 0) await this.handle.writev(this.parts);
    this.parts = [];
    this.size = 0;
    this.used = this.sealed = 0;
  }

  private seal(): void {
    if (this.used === this.sealed) return;
    this.parts.push(this.chunk.subarray(this.sealed, this.used));
    this.size += this.used - this.sealed;
    this.sealed = this.used;
  }
}

/** The bytes an entry was read from, when it is to be written unchanged. */
const rawOf = (entry: Entry): RawEntry | null => (isRaw(entry) ? entry : entry instanceof DecodedEntry ? entry.unparsed() : null);

/** Writes the header and lines of one shard through a temp file, about WRITE_CHUNK bytes per write. */
async function writeShard(file: string, lines: Iterable<[hash: string, entry: Entry]>, chunk: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    const out = new ChunkWriter(handle, chunk);
    out.text(`${header()}\n`);
    for (const [hash, entry] of lines) {
      out.text(`${hash}\t`);
      const raw = rawOf(entry);
      if (raw) {
        out.bytes(raw.bytes.subarray(raw.start, raw.end));
        out.text('\n');
      } else {
        for (const piece of encode(hash, entry as CachedArticle)) out.text(piece);
      }
      if (out.pending >= WRITE_CHUNK) await out.flush();
    }
    await out.flush();
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
  /** The texts of every entry decoded from this cache and of its first-seen times. */
  pool: StringPool;
}

const emptyContents = (): CacheContents => ({
  shards: Array.from({ length: SHARDS }, () => new Map<string, Entry>()),
  seen: new Map(),
  files: new Map(),
  stale: new Set(),
  pool: new StringPool(),
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
      const value = decode(entry, hash, (relevance) => evictBadFacts(hash, relevance), contents.pool);
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
        const chunk = Buffer.allocUnsafe(WRITE_CHUNK);
        for (const shard of [...dirty]) {
          const file = path.join(cacheDir, shardFile(shard));
          const entries = shards[shard];
          if (entries.size === 0) {
            await rm(file, { force: true });
          } else {
            await writeShard(file, entries, chunk);
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

/** A header line longer than this is not ours. */
const HEADER_MAX = 256;

/** The shard's file, open, or null when there is none. */
async function openIfPresent(file: string): Promise<FileHandle | null> {
  try {
    return await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * A shard's lines into raw entries; false when the shard is of another version, which is known
 * from its header alone: reading a whole old cache to drop it took ~11 s at 100k articles.
 * Throws on anything malformed.
 */
async function loadShard(file: string, log: Logger, into: Map<string, Entry>): Promise<boolean> {
  const handle = await openIfPresent(file);
  if (!handle) return true;
  try {
    const head = Buffer.allocUnsafe(HEADER_MAX);
    const { bytesRead } = await handle.read(head, 0, HEADER_MAX, 0);
    const headerEnd = head.subarray(0, bytesRead).indexOf(0x0a);
    if (headerEnd < 0) throw new Error('no header line');
    if (!checkHeader(JSON.parse(head.toString('utf8', 0, headerEnd)), CACHE_VERSION, file, log)) return false;
    // The header was read at a given position, so the file's own position is still its start.
    parseLines(await handle.readFile(), headerEnd + 1, into);
    return true;
  } finally {
    await handle.close();
  }
}

/** The lines from `start` on into raw entries; throws on a line that is not one. */
function parseLines(bytes: Buffer, from: number, into: Map<string, Entry>): void {
  for (let start = from, line = 2; start < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const tab = bytes.indexOf(0x09, start);
    if (tab <= start || tab >= end) throw new Error(`line ${line} is not "<hash>\\t<relevance>\\t<article>\\t<facts>"`);
    into.set(bytes.toString('latin1', start, tab), { bytes, start: tab + 1, end });
    start = end + 1;
  }
}

/**
 * Reads the cache in cacheDir. A missing folder or file is an empty cache; an unreadable or
 * corrupt file is a warning naming it, and that part starts empty.
 */
export async function loadArticleCache(cacheDir: string, log: Logger): Promise<ArticleCache> {
  const contents = emptyContents();
  /** Runs a file's load, which answers false for a file to start empty without a warning. */
  const guarded = async (file: string, load: () => Promise<boolean>, onBad: () => void) => {
    try {
      if (!(await load())) onBad();
    } catch (err) {
      log.warn({ err, file }, `cache file ${file} is unreadable or corrupt (${(err as Error).message}); starting it empty`);
      onBad();
    }
  };
  const tryRead = (name: string, parse: (bytes: Buffer, file: string) => boolean, onBad: () => void) => {
    const file = path.join(cacheDir, name);
    return guarded(
      file,
      async () => {
        const bytes = await readIfPresent(file);
        return bytes === null || parse(bytes, file);
      },
      onBad,
    );
  };
  await Promise.all(
    contents.shards.map((entries, shard) => {
      const file = path.join(cacheDir, shardFile(shard));
      return guarded(
        file,
        () => loadShard(file, log, entries),
        () => {
          entries.clear();
          contents.stale.add(shard);
        },
      );
    }),
  );
  await tryRead(
    SEEN_FILE,
    (bytes, file) => {
      const parsed = JSON.parse(bytes.toString('utf8')) as { seen?: unknown };
      if (!checkHeader(parsed, SEEN_VERSION, file, log)) return false;
      if (typeof parsed.seen !== 'object' || parsed.seen === null) throw new Error('no "seen" map');
      for (const [id, iso] of Object.entries(parsed.seen)) if (typeof iso === 'string') contents.seen.set(id, contents.pool.get(iso));
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
