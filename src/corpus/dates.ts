// STUB: to be completed by the dates work (issue 3).
import type { TimelineEvent } from './types.js';

export function extractEvents(_sentences: string[], _articleId: string, _published: string | null): TimelineEvent[] {
  return [];
}

export function mergeTimeline(events: TimelineEvent[]): TimelineEvent[] {
  return events;
}
