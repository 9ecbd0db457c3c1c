import type { Corpus, KeyFigure, Quote, Story } from '../corpus/types.js';
import { perSnapshot } from './memo.js';

/** Per-snapshot lookups, computed once on first use: commands stay O(answer), not O(corpus). */
export interface Lookups {
  figuresByArticle: Map<string, KeyFigure[]>;
  quotesByArticle: Map<string, Quote[]>;
  publishers: string[];
  dateRange: { from: string | null; to: string | null };
  /** On-topic stories by the newest of their first-seen and published times, newest first. */
  storiesByRecency: { story: Story; newest: string }[];
}

function push<T>(m: Map<string, T[]>, k: string, v: T) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export const lookups = perSnapshot((corpus: Corpus): Lookups => {
  const figuresByArticle = new Map<string, KeyFigure[]>();
  for (const kf of corpus.keyFigures) for (const s of kf.sources) push(figuresByArticle, s.articleId, kf);
  const quotesByArticle = new Map<string, Quote[]>();
  for (const q of corpus.quotes) for (const id of q.articleIds) push(quotesByArticle, id, q);
  const publishers = [...new Set(corpus.articles.map((a) => a.publisher).filter((p): p is string => Boolean(p)))].sort();
  const dates = corpus.articles.map((a) => a.published).filter((d): d is string => Boolean(d)).sort();
  const storiesByRecency = corpus.stories
    .filter((s) => s.onTopic)
    .map((story) => {
      let newest = story.lastSeen;
      for (const id of story.articleIds) {
        // A published day counts as its last instant: "published within the last N days" includes today.
        const p = corpus.byId.get(id)?.published;
        if (p && `${p}T23:59:59.999Z` > newest) newest = `${p}T23:59:59.999Z`;
      }
      return { story, newest };
    })
    .sort((a, b) => b.newest.localeCompare(a.newest));
  return {
    figuresByArticle,
    quotesByArticle,
    publishers,
    dateRange: { from: dates[0] ?? null, to: dates.at(-1) ?? null },
    storiesByRecency,
  };
});
