import type { ChannelRef } from '../core/adapter.js';
import type { DeliveryRecord, StateDb } from './state.js';

/** Delivery records kept per subscription: enough to refuse any re-post of a recent slot. */
export const DELIVERIES_KEPT = 100;

export interface DeliveredStory {
  storyId: string;
  articleIds: string[];
}

export interface DeliveryLog {
  /** Whether this key (`<subscriptionId>@<fire time ISO>`) was already accepted by the platform. */
  has(key: string): boolean;
  /**
   * Records an accepted delivery in one write: the log entry, the subscription's lastDelivery
   * (its failure cleared), and the stories the channel now has. Call only after the platform
   * accepted the post.
   */
  record(entry: DeliveryRecord, channel: ChannelRef, stories: readonly DeliveredStory[]): Promise<void>;
  /** storyId → article ids this channel has received, for composeDigest's `delivered`. */
  delivered(channel: ChannelRef): Map<string, string[]>;
  forSubscription(id: string): DeliveryRecord[];
}

export const channelKey = (c: ChannelRef): string => `${c.platform}:${c.channelId}`;

export function createDeliveryLog(db: StateDb): DeliveryLog {
  // Keys are looked up on every fire; the index is rebuilt lazily from the persisted array.
  let index: Set<string> | null = null;
  const keys = () => (index ??= new Set(db.data.deliveries.map((d) => d.key)));

  return {
    has: (key) => keys().has(key),
    async record(entry, channel, stories) {
      const data = db.data;
      data.deliveries.push(entry);
      const mine = data.deliveries.filter((d) => d.subscriptionId === entry.subscriptionId);
      if (mine.length > DELIVERIES_KEPT) {
        const drop = new Set(mine.slice(0, mine.length - DELIVERIES_KEPT));
        data.deliveries = data.deliveries.filter((d) => !drop.has(d));
      }
      index = null;
      const sub = data.subscriptions.find((s) => s.id === entry.subscriptionId);
      if (sub) {
        sub.lastDelivery = { key: entry.key, fireTime: entry.fireTime, at: entry.at, messageId: entry.messageId };
        delete sub.failing;
      }
      const had = (data.delivered[channelKey(channel)] ??= {});
      for (const s of stories) had[s.storyId] = [...new Set([...(had[s.storyId] ?? []), ...s.articleIds])];
      await db.write();
    },
    delivered(channel) {
      return new Map(Object.entries(db.data.delivered[channelKey(channel)] ?? {}));
    },
    forSubscription: (id) => db.data.deliveries.filter((d) => d.subscriptionId === id),
  };
}
