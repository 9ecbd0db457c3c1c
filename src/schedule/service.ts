import { plural } from '../briefing/format.js';
import cron, { type ScheduledTask } from 'node-cron';
import type { ChatAdapter, ChannelRef } from '../core/adapter.js';
import type { Platform, ScheduleService, Where } from '../core/command.js';
import { UserError } from '../core/errors.js';
import { fields, heading, list, text, type Reply } from '../core/reply.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/types.js';
import type { Logger } from '../log.js';
import { createDeliveryLog } from '../store/deliveries.js';
import type { StateDb, Subscription } from '../store/state.js';
import { createSubscriptionStore } from '../store/subscriptions.js';
import { compileSchedule, formatInZone } from './cron-time.js';
import { createDigestJob, type DeliveryOutcome, type RetryPolicy } from './deliver.js';
import { resolveTimezone } from './timezone.js';
import { describeCron, parseWhen } from './when.js';

export const MAX_SCHEDULES_PER_CHANNEL = 10;
/**
 * node-cron drops a slot it reaches more than 1 s late (a busy event loop, a corpus rebuild).
 * Up to this late it still runs it; the delivery key keeps that from ever doubling a post.
 */
const LATE_TOLERANCE_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

export interface ScheduleServiceDeps {
  state: StateDb;
  /** Where scheduled digests go, by platform; a subscription whose platform is missing is marked failing. */
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  corpus: () => Corpus;
  config: Pick<Config, 'digest'>;
  log: Logger;
  /** Defaults to real time. node-cron itself reads Date, so tests use vitest fake timers. */
  clock?: () => Date;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

export interface Scheduler extends ScheduleService {
  /** Schedules every stored subscription, then delivers each missed digest once (see catchUp). */
  start(): Promise<void>;
  /** Stops every task and waits for deliveries in flight. */
  stop(): Promise<void>;
  /**
   * For each subscription, the latest slot missed while the bot was down (after its last
   * delivery, within DIGEST_CATCHUP_HOURS) is delivered once: one post however many slots passed.
   */
  catchUp(): Promise<DeliveryOutcome[]>;
  /** Delivers a subscription's digest for a fire time, as the cron task does. */
  fire(subscriptionId: string, fireTime: Date): Promise<DeliveryOutcome>;
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
}

const channelOf = (where: Where): ChannelRef => ({ platform: where.platform, channelId: where.channelId });

export function createScheduleService(deps: ScheduleServiceDeps): Scheduler {
  const clock = deps.clock ?? (() => new Date());
  const subscriptions = createSubscriptionStore(deps.state);
  const deliveries = createDeliveryLog(deps.state);
  const job = createDigestJob({
    subscriptions,
    deliveries,
    adapters: deps.adapters,
    corpus: deps.corpus,
    digest: deps.config.digest,
    log: deps.log,
    clock,
    retry: deps.retry,
    sleep: deps.sleep,
  });
  const tasks = new Map<string, ScheduledTask>();
  let running = false;

  // node-cron's own warnings (a missed slot, a blocked overlap) go to our log, not the console.
  const cronLogger = {
    info: (m: string) => deps.log.info(`node-cron: ${m}`),
    warn: (m: string) => deps.log.warn(`node-cron: ${m}`),
    error: (m: string | Error, err?: Error) => deps.log.error({ err: err ?? m }, 'node-cron error'),
    debug: (m: string | Error) => deps.log.debug(`node-cron: ${String(m)}`),
  };

  function schedule(sub: Subscription): void {
    tasks.get(sub.id)?.destroy();
    const task = cron.schedule(sub.cron, (ctx) => job.run(sub.id, ctx.date), {
      timezone: sub.timezone,
      name: `digest-${sub.id}`,
      noOverlap: true,
      missedExecutionTolerance: LATE_TOLERANCE_MS,
      logger: cronLogger,
    });
    tasks.set(sub.id, task);
  }

  function unschedule(id: string): void {
    tasks.get(id)?.destroy();
    tasks.delete(id);
  }

  const summary = (s: Subscription) => `${s.id} (${describeCron(s.cron)}, ${s.timezone})`;

  async function subscribe(where: Where, when: string, timezone: string | undefined, by: string): Promise<Reply> {
    const parsed = parseWhen(when);
    const tz = resolveTimezone(timezone ?? deps.config.digest.timezone);
    const now = clock();
    const sched = compileSchedule(parsed.cron, tz);
    const nextRuns = sched.upcoming(now, 3);
    if (nextRuns.length === 0) {
      throw new UserError('bad-schedule', `"${when}" never runs (no such date). Try: daily 09:00, weekdays 08:30, weekly mon 09:00, or hourly.`);
    }
    const min = deps.config.digest.minIntervalMinutes;
    const gap = sched.minGapMinutes(now);
    if (gap < min) {
      throw new UserError(
        'too-frequent',
        `"${when}" runs every ${plural(gap, 'minute')} at times; the minimum here is ${plural(min, 'minute')} (DIGEST_MIN_INTERVAL_MINUTES). Try hourly or daily 09:00.`,
      );
    }
    const existing = subscriptions.inChannel(channelOf(where));
    const same = existing.find((s) => s.cron === parsed.cron && s.timezone === tz);
    if (same) {
      throw new UserError('duplicate-schedule', `This channel already has that schedule: ${summary(same)}. See \`schedules\`.`);
    }
    if (existing.length >= MAX_SCHEDULES_PER_CHANNEL) {
      throw new UserError(
        'too-many-schedules',
        `This channel already has ${MAX_SCHEDULES_PER_CHANNEL} scheduled digests, the most allowed. Remove one first with \`unsubscribe <id>\`.`,
      );
    }
    const sub = await subscriptions.add({
      platform: where.platform,
      channelId: where.channelId,
      ...(where.guildId ? { guildId: where.guildId } : {}),
      when: when.trim(),
      cron: parsed.cron,
      timezone: tz,
      createdAt: now.toISOString(),
      createdBy: by,
    });
    if (running) schedule(sub);
    deps.log.info({ subscription: sub.id, cron: sub.cron, timezone: tz, platform: where.platform, channel: where.channelId }, 'digest subscribed');
    const { days, empty } = deps.config.digest;
    return {
      title: `Digest scheduled: ${parsed.words} (${tz})`,
      blocks: [
        fields([
          { name: 'Id', value: sub.id, inline: true },
          { name: 'Schedule', value: parsed.words, inline: true },
          { name: 'Timezone', value: tz, inline: true },
        ]),
        heading('Next runs'),
        list(nextRuns.map((d) => formatInZone(d, tz))),
        text(
          `Each digest has what is new since the previous one; the first covers the last ${plural(days, 'day')}. ` +
            (empty === 'notice' ? 'When nothing is new, one short line says so.' : 'When nothing is new, nothing is posted.'),
        ),
      ],
      footer: `Stop it with /rareearth unsubscribe ${sub.id}`,
      data: { subscription: sub, nextRuns: nextRuns.map((d) => d.toISOString()) },
    };
  }

  async function unsubscribe(where: Where, id: string | undefined): Promise<Reply> {
    const here = subscriptions.inChannel(channelOf(where));
    if (here.length === 0) {
      throw new UserError('no-subscription', 'This channel has no scheduled digests. Start one with `subscribe daily 09:00`.');
    }
    let target: Subscription | undefined;
    if (id) {
      target = here.find((s) => s.id === id.trim().toLowerCase());
      if (!target) {
        throw new UserError('no-subscription', `This channel has no digest "${id.slice(0, 20)}". Its digests: ${here.map(summary).join('; ')}.`);
      }
    } else if (here.length > 1) {
      throw new UserError(
        'which-subscription',
        `This channel has ${here.length} digests; say which one: ${here.map(summary).join('; ')}. For example: \`unsubscribe ${here[0].id}\`.`,
      );
    } else {
      target = here[0];
    }
    unschedule(target.id);
    await subscriptions.remove(target.id);
    deps.log.info({ subscription: target.id }, 'digest unsubscribed');
    return {
      title: `Digest ${target.id} stopped`,
      blocks: [text(`No more ${describeCron(target.cron)} (${target.timezone}) digests here.`)],
      data: { removed: target },
    };
  }

  async function listReply(where: Where): Promise<Reply> {
    const here = subscriptions.inChannel(channelOf(where));
    const now = clock();
    const rows = here.map((s) => {
      const next = compileSchedule(s.cron, s.timezone).next(now);
      return {
        ...s,
        words: describeCron(s.cron),
        nextRun: next?.toISOString() ?? null,
        display: {
          next: next ? formatInZone(next, s.timezone) : 'never',
          last: s.lastDelivery ? formatInZone(new Date(s.lastDelivery.at), s.timezone) : 'none yet',
        },
      };
    });
    if (rows.length === 0) {
      return {
        title: 'No scheduled digests here',
        blocks: [text('Start one with `subscribe daily 09:00` (or weekdays 08:30, weekly mon 09:00, hourly, a cron expression), optionally followed by a timezone such as Europe/Berlin.')],
        data: { subscriptions: [] },
      };
    }
    return {
      title: `Scheduled digests here: ${rows.length}`,
      blocks: rows.flatMap((r) => [
        heading(`${r.id} · ${r.words}`),
        fields([
          { name: 'Timezone', value: r.timezone, inline: true },
          { name: 'Next run', value: r.display.next, inline: true },
          { name: 'Last delivery', value: r.display.last, inline: true },
          ...(r.failing ? [{ name: 'Last error', value: `${formatInZone(new Date(r.failing.at), r.timezone)}: ${r.failing.reason}` }] : []),
        ]),
      ]),
      footer: 'Stop one with /rareearth unsubscribe <id>',
      data: { subscriptions: rows.map(({ display: _display, ...r }) => r) },
    };
  }

  async function catchUp(): Promise<DeliveryOutcome[]> {
    const now = clock();
    const windowStart = now.getTime() - deps.config.digest.catchupHours * HOUR_MS;
    const outcomes: DeliveryOutcome[] = [];
    for (const sub of subscriptions.all()) {
      const anchor = Math.max(Date.parse(sub.lastDelivery?.fireTime ?? sub.createdAt), windowStart);
      const missed = compileSchedule(sub.cron, sub.timezone).latestIn(new Date(anchor), now);
      if (!missed) continue;
      deps.log.info({ subscription: sub.id, fireTime: missed.toISOString() }, 'catching up a digest missed while down');
      outcomes.push(await job.run(sub.id, missed));
    }
    return outcomes;
  }

  return {
    subscribe,
    unsubscribe,
    list: listReply,
    async start() {
      running = true;
      for (const sub of subscriptions.all()) schedule(sub);
      await catchUp();
    },
    async stop() {
      running = false;
      for (const id of [...tasks.keys()]) unschedule(id);
      await job.idle();
    },
    catchUp,
    fire: (id, fireTime) => job.run(id, fireTime),
    idle: () => job.idle(),
  };
}
