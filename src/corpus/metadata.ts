// STUB: to be completed by the loading/cleaning work (issue 2).
import type { ArticleMeta, RawArticle } from './types.js';
import type { Cleaned } from './clean.js';

export function readMetadata(raw: RawArticle, _cleaned: Cleaned): ArticleMeta {
  return {
    title: raw.meta.title ?? null,
    publisher: raw.meta.publisher ?? null,
    author: raw.meta.author ?? null,
    published: raw.meta.published ?? null,
  };
}
