import type { Article, Corpus } from '../corpus/types.js';

/** How a source is named in a briefing: its publisher when known, else its id. */
export const sourceLabel = (a: Pick<Article, 'publisher' | 'id'>): string => a.publisher ?? a.id;

export const orUnknown = (v: string | null | undefined): string => v ?? 'unknown';

const LISTED = 4;

/** "Mining Weekly (0417_ab12…), 0418_cd34… and 12 more": each article named once, the first few in the order given. */
export function sourceList(corpus: Corpus, articleIds: readonly string[]): string {
  const named = articleIds
    .slice(0, LISTED)
    .map((id) => corpus.byId.get(id))
    .filter((a): a is Article => a !== undefined)
    .map((a) => (a.publisher ? `${a.publisher} (${a.id})` : a.id))
    .join(', ');
  return articleIds.length > LISTED ? `${named} and ${articleIds.length - LISTED} more` : named;
}

/** Finds an article by exact id or by a unique prefix of it ("0417" → "0417_ab12cd34"). */
export function findArticle(corpus: Corpus, idOrPrefix: string): Article | undefined {
  const exact = corpus.byId.get(idOrPrefix);
  if (exact) return exact;
  const matches = corpus.articles.filter((a) => a.id.startsWith(idOrPrefix));
  return matches.length === 1 ? matches[0] : undefined;
}
