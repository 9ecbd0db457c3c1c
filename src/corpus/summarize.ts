// STUB: to be completed by the summaries work (issue 3).
import type { ArticleFacts, CleanArticle } from './types.js';

export interface StorySummary {
  headline: string;
  summary: string[];
}

export function summarizeStory(members: { article: CleanArticle; facts: ArticleFacts }[]): StorySummary {
  const first = members[0];
  return { headline: first.article.title ?? first.facts.sentences[0] ?? first.article.id, summary: first.facts.sentences.slice(0, 2) };
}
