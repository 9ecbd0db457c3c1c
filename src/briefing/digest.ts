// STUB: the digest composer (issue 3) is being written; signature agreed for the scheduler.
import { text, type Reply } from '../core/reply.js';
import type { Corpus } from '../corpus/types.js';

export interface DigestOptions {
  /** ISO timestamp: stories with articles first seen (or published) at or after it are new. */
  since: string;
  now: Date;
  /** storyId → article ids this channel already received; such a story is shown as an update with only what is new. */
  delivered?: ReadonlyMap<string, readonly string[]>;
  /** Shown in the title: "last 7 days", "since Mon 09:00". */
  periodLabel?: string;
}

export interface DigestResult {
  reply: Reply;
  /** What this digest delivers, to remember per channel. */
  stories: { storyId: string; articleIds: string[] }[];
  /** True when nothing is new. */
  empty: boolean;
}

export function composeDigest(corpus: Corpus, opts: DigestOptions): DigestResult {
  const fresh = corpus.stories.filter((s) => s.onTopic && s.lastSeen >= opts.since);
  return {
    reply: { title: `Rare-earth digest${opts.periodLabel ? `: ${opts.periodLabel}` : ''}`, blocks: fresh.map((s) => text(s.headline)) },
    stories: fresh.map((s) => ({ storyId: s.id, articleIds: s.articleIds })),
    empty: fresh.length === 0,
  };
}
