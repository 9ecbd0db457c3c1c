import type { ChannelRef } from '../core/adapter.js';
import type { StateDb, Subscription } from './state.js';

export type NewSubscription = Omit<Subscription, 'id' | 'lastDelivery' | 'failing'>;

export interface SubscriptionStore {
  all(): Subscription[];
  inChannel(channel: ChannelRef): Subscription[];
  get(id: string): Subscription | undefined;
  /** Assigns the next id (`s1`, `s2`, …) and writes. */
  add(input: NewSubscription): Promise<Subscription>;
  /** Removes the subscription and its delivery records; false when there was none. */
  remove(id: string): Promise<boolean>;
  markFailing(id: string, reason: string, at: Date): Promise<void>;
}

export const sameChannel = (a: ChannelRef, b: ChannelRef): boolean =>
  a.platform === b.platform && a.channelId === b.channelId;

export function createSubscriptionStore(db: StateDb): SubscriptionStore {
  const get = (id: string) => db.data.subscriptions.find((s) => s.id === id);
  return {
    all: () => [...db.data.subscriptions],
    inChannel: (channel) => db.data.subscriptions.filter((s) => sameChannel(s, channel)),
    get,
    async add(input) {
      const sub: Subscription = { ...input, id: `s${db.data.nextId}` };
      db.data.nextId++;
      db.data.subscriptions.push(sub);
      await db.write();
      return sub;
    },
    async remove(id) {
      const before = db.data.subscriptions.length;
      db.data.subscriptions = db.data.subscriptions.filter((s) => s.id !== id);
      if (db.data.subscriptions.length === before) return false;
      db.data.deliveries = db.data.deliveries.filter((d) => d.subscriptionId !== id);
      await db.write();
      return true;
    },
    async markFailing(id, reason, at) {
      const sub = get(id);
      if (!sub) return;
      sub.failing = { reason, at: at.toISOString() };
      await db.write();
    },
  };
}
