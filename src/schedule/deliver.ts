import { composeDigest } from '../briefing/digest.js';
import { isPostError, type ChatAdapter, type ChannelRef } from '../core/adapter.js';
import type { Platform } from '../core/command.js';
import type { Reply } from '../core/reply.js';
import type { Corpus } from '../corpus/types.js';
import type { Logger } from '../log.js';
import type { DeliveryLog } from '../store/deliveries.js';
import type { Subscription } from '../store/state.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import { formatInZone } from './cron-time.js';
import { describeCron } from './when.js';

export interface RetryPolicy {
  /** Posts tried per delivery, the first included. */
  attempts: number;
  /** Backoff when the platform gives no Retry-After: base, 2·base, 4·base… */
  baseDelayMs: number;
  /** A wait longer than this (backoff or Retry-After) is not waited: the delivery fails instead. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

export type DeliveryOutcome =
  | { status: 'posted'; key: string; messageId: string; attempts: number; stories: number }
  | { status: 'skipped-empty'; key: string }
  | { status: 'already-delivered'; key: string }
  | { status: 'no-subscription'; key: string }
  | { status: 'failed'; key: string; reason: string; permanent: boolean };

export interface DigestJobDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryLog;
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  corpus: () => Corpus;
  digest: { days: number; empty: 'notice' | 'skip' };
  log: Logger;
  clock?: () => Date;
  retry?: RetryPolicy;
  /** Injected for tests; default a timer (vitest fake timers drive it). */
  sleep?: (ms: number) => Promise<void>;
}

export interface DigestJob {
  /**
   * Delivers the digest of one subscription for one scheduled fire time. Never throws. Runs for
   * the same subscription are serialised, so a double fire or a catch-up racing the cron finds
   * the first run's record and posts nothing.
   */
  run(subscriptionId: string, fireTime: Date): Promise<DeliveryOutcome>;
  /** Resolves when every run started so far has finished. */
  idle(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** `<subscriptionId>@<scheduled fire time, ISO UTC>`: one per subscription and slot, whoever runs it. */
export const deliveryKey = (subscriptionId: string, fireTime: Date): string => `${subscriptionId}@${fireTime.toISOString()}`;

function scheduledReply(reply: Reply, sub: Subscription): Reply {
  const note = `Scheduled digest ${sub.id} (${describeCron(sub.cron)}, ${sub.timezone}) · /rareearth unsubscribe ${sub.id} to stop`;
  return { ...reply, ephemeral: false, footer: reply.footer ? `${reply.footer}\n${note}` : note };
}

export function createDigestJob(deps: DigestJobDeps): DigestJob {
  const clock = deps.clock ?? (() => new Date());
  const retry = deps.retry ?? DEFAULT_RETRY;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const chains = new Map<string, Promise<unknown>>();

  /** Posts with the retry policy; returns the message id or why it failed. */
  async function post(
    adapter: ChatAdapter,
    to: ChannelRef,
    reply: Reply,
    key: string,
  ): Promise<{ ok: true; messageId: string; attempts: number } | { ok: false; reason: string; permanent: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { messageId } = await adapter.post(to, reply, { key });
        return { ok: true, messageId, attempts: attempt };
      } catch (err) {
        const message = (err as Error).message ?? String(err);
        // Anything not classified (a socket reset, a timeout) is treated as transient.
        if (isPostError(err) && err.kind === 'permanent') {
          return { ok: false, reason: `the platform refused the post: ${message}`, permanent: true };
        }
        const wait = (isPostError(err) ? err.retryAfterMs : undefined) ?? retry.baseDelayMs * 2 ** (attempt - 1);
        if (attempt >= retry.attempts) {
          return { ok: false, reason: `gave up after ${attempt} attempts: ${message}`, permanent: false };
        }
        if (wait > retry.maxDelayMs) {
          return { ok: false, reason: `the platform asked to wait ${Math.ceil(wait / 1000)} s: ${message}`, permanent: false };
        }
        deps.log.warn({ key, attempt, waitMs: wait, err: message }, 'scheduled post failed; retrying');
        await sleep(wait);
      }
    }
  }

  async function deliver(subscriptionId: string, fireTime: Date): Promise<DeliveryOutcome> {
    const key = deliveryKey(subscriptionId, fireTime);
    const sub = deps.subscriptions.get(subscriptionId);
    if (!sub) return { status: 'no-subscription', key };
    if (deps.deliveries.has(key)) return { status: 'already-delivered', key };
    const channel: ChannelRef = { platform: sub.platform, channelId: sub.channelId };
    const adapter = deps.adapters.get(sub.platform);
    const fail = async (reason: string, permanent: boolean): Promise<DeliveryOutcome> => {
      deps.log.error({ key, subscription: sub.id, platform: sub.platform, channel: sub.channelId, reason }, 'scheduled digest not delivered');
      await deps.subscriptions.markFailing(sub.id, reason, clock());
      return { status: 'failed', key, reason, permanent };
    };
    if (!adapter) return fail(`${sub.platform} is not connected in this bot`, true);

    const now = clock();
    const last = sub.lastDelivery;
    const since = last?.at ?? new Date(now.getTime() - deps.digest.days * DAY_MS).toISOString();
    const periodLabel = last ? `since ${formatInZone(new Date(last.at), sub.timezone)}` : `last ${deps.digest.days} days`;
    const digest = composeDigest(deps.corpus(), { since, now, delivered: deps.deliveries.delivered(channel), periodLabel });
    const record = (messageId: string | null) =>
      deps.deliveries.record(
        { key, subscriptionId: sub.id, fireTime: fireTime.toISOString(), at: now.toISOString(), messageId, stories: digest.stories.length },
        channel,
        digest.stories,
      );

    if (digest.empty && deps.digest.empty === 'skip') {
      await record(null);
      deps.log.info({ key }, 'nothing new: digest skipped (DIGEST_EMPTY=skip)');
      return { status: 'skipped-empty', key };
    }
    const result = await post(adapter, channel, scheduledReply(digest.reply, sub), key);
    if (!result.ok) return fail(result.reason, result.permanent);
    await record(result.messageId);
    deps.log.info({ key, messageId: result.messageId, stories: digest.stories.length, attempts: result.attempts }, 'scheduled digest delivered');
    return { status: 'posted', key, messageId: result.messageId, attempts: result.attempts, stories: digest.stories.length };
  }

  async function guarded(subscriptionId: string, fireTime: Date): Promise<DeliveryOutcome> {
    try {
      return await deliver(subscriptionId, fireTime);
    } catch (err) {
      // A bug or a state write failure: the key is not recorded, so catch-up may try again.
      deps.log.error({ err, subscription: subscriptionId, fireTime: fireTime.toISOString() }, 'scheduled digest crashed');
      return { status: 'failed', key: deliveryKey(subscriptionId, fireTime), reason: (err as Error).message, permanent: false };
    }
  }

  return {
    run(subscriptionId, fireTime) {
      const previous = chains.get(subscriptionId) ?? Promise.resolve();
      const current = previous.then(() => guarded(subscriptionId, fireTime));
      chains.set(subscriptionId, current);
      void current.then(() => {
        if (chains.get(subscriptionId) === current) chains.delete(subscriptionId);
      });
      return current;
    },
    async idle() {
      while (chains.size) await Promise.all(chains.values());
    },
  };
}
