import { splitSentences } from './sentences.js';
import { extractFigures } from './figures.js';
import { extractQuotes } from './quotes.js';
import { extractEntities } from './entities.js';
import { extractEvents } from './dates.js';
import { minhashSignature } from './dedup.js';
import { scoreRelevance, type TopicProfile } from './relevance.js';
import type { ArticleFacts, CleanArticle } from './types.js';

/** Any fixed day serves: it only tells which sentences a date would resolve. */
const PROBE_ANCHOR = '2000-01-05';

function unanchoredSentences(sentences: string[], articleId: string): string[] {
  return sentences.filter(
    (s) => extractEvents([s], articleId, PROBE_ANCHOR).length > extractEvents([s], articleId, null).length,
  );
}

/** Everything that can be read from one article alone: the part of the pipeline that is cached per file. */
export function extractFacts(article: CleanArticle, profile: TopicProfile): ArticleFacts {
  const sentences = article.paragraphs.flatMap(splitSentences);
  const unanchored = article.published ? [] : unanchoredSentences(sentences, article.id);
  return {
    sentences,
    figures: extractFigures(sentences, article.id),
    quotes: extractQuotes(article.paragraphs, article.id),
    events: extractEvents(sentences, article.id, article.published),
    entities: extractEntities(sentences, article.id),
    relevance: scoreRelevance(sentences, article.title, profile),
    signature: minhashSignature(article.body),
    ...(unanchored.length ? { unanchored } : {}),
  };
}
