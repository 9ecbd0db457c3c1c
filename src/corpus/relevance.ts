// STUB: to be completed by the relevance work (issue 3).

export interface TopicProfile {
  keywords: string[];
}

export const DEFAULT_TOPIC_KEYWORDS = ['rare earth', 'critical mineral'];

export function createTopicProfile(keywords: string[] | null): TopicProfile {
  return { keywords: keywords ?? DEFAULT_TOPIC_KEYWORDS };
}

export function scoreRelevance(_sentences: string[], _title: string | null, _profile: TopicProfile): number {
  return 1;
}

export const isOnTopic = (score: number) => score >= 0.5;
