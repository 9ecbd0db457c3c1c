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

/** Items by key, the last of a key kept; a loop, not an entry pair per item (100k at a warm start). */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return map;
}

/** The snapshot commands read, from its articles, cross-article parts and index. */
export function composeCorpus(articles: Article[], parts: AssembledParts, index: SearchIndex, skipped: Corpus['skipped'], builtAt: Date): Corpus {
  return {
    articles,
    byId: byKey(articles, (a) => a.id),
    stories: parts.stories,
    storyById: byKey(parts.stories, (s) => s.id),
    keyFigures: parts.keyFigures,
    quotes: parts.quotes,
    timeline: parts.timeline,
    entities: parts.entities,
    index,
    skipped,
    builtAt: builtAt.toISOString(),
  };
}

