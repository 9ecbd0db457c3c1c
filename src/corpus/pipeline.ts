import { performance } from 'node:perf_hooks';
import type { Logger } from '../log.js';
import { loadArticleCache, type ArticleCache } from './cache.js';
import { cleanArticle } from './clean.js';
import { groupStories } from './dedup.js';
import { extractFacts } from './facts.js';
import { groupKeyFigures } from './figures.js';
import { decodeArticle, listArticleFiles, readArticleFile } from './load.js';
import { mergeQuotes } from './quotes.js';
import { aggregateEntities } from './entities.js';
import { extractEvents, mergeTimeline } from './dates.js';
import { isOnTopic, type TopicProfile } from './relevance.js';
import { createSearchIndex } from './search.js';
import { summarizeStory } from './summarize.js';
import type { Article, ArticleFacts, CleanArticle, Corpus, ProcessedArticle, Story } from './types.js';

/** One processed file plus when it first appeared in the corpus. */
export interface CorpusItem extends ProcessedArticle {
  firstSeen: string;
}

export interface BuildOptions {
  dir: string;
  /** null: no on-disk cache (every file processed). */
  cacheDir: string | null;
  profile: TopicProfile;
  log: Logger;
  now?: () => Date;
}

export interface BuildStats {
  files: number;
  processed: number;
  fromCache: number;
  skipped: number;
  /** Milliseconds per stage. */
  stages: Record<string, number>;
}

const READ_BATCH = 64;

function timer() {
  const stages: Record<string, number> = {};
  return {
    stages,
    time<T>(name: string, fn: () => T): T {
      const t0 = performance.now();
      try {
        return fn();
      } finally {
        stages[name] = (stages[name] ?? 0) + performance.now() - t0;
      }
    },
  };
}

/**
 * Reads the corpus folder and builds a snapshot. Unchanged files (same content hash) come from
 * the cache; new or changed files alone go through load → clean → facts. Bad files are skipped
 * with one warning each, never fatal.
 */
export async function buildCorpus(opts: BuildOptions): Promise<{ corpus: Corpus; stats: BuildStats }> {
  const now = opts.now ?? (() => new Date());
  const t = timer();
  const cache: ArticleCache | null = opts.cacheDir ? await loadArticleCache(opts.cacheDir, opts.log) : null;
  let files: string[];
  try {
    files = await listArticleFiles(opts.dir);
  } catch (err) {
    opts.log.error({ err, dir: opts.dir }, 'cannot list the corpus folder');
    files = [];
  }
  const items: CorpusItem[] = [];
  const skipped: Corpus['skipped'] = [];
  const live = new Set<string>();
  let processed = 0;
  let fromCache = 0;

  for (let i = 0; i < files.length; i += READ_BATCH) {
    const t0 = performance.now();
    const reads = await Promise.all(files.slice(i, i + READ_BATCH).map((f) => readArticleFile(opts.dir, f)));
    t.stages.read = (t.stages.read ?? 0) + performance.now() - t0;
    for (const read of reads) {
      if (!read.ok) {
        skipped.push({ file: read.file, reason: read.reason });
        continue;
      }
      live.add(read.hash);
      let entry = cache?.get(read.hash);
      if (entry && (entry.article.id !== read.id || entry.article.file !== read.file)) {
        // Same bytes under another name: reuse the work, not the identity.
        entry = { article: { ...entry.article, id: read.id, file: read.file }, facts: entry.facts };
      }
      if (entry) {
        fromCache++;
      } else {
        const decoded = t.time('decode', () => decodeArticle(read));
        if (!decoded.ok) {
          skipped.push({ file: decoded.file, reason: decoded.reason });
          continue;
        }
        const article = t.time('clean', () => cleanArticle(decoded.raw));
        if (article.paragraphs.length === 0) {
          skipped.push({ file: read.file, reason: 'has no article text left after removing page chrome' });
          continue;
        }
        const facts = t.time('facts', () => extractFacts(article, opts.profile));
        entry = { article, facts };
        cache?.put(read.hash, entry);
        processed++;
      }
      items.push({ ...entry, firstSeen: cache ? cache.firstSeen(read.id, now()) : now().toISOString() });
    }
  }
  for (const s of skipped) opts.log.warn({ file: s.file }, `skipped ${s.file}: ${s.reason}`);

  const corpus = assembleCorpus(items, skipped, now(), t.time);
  if (cache) {
    cache.retain(live);
    await t.time('cache-save', () => cache.save());
  }
  return { corpus, stats: { files: files.length, processed, fromCache, skipped: skipped.length, stages: t.stages } };
}

