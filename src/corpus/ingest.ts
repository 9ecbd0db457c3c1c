/**
 * Ingest: reads new or changed files through load → clean → facts (unchanged ones come from the
 * article cache), assembles the cross-article parts, and saves the cache and the snapshot.
 */
import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { deriveBody, loadArticleCache, parseFactsByShard, type ArticleCache, type CachedArticle, type FileStamp } from './cache.js';
import { cleanArticle } from './clean.js';
import { composeCorpus, untimed, type AssembledParts, type Timed } from './compose.js';
import { groupStories, type DedupItem } from './dedup.js';
import { capHeapGrowthWhenLarge } from './heap-growth.js';
import { createFactsReader } from './facts.js';
import { groupKeyFigures } from './figures.js';
import { decodeArticle, readArticleFile, type FileRead } from './load.js';
import { mergeQuotes } from './quotes.js';
import { aggregateEntities } from './entities.js';
import { extractEvents, mergeTimeline } from './dates.js';
import { isOnTopic } from './relevance.js';
import { createSearchIndex, loadSearchIndex, searchIndexPieces } from './search.js';
import { loadSnapshot, saveSnapshot, stampsOf, type FileStampRow, type LoadedSnapshot, type SnapshotFiles } from './snapshot-file.js';
import { summarizeStory } from './summarize.js';
import type { BuildOptions, BuiltCorpus, Timer } from './pipeline.js';
import type { Article, ArticleFacts, CleanArticle, Corpus, Story } from './types.js';

/** One processed file plus when it first appeared in the corpus. */
export interface CorpusItem extends CachedArticle {
  firstSeen: string;
}

/**
 * The item of a cache entry, its facts still read through the entry: a spread would parse them,
 * and a start that reuses the saved parts never needs them. A class, so that the getter is one
 * function on the prototype rather than a closure (and a hidden class) per item.
 */
class EntryItem implements CorpusItem {
  readonly relevance: number;
  constructor(
    private readonly entry: CachedArticle,
    readonly article: CleanArticle,
    readonly firstSeen: string,
  ) {
    this.relevance = entry.relevance;
  }

  get facts() {
    return this.entry.facts;
  }
}
const itemOf = (entry: CachedArticle, article: CleanArticle, firstSeen: string): CorpusItem => new EntryItem(entry, article, firstSeen);

/** Files read together, and whose facts are extracted together (see extractFactsOf in facts.ts). */
const READ_BATCH = 256;

/** A file of a batch once cleaned: from the cache, new (facts to extract), or the same bytes as a new one. */
type Ready =
  | { id: string; entry: CachedArticle; article: CleanArticle }
  | { id: string; hash: string; cleaned: CleanArticle; at: number }
  | { id: string; copyOf: string; read: { id: string; file: string } };

/** The entry's article as this file: same bytes under another name reuse the work, not the identity. */
const articleOf = (entry: CachedArticle, read: { id: string; file: string }): CleanArticle =>
  entry.article.id !== read.id || entry.article.file !== read.file ? deriveBody({ ...entry.article, id: read.id, file: read.file }, entry.article) : entry.article;
/** A file's stamp is trusted only once its mtime is this old (see FileStamp). */
const SETTLED_MS = 2000;

/** Each outcome carries the file's stat as `[file, size, mtimeMs]`, when it could be taken. */
type Outcome = { seen: FileStampRow | null } & (
  | { recalled: { hash: string; entry: CachedArticle } }
  | { read: FileRead; stamp: FileStamp | null }
);

/** The file's stat, or null when it cannot be taken. */
function statOf(full: string): Stats | null {
  try {
    return statSync(full);
  } catch {
    return null; // Unreadable: the read says why.
  }
}

/**
 * An unchanged file (same size and mtime as when the cache last read it) comes back from the
 * cache on one stat; any other is read and hashed, with the stat taken before the read so that a
 * change during the read shows at the next start. A file the cache never read is not stat'ed
 * apart: its read takes the stat from the open descriptor (a cold ingest stat'ed every file twice).
 */
async function readOrRecall(dir: string, file: string, cache: ArticleCache | null, now: number): Promise<Outcome> {
  // A blocking stat, as the read itself: a thread-pool round trip costs more CPU than the call.
  const full = path.join(dir, file);
  const known = cache?.fileStamp(file);
  const info = known ? statOf(full) : null;
  if (info && known && info.size === known.size && info.mtimeMs === known.mtimeMs) {
    const entry = cache!.get(known.hash);
    if (entry && entry.article.file === file) return { seen: [file, info.size, info.mtimeMs], recalled: { hash: known.hash, entry } };
  }
  const read = await readArticleFile(dir, file);
  const stat = info ?? (read.ok ? read.stat : statOf(full));
  const seen: FileStampRow | null = stat && [file, stat.size, stat.mtimeMs];
  return { seen, read, stamp: seen && settled(seen, now) && read.ok ? { size: seen[1], mtimeMs: seen[2], hash: read.hash } : null };
}

