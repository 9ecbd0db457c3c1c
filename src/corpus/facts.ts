import { splitSentences } from './sentences.js';
import { extractFigures } from './figures.js';
import { extractQuotes } from './quotes.js';
import { extractEntities } from './entities.js';
import { readEvents } from './dates.js';
import { minhashSignature } from './dedup.js';
import { scoreRelevance, type TopicProfile } from './relevance.js';
import type { ArticleFacts, CleanArticle } from './types.js';

/** Everything that can be read from one article alone: the part of the pipeline that is cached per file. */
export function extractFacts(article: CleanArticle, profile: TopicProfile): ArticleFacts {
  // A loop, not flatMap: flatMap allocates per paragraph and showed up in profiles of this stage.
  const sentences: string[] = [];
  for (const paragraph of article.paragraphs) for (const s of splitSentences(paragraph)) sentences.push(s);
  const { events, unanchored } = readEvents(sentences, article.id, article.published);
  return {
    sentences,
    figures: extractFigures(sentences, article.id),
    quotes: extractQuotes(article.paragraphs, article.id),
    events,
    entities: extractEntities(sentences, article.id),
    relevance: scoreRelevance(sentences, article.title, profile),
    signature: minhashSignature(article.body),
    ...(unanchored.length ? { unanchored } : {}),
  };
}