type Timed = <T>(name: string, fn: () => T) => T;
const untimed: Timed = (_name, fn) => fn();

const byPublishedThenId = (a: { published: string | null; id: string }, b: { published: string | null; id: string }) =>
  (a.published ?? '9999').localeCompare(b.published ?? '9999') || a.id.localeCompare(b.id);

/**
 * The cross-article stages over already processed items: duplicates and stories, summaries,
 * key figures, quotes, timeline, entities and the search index. Pure: same items, same snapshot.
 */
export function assembleCorpus(
  items: CorpusItem[],
  skipped: Corpus['skipped'],
  builtAt: Date,
  time: Timed = untimed,
): Corpus {
  const sorted = [...items].sort((a, b) => a.article.id.localeCompare(b.article.id));
  const grouping = time('dedup', () =>
    groupStories(
      sorted.map(({ article, facts }) => ({
        id: article.id,
        body: article.body,
        published: article.published,
        signature: facts.signature,
      })),
    ),
  );
  const storyOfId = new Map<string, string>();
  for (const s of grouping.stories) for (const id of s.articleIds) storyOfId.set(id, s.id);

  const facts = new Map<string, ArticleFacts>();
  const articles: Article[] = sorted.map(({ article, facts: f, firstSeen }) => {
    facts.set(article.id, f);
    return {
      ...article,
      storyId: storyOfId.get(article.id) ?? `s-${article.id}`,
      duplicateOf: grouping.duplicateOf.get(article.id) ?? null,
      firstSeen,
      relevance: f.relevance,
      onTopic: isOnTopic(f.relevance),
    };
  });
  const byId = new Map(articles.map((a) => [a.id, a]));

  const stories: Story[] = time('summaries', () =>
    grouping.stories.map((g) => {
      const members = g.articleIds.map((id) => byId.get(id)!).filter(Boolean);
      const { headline, summary } = summarizeStory(
        members.map((a) => ({ article: a as CleanArticle, facts: facts.get(a.id)! })),
      );
      const dated = members.filter((a) => a.published).sort(byPublishedThenId);
      return {
        id: g.id,
        articleIds: members.map((a) => a.id),
        why: g.why,
        headline,
        summary,
        published: dated[0]?.published ?? null,
        lastSeen: members.reduce((m, a) => (a.firstSeen > m ? a.firstSeen : m), ''),
        onTopic: members.some((a) => a.onTopic),
      };
    }),
  );
  stories.sort((a, b) => b.articleIds.length - a.articleIds.length || b.lastSeen.localeCompare(a.lastSeen) || a.id.localeCompare(b.id));

  const storyById = new Map(stories.map((s) => [s.id, s]));
  const onTopic = articles.filter((a) => a.onTopic);
  const onTopicFacts = onTopic.map((a) => facts.get(a.id)!);
  const keyFigures = time('key-figures', () => groupKeyFigures(onTopicFacts.flatMap((f) => f.figures)));
  const quotes = time('quotes', () => mergeQuotes(onTopicFacts.flatMap((f) => f.quotes)));
  const timeline = time('timeline', () =>
    mergeTimeline(
      onTopic.flatMap((a) => {
        const f = facts.get(a.id)!;
        // An undated copy's "on Tuesday" is read against its story's earliest known date.
        const anchor = f.unanchored && storyById.get(a.storyId)?.published;
        return anchor ? [...f.events, ...extractEvents(f.unanchored!, a.id, anchor)] : f.events;
      }),
    ),
  );
  const entities = time('entities', () =>
    aggregateEntities(onTopicFacts.flatMap((f) => f.entities), (id) => storyOfId.get(id) ?? `s-${id}`),
  );
  const index = time('index', () => createSearchIndex(articles));

  return {
    articles,
    byId,
    stories,
    storyById,
    facts,
    keyFigures,
    quotes,
    timeline,
    entities,
    index,
    skipped,
    builtAt: builtAt.toISOString(),
  };
}