/** Whether the file's mtime is old enough to vouch for its content (see FileStamp). */
const settled = ([, , mtimeMs]: FileStampRow, now: number): boolean => now - mtimeMs > SETTLED_MS;

/**
 * The article with its own copies of every string. Cleaning cuts titles, paragraphs and removed
 * lines out of the file's whole text, and V8 keeps a cut-out piece as a view that holds the whole
 * text alive: at 3k articles the raw texts were 21 of 77 MB of heap, every page's chrome kept.
 */
const detached = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What buildCorpus found before handing over: the folder's files, the code and saved snapshot keys. */
export interface IngestContext {
  files: string[];
  code: string;
  known: { key: string; files: SnapshotFiles } | null;
  /** The snapshot of `known`, when buildCorpus already loaded it. */
  loaded: LoadedSnapshot | null;
  t: Timer;
  warnSkipped: (skipped: Corpus['skipped']) => void;
}

/** Every file of the folder as an item (processed, or recalled from the cache) or a skip. */
interface Collected {
  items: CorpusItem[];
  skipped: Corpus['skipped'];
  /** Per file, its stat when settled. */
  rows: (FileStampRow | null)[];
  /** Every file's stat, as the build took it. */
  seen: FileStampRow[];
  processed: number;
  fromCache: number;
}

/**
 * Reads every file through the article cache and saves the cache. The cache is this function's
 * alone: once it returns, only the items hold the entries, and they can be let go of.
 */
async function collect(opts: BuildOptions, files: readonly string[], t: Timer): Promise<Collected> {
  const now = opts.now ?? (() => new Date());
  const cache: ArticleCache | null = opts.cacheDir ? await t.time('cache-load', () => loadArticleCache(opts.cacheDir!, opts.log)) : null;
  const items: CorpusItem[] = [];
  const skipped: Corpus['skipped'] = [];
  const live = new Set<string>();
  const rows: (FileStampRow | null)[] = [];
  const seen: FileStampRow[] = [];
  const firstSeen = (id: string) => (cache ? cache.firstSeen(id, now()) : now().toISOString());
  const readFacts = createFactsReader(opts.profile);
  let processed = 0;
  let fromCache = 0;

  for (let i = 0; i < files.length; i += READ_BATCH) {
    const t0 = performance.now();
    const readAt = Date.now();
    const outcomes = await Promise.all(files.slice(i, i + READ_BATCH).map((f) => readOrRecall(opts.dir, f, cache, readAt)));
    t.stages.read = (t.stages.read ?? 0) + performance.now() - t0;
    // Every file of the batch is cleaned first, then the facts of the new ones are extracted
    // together (see extractFactsOf); the items keep the files' order.
    const ready: Ready[] = [];
    const fresh: CleanArticle[] = [];
    const freshHashes = new Set<string>();
    for (const outcome of outcomes) {
      rows.push(outcome.seen && settled(outcome.seen, readAt) ? outcome.seen : null);
      if (outcome.seen) seen.push(outcome.seen);
      if ('recalled' in outcome) {
        const { hash, entry } = outcome.recalled;
        live.add(hash);
        fromCache++;
        ready.push({ id: entry.article.id, entry, article: entry.article });
        continue;
      }
      const { read, stamp } = outcome;
      if (!read.ok) {
        skipped.push({ file: read.file, reason: read.reason });
        continue;
      }
      live.add(read.hash);
      if (stamp) cache?.recordFile(read.file, stamp);
      const entry = cache?.get(read.hash);
      if (entry) {
        fromCache++;
        ready.push({ id: read.id, entry, article: articleOf(entry, read) });
        continue;
      }
      if (cache && freshHashes.has(read.hash)) {
        fromCache++;
        ready.push({ id: read.id, copyOf: read.hash, read });
        continue;
      }
      const decoded = t.time('decode', () => decodeArticle(read));
      if (!decoded.ok) {
        skipped.push({ file: decoded.file, reason: decoded.reason });
        continue;
      }
      const cleaned = t.time('clean', () => {
        // Without body: it is the paragraphs joined, which deriveBody makes a getter of.
        const { body: _body, ...kept } = cleanArticle(decoded.raw);
        return deriveBody(detached(kept) as CleanArticle);
      });
      if (cleaned.paragraphs.length === 0) {
        skipped.push({ file: read.file, reason: 'has no article text left after removing page chrome' });
        continue;
      }
      freshHashes.add(read.hash);
      ready.push({ id: read.id, hash: read.hash, cleaned, at: fresh.push(cleaned) - 1 });
    }
    const facts = fresh.length ? t.time('facts', () => readFacts(fresh)) : [];
    const made = new Map<string, CachedArticle>();
    for (const r of ready) {
      if ('cleaned' in r) {
        const f = facts[r.at];
        const entry = { article: r.cleaned, facts: f, relevance: f.relevance };
        made.set(r.hash, entry);
        cache?.put(r.hash, entry);
        processed++;
        items.push(itemOf(entry, r.cleaned, firstSeen(r.id)));
      } else if ('copyOf' in r) {
        const entry = made.get(r.copyOf)!;
        items.push(itemOf(entry, articleOf(entry, r.read), firstSeen(r.id)));
      } else {
        items.push(itemOf(r.entry, r.article, firstSeen(r.id)));
      }
    }
  }
  // Saved before assembly, whose structures would otherwise share the heap with its writing.
  if (cache) {
    cache.retain(live);
    await t.time('cache-save', () => cache.save());
  }
  return { items, skipped, rows, seen, processed, fromCache };
}

