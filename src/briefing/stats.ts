import type { Corpus, KeyFigure } from '../corpus/types.js';
import { lookups } from './lookups.js';
import { perSnapshot } from './memo.js';

export interface StatsData {
  articles: number;
  onTopicArticles: number;
  stories: number;
  publishers: number;
  dateRange: { from: string | null; to: string | null };
  keyFigures: (Omit<KeyFigure, 'sources'> & {
    sources: { articleId: string; publisher: string | null; qualifier: string | null; text: string; wording: string }[];
  })[];
}

/** Corpus counts and every key figure, most-reported first (the order groupKeyFigures gives). */
export const composeStats = perSnapshot((corpus: Corpus): StatsData => {
  const l = lookups(corpus);
  return {
    articles: corpus.articles.length,
    onTopicArticles: corpus.articles.filter((a) => a.onTopic).length,
    stories: corpus.stories.length,
    publishers: l.publishers.length,
    dateRange: l.dateRange,
    keyFigures: corpus.keyFigures.map((kf) => ({
      ...kf,
      sources: kf.sources.map((s) => ({ ...s, publisher: corpus.byId.get(s.articleId)?.publisher ?? null })),
    })),
  };
});
