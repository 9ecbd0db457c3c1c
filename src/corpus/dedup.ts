// STUB: to be completed by the dedup/stories work (issue 2).

export interface DedupItem {
  id: string;
  body: string;
  published: string | null;
  signature: number[];
}

export interface Grouping {
  /** article id → id of the copy it duplicates */
  duplicateOf: Map<string, string>;
  stories: { id: string; articleIds: string[]; why: string[] }[];
}

export function minhashSignature(_body: string): number[] {
  return [];
}

export function groupStories(items: DedupItem[]): Grouping {
  return {
    duplicateOf: new Map(),
    stories: items.map((it) => ({ id: `s-${it.id}`, articleIds: [it.id], why: [] })),
  };
}