/** The snapshot of the corpus folder, through the article cache when opts.cacheDir is set. */
export async function ingest(opts: BuildOptions, { files, code, known, loaded, t, warnSkipped }: IngestContext): Promise<BuiltCorpus> {
  const now = opts.now ?? (() => new Date());
  const { items, skipped, rows, seen, processed, fromCache } = await collect(opts, files, t);
  // Assembly is where memory peaks (see heap-growth.ts).
  capHeapGrowthWhenLarge();
  warnSkipped(skipped);
  const key = opts.cacheDir ? await t.time('snapshot-key', () => snapshotKey(items)) : null;
  const saved = known && known.key === key ? (loaded ?? (await t.time('snapshot-load', () => loadSnapshot(opts.cacheDir!, code, key, opts.log)))) : null;
  const reuse = saved ? { parts: saved.parts, index: saved.index } : undefined;
  if (!reuse) t.time('cache-facts', () => parseFactsByShard(items));
  const corpus = assembleCorpus(items, skipped, now(), t.time, reuse);
  const stamps = rows.every((r) => r !== null) ? stampsOf(rows as FileStampRow[]) : null;
  if (opts.cacheDir && key && (!saved || JSON.stringify(saved.files.stamps) !== JSON.stringify(stamps))) {
    const parts: AssembledParts = {
      stories: corpus.stories,
      duplicateOf: Object.fromEntries(corpus.articles.filter((a) => a.duplicateOf).map((a) => [a.id, a.duplicateOf!])),
      keyFigures: corpus.keyFigures,
      quotes: corpus.quotes,
      timeline: corpus.timeline,
      entities: corpus.entities,
    };
    const snapshotFiles: SnapshotFiles = { stamps, skipped };
    await t.time('snapshot-save', () =>
      saveSnapshot(opts.cacheDir!, { code, key, files: snapshotFiles, articles: corpus.articles, parts, index: searchIndexPieces(corpus.index) }, opts.log),
    );
  }
  return { corpus, stats: { files: files.length, processed, fromCache, skipped: skipped.length, stages: t.stages }, seen };
}

/** Which items (ids, contents, first-seen times) a snapshot was assembled from. */
function snapshotKey(items: readonly CorpusItem[]): string {
  const h = createHash('sha256');
  for (const { article, firstSeen } of sortById(items)) h.update(`${article.id}\u0000${article.hash}\u0000${firstSeen}\n`);
  return h.digest('hex');
}

const byPublishedThenId = (a: { published: string | null; id: string }, b: { published: string | null; id: string }) =>
  (a.published ?? '9999').localeCompare(b.published ?? '9999') || a.id.localeCompare(b.id);

/** What is already known of an assembled snapshot: both, or neither, are recomputed. */
export interface Reuse {
  parts: AssembledParts;
  /** searchIndexPieces' bytes, read back whole; checked against the articles, rebuilt when stale. */
  index: Uint8Array;
}

const sortById = (items: readonly CorpusItem[]) => [...items].sort((a, b) => (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0));

/** An item as dedup reads it: the article's own fields, no copies. */
class DedupInput implements DedupItem {
  constructor(private readonly item: CorpusItem) {}
  get id() {
    return this.item.article.id;
  }
  get paragraphs() {
    return this.item.article.paragraphs;
  }
  get published() {
    return this.item.article.published;
  }
  get signature() {
    return this.item.facts.signature;
  }
}

