// STUB: to be completed by the entities work (issue 3).
import type { Entity, EntityMention } from './types.js';

export function extractEntities(_sentences: string[], _articleId: string): EntityMention[] {
  return [];
}

export function aggregateEntities(_mentions: EntityMention[], _storyOf: (articleId: string) => string): Entity[] {
  return [];
}
