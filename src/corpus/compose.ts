import type { Article, Corpus, Entity, KeyFigure, Quote, SearchIndex, Story, TimelineEvent } from './types.js';

export type Timed = <T>(name: string, fn: () => T) => T;
export const untimed: Timed = (_name, fn) => fn();

/**
 * The cross-article results: they depend only on the processed items (and the code), never on
 * the build time, so an unchanged corpus can load them from the cache instead.
 */
export interface AssembledParts {
  /** In Corpus order. */
  stories: Story[];
  /** article id → id of the copy it duplicates. */
  duplicateOf: Record<string, string>;
  keyFigures: KeyFigure[];
  quotes: Quote[];
  timeline: TimelineEvent[];
  entities: Entity[];
}

/** The snapshot commands read, from its articles, cross-article parts and index. */
export function composeCorpus(articles: Article[], parts: AssembledParts, index: SearchIndex, skipped: Corpus['skipped'], builtAt: Date): Corpus {
  return {
    articles,
    byId: new Map(articles.map((a) => [a.id, a])),
    stories: parts.stories,
    storyById: new Map(parts.stories.map((s) => [s.id, s])),
    keyFigures: parts.keyFigures,
    quotes: parts.quotes,
    timeline: parts.timeline,
    entities: parts.entities,
    index,
    skipped,
    builtAt: builtAt.toISOString(),
  };
}

