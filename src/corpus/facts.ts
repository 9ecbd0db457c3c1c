import { createHash } from 'node:crypto';
import { splitSentences } from './sentences.js';
import { extractFigures } from './figures.js';
import { extractQuotes } from './quotes.js';
import { extractEntities } from './entities.js';
import { readEvents } from './dates.js';
import { minhashSignature } from './dedup.js';
import { scoreRelevance, type TopicProfile } from './relevance.js';
import type { ArticleFacts, CleanArticle } from './types.js';

function sentencesOf(article: CleanArticle): string[] {
  // A loop, not flatMap: flatMap allocates per paragraph and showed up in profiles of this stage.
  const sentences: string[] = [];
  for (const paragraph of article.paragraphs) for (const s of splitSentences(paragraph)) sentences.push(s);
  return sentences;
}

/**
 * Everything that can be read from each article alone: the part of the pipeline that is cached
 * per file. One step at a time over all the articles, not article by article: each step's
 * compiled code and regular expressions stay hot, ~30% faster over batches of 64-256 articles.
 */
export function extractFactsOf(articles: readonly CleanArticle[], profile: TopicProfile): ArticleFacts[] {
  const sentences = articles.map(sentencesOf);
  const dated = articles.map((a, i) => readEvents(sentences[i], a.id, a.published));
  const figures = articles.map((a, i) => extractFigures(sentences[i], a.id));
  const quotes = articles.map((a) => extractQuotes(a.paragraphs, a.id));
  const entities = articles.map((a, i) => extractEntities(sentences[i], a.id));
  const relevance = articles.map((a, i) => scoreRelevance(sentences[i], a.title, profile));
  const signatures = articles.map((a) => minhashSignature(a.paragraphs));
  return articles.map((_, i) => {
    const { events, unanchored } = dated[i];
    return {
      sentences: sentences[i],
      figures: figures[i],
      quotes: quotes[i],
      events,
      entities: entities[i],
      relevance: relevance[i],
      signature: signatures[i],
      ...(unanchored.length ? { unanchored } : {}),
    };
  });
}

/** What an article's facts are read from, apart from its id, title and date. */
const textKey = (a: CleanArticle): string => {
  const h = createHash('sha1');
  for (const p of a.paragraphs) h.update(p).update('\0');
  return h.digest('base64');
};

/**
 * The facts of one article as another's, the same text: relabelled, with the dates read again
 * against the other's date of publication and the relevance against its title when they differ.
 */
function asArticle(facts: ArticleFacts, from: CleanArticle, to: CleanArticle, profile: TopicProfile): ArticleFacts {
  const id = to.id;
  const { unanchored: _unanchored, ...rest } = facts;
  const { events, unanchored } =
    to.published === from.published
      ? { events: facts.events.map((e) => ({ ...e, articleIds: [id] })), unanchored: facts.unanchored ?? [] }
      : readEvents(facts.sentences, id, to.published);
  return {
    ...rest,
    figures: facts.figures.map((f) => ({ ...f, articleId: id })),
    quotes: facts.quotes.map((q) => ({ ...q, articleIds: [id] })),
    events,
    entities: facts.entities.map((e) => ({ ...e, articleId: id })),
    relevance: to.title === from.title ? facts.relevance : scoreRelevance(facts.sentences, to.title, profile),
    ...(unanchored.length ? { unanchored } : {}),
  };
}

/**
 * extractFactsOf that reads a text once: a syndicated copy (the same paragraphs under other
 * chrome, so another file and hash) gets the facts of the first copy seen, relabelled.
 * Remembers every text it read, for as long as it is kept.
 */
export function createFactsReader(profile: TopicProfile): (articles: readonly CleanArticle[]) => ArticleFacts[] {
  const read = new Map<string, { article: CleanArticle; facts: ArticleFacts }>();
  return (articles) => {
    const keys = articles.map(textKey);
    // The first article of each text not read before, by its key.
    const todo = new Map<string, CleanArticle>();
    articles.forEach((a, i) => {
      if (!read.has(keys[i]) && !todo.has(keys[i])) todo.set(keys[i], a);
    });
    const extracted = extractFactsOf([...todo.values()], profile);
    [...todo].forEach(([key, article], i) => read.set(key, { article, facts: extracted[i] }));
    return articles.map((a, i) => {
      const first = read.get(keys[i])!;
      return first.article === a ? first.facts : asArticle(first.facts, first.article, a, profile);
    });
  };
}
