import type { Corpus, KeyFigure, Quote } from '../corpus/types.js';

/** Per-snapshot lookups, computed once on first use: commands stay O(answer), not O(corpus). */
export interface Lookups {
  figuresByArticle: Map<string, KeyFigure[]>;
  quotesByArticle: Map<string, Quote[]>;
  publishers: string[];
  dateRange: { from: string | null; to: string | null };
}

const memo = new WeakMap<Corpus, Lookups>();

function push<T>(m: Map<string, T[]>, k: string, v: T) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function lookups(corpus: Corpus): Lookups {
  let l = memo.get(corpus);
  if (l) return l;
  const figuresByArticle = new Map<string, KeyFigure[]>();
  for (const kf of corpus.keyFigures) for (const s of kf.sources) push(figuresByArticle, s.articleId, kf);
  const quotesByArticle = new Map<string, Quote[]>();
  for (const q of corpus.quotes) for (const id of q.articleIds) push(quotesByArticle, id, q);
  const publishers = [...new Set(corpus.articles.map((a) => a.publisher).filter((p): p is string => Boolean(p)))].sort();
  const dates = corpus.articles.map((a) => a.published).filter((d): d is string => Boolean(d)).sort();
  l = { figuresByArticle, quotesByArticle, publishers, dateRange: { from: dates[0] ?? null, to: dates.at(-1) ?? null } };
  memo.set(corpus, l);
  return l;
}