/** Duplicates and stories, then each story's summary and dates. */
function assembleStories(sorted: readonly CorpusItem[], time: Timed): Pick<AssembledParts, 'stories' | 'duplicateOf'> {
  const grouping = time('dedup', () =>
    groupStories(sorted.map((item) => new DedupInput(item))),
  );
  const byId = new Map(sorted.map((item) => [item.article.id, item]));
  const stories: Story[] = time('summaries', () =>
    grouping.stories.map((g) => {
      const members = g.articleIds.map((id) => byId.get(id)!);
      const { headline, summary } = summarizeStory(members.map(({ article, facts }) => ({ article, facts })));
      const dated = members.map((m) => m.article).filter((a) => a.published).sort(byPublishedThenId);
      return {
        id: g.id,
        articleIds: members.map((m) => m.article.id),
        why: g.why,
        headline,
        summary,
        published: dated[0]?.published ?? null,
        lastSeen: members.reduce((m, a) => (a.firstSeen > m ? a.firstSeen : m), ''),
        onTopic: members.some((m) => isOnTopic(m.relevance)),
      };
    }),
  );
  stories.sort((a, b) => b.articleIds.length - a.articleIds.length || b.lastSeen.localeCompare(a.lastSeen) || a.id.localeCompare(b.id));
  return { stories, duplicateOf: Object.fromEntries(grouping.duplicateOf) };
}

/** What the merge stages read of an on-topic item: its id and the facts they merge, not its sentences or signature. */
interface OnTopicFacts extends Pick<ArticleFacts, 'figures' | 'quotes' | 'events' | 'entities' | 'unanchored'> {
  id: string;
}

const onTopicFactsOf = (sorted: readonly CorpusItem[]): OnTopicFacts[] =>
  sorted
    .filter((item) => isOnTopic(item.relevance))
    .map(({ article, facts: { figures, quotes, events, entities, unanchored } }) => ({ id: article.id, figures, quotes, events, entities, unanchored }));

/** Key figures, quotes, timeline and entities of the on-topic items. */
function mergeFacts(onTopic: readonly OnTopicFacts[], storyOfId: ReadonlyMap<string, Story>, time: Timed): Omit<AssembledParts, 'stories' | 'duplicateOf'> {
  const keyFigures = time('key-figures', () => groupKeyFigures(onTopic.flatMap((f) => f.figures)));
  const quotes = time('quotes', () => mergeQuotes(onTopic.flatMap((f) => f.quotes)));
  const timeline = time('timeline', () =>
    mergeTimeline(
      onTopic.flatMap((f) => {
        // An undated copy's "on Tuesday" is read against its story's earliest known date.
        const anchor = f.unanchored && storyOfId.get(f.id)?.published;
        return anchor ? [...f.events, ...extractEvents(f.unanchored!, f.id, anchor)] : f.events;
      }),
    ),
  );
  const entities = time('entities', () => aggregateEntities(onTopic.flatMap((f) => f.entities), (id) => storyOfId.get(id)?.id ?? `s-${id}`));
  return { keyFigures, quotes, timeline, entities };
}

/**
 * The cross-article stages over already processed items: duplicates and stories, summaries,
 * key figures, quotes, timeline, entities and the search index. Same items, same snapshot.
 * With `reuse` (the parts and index of the same items, from the cache) only the articles are
 * put together. Empties `items` as soon as the articles are made and the merge stages' facts
 * picked out: the caller's array would otherwise hold every item's facts (sentences, MinHash
 * signatures: ~0.5 GB at 100k) through the merges and the index, when memory peaks.
 */
export function assembleCorpus(
  items: CorpusItem[],
  skipped: Corpus['skipped'],
  builtAt: Date,
  time: Timed = untimed,
  reuse?: Reuse,
): Corpus {
  const sorted = sortById(items);
  const grouped = reuse?.parts ?? assembleStories(sorted, time);
  const storyOfId = new Map<string, Story>();
  for (const s of grouped.stories) for (const id of s.articleIds) storyOfId.set(id, s);
  const articles: Article[] = sorted.map(({ article, relevance, firstSeen }) =>
    deriveBody(
      {
        ...article,
        storyId: storyOfId.get(article.id)?.id ?? `s-${article.id}`,
        duplicateOf: grouped.duplicateOf[article.id] ?? null,
        firstSeen,
        relevance,
        onTopic: isOnTopic(relevance),
      },
      article,
    ),
  );
  const onTopic = reuse ? [] : onTopicFactsOf(sorted);
  items.length = 0;
  sorted.length = 0;
  const parts = reuse?.parts ?? { ...grouped, ...mergeFacts(onTopic, storyOfId, time) };
  onTopic.length = 0;
  const index = time('index', () => (reuse ? loadSearchIndex(reuse.index, articles) : createSearchIndex(articles)));
  return composeCorpus(articles, parts, index, skipped, builtAt);
}
