// STUB: replaced by the cache work (issue 2, item 6). In-memory only.
import type { Logger } from '../log.js';
import type { ProcessedArticle } from './types.js';

export interface ArticleCache {
  get(hash: string): ProcessedArticle | undefined;
  put(hash: string, value: ProcessedArticle): void;
  firstSeen(id: string, now: Date): string;
  retain(liveHashes: Set<string>): void;
  save(): Promise<void>;
}

export function createArticleCache(_cacheDir: string, _log: Logger): ArticleCache {
  const entries = new Map<string, ProcessedArticle>();
  const seen = new Map<string, string>();
  return {
    get: (hash) => entries.get(hash),
    put: (hash, value) => void entries.set(hash, value),
    firstSeen(id, now) {
      if (!seen.has(id)) seen.set(id, now.toISOString());
      return seen.get(id)!;
    },
    retain(live) {
      for (const h of entries.keys()) if (!live.has(h)) entries.delete(h);
    },
    save: async () => {},
  };
}

export async function loadArticleCache(cacheDir: string, log: Logger): Promise<ArticleCache> {
  return createArticleCache(cacheDir, log);
}
