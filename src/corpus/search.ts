// STUB: to be completed by the search work (issue 3).
import type { Article, SearchIndex } from './types.js';

export function createSearchIndex(_articles: Article[]): SearchIndex {
  return { search: () => [] };
}
