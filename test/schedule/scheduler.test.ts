import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { schedules } from '../../commands/schedules.js';
import { subscribe } from '../../commands/subscribe.js';
import { unsubscribe } from '../../commands/unsubscribe.js';
import { createShellAdapter } from '../../src/adapters/shell/shell.js';
import type { Config } from '../../src/config.js';
import { PostError, type ChannelRef, type ChatAdapter, type PostOptions } from '../../src/core/adapter.js';
import { createBot, type Bot } from '../../src/core/bot.js';
import type { Platform, Where, Who } from '../../src/core/command.js';
import { replyToPlainText, type Reply } from '../../src/core/reply.js';
import { createCorpusWatcher } from '../../src/corpus/watch.js';
import type { Corpus } from '../../src/corpus/types.js';
import { createMemoryLogger } from '../../src/log.js';
import { createScheduleService, type Scheduler } from '../../src/schedule/service.js';
import { openState } from '../../src/store/state.js';
import { ARTICLES, LITHIUM_COPY, build, corpusDir } from './fixtures.js';

const HOUR = 3_600_000;
const DIGEST: Config['digest'] = { days: 7, timezone: 'UTC', minIntervalMinutes: 60, empty: 'notice', catchupHours: 24 };
const admin: Who = { id: 'U-admin', canManageSchedules: true };
const slackChannel: Where = { platform: 'slack', channelId: 'C-NEWS', guildId: 'T1' };

/** A ChatAdapter whose n-th post (0-based) throws what `failure(n)` returns, else is accepted and recorded. */
function scriptedAdapter(platform: Platform, failure: (n: number) => Error | null = () => null) {
  const posts: { to: ChannelRef; reply: Reply; key?: string; text: string }[] = [];
  let attempts = 0;
  const adapter: ChatAdapter = {
    platform,
    start: async () => undefined,
    stop: async () => undefined,
    async post(to: ChannelRef, reply: Reply, options?: PostOptions) {
      const err = failure(attempts++);
      if (err) throw err;
      posts.push({ to, reply, key: options?.key, text: replyToPlainText(reply) });
      return { messageId: `msg-${posts.length}` };
    },
  };
  return { adapter, posts, attempts: () => attempts };
}

interface Harness {
  dir: string;
  stateFile: string;
  corpus: { current: Corpus };
  waits: number[];
  open(adapters: ChatAdapter[], digest?: Partial<typeof DIGEST>): Promise<{ scheduler: Scheduler; bot: Bot; adapters: Map<Platform, ChatAdapter> }>;
}

async function harness(files = [ARTICLES.lithium, ARTICLES.cobalt]): Promise<Harness> {
  const dir = await corpusDir(files);
  const stateFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'rareearth-sched-')), 'state.json');
  const corpus = { current: await build(dir) };
  const waits: number[] = [];
  return {
    dir,
    stateFile,
    corpus,
    waits,
    async open(adapters, digest = {}) {
      const byPlatform = new Map(adapters.map((a) => [a.platform, a]));
      const scheduler = createScheduleService({
        state: await openState(stateFile),
        adapters: byPlatform,
        corpus: () => corpus.current,
        config: { digest: { ...DIGEST, ...digest } },
        log: createMemoryLogger('silent').log,
        // Retry waits are recorded, not slept: the policy is what is under test.
        sleep: async (ms) => void waits.push(ms),
      });
      const bot = createBot({
        commands: [subscribe, unsubscribe, schedules],
        corpus: () => corpus.current,
        log: createMemoryLogger('silent').log,
        services: { schedules: scheduler, settings: { digestDays: 7, digestTimezone: 'UTC' } },
      });
      return { scheduler, bot, adapters: byPlatform };
    },
  };
}

const run = (bot: Bot, command: string, options: Record<string, string> = {}, where = slackChannel, who = admin) =>
  bot.dispatch({ command, options, who, where });
const textOf = (r: Reply) => replyToPlainText(r);
/** Moves fake time forward, firing node-cron's timers, then lets the started deliveries finish. */
async function advance(scheduler: Scheduler, ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  await scheduler.idle();
}

beforeEach(() => {
  // Only timers and Date: file I/O and setImmediate stay real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(new Date('2026-03-23T07:00:00Z')); // Monday, 08:00 in Berlin (CET)
});
afterEach(() => {
  vi.useRealTimers();
});

describe('scheduled digests end to end (real node-cron, real lowdb, fake time)', () => {
  test('subscribe → fire → one post with the new stories; a story that gained a source comes back as an update only; restart repeats nothing', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack');
    const { scheduler, bot } = await h.open([slack.adapter]);
    await scheduler.start();

    const confirm = await run(bot, 'subscribe', { when: 'daily 09:00 Europe/Berlin' });
    expect(confirm.error).toBeUndefined();
    expect(textOf(confirm)).toContain('Digest scheduled: At 09:00 (Europe/Berlin)');
    expect(textOf(confirm)).toContain('Mon 23 Mar 2026, 09:00 CET');
    expect(textOf(confirm)).toContain('Wed 25 Mar 2026, 09:00 CET');

    await advance(scheduler, HOUR + 1000);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0].key).toBe('s1@2026-03-23T08:00:00.000Z');
    expect(slack.posts[0].to).toEqual({ platform: 'slack', channelId: 'C-NEWS' });
    expect(slack.posts[0].text).toContain('Quebec lithium mine doubles its output target');
    expect(slack.posts[0].text).toContain('Zambia cobalt smelter halts exports');

    // A new story and a syndicated copy of a delivered one arrive.
    await writeFile(path.join(h.dir, ARTICLES.gallium.file), ARTICLES.gallium.text);
    await writeFile(path.join(h.dir, LITHIUM_COPY.file), LITHIUM_COPY.text);
    h.corpus.current = await build(h.dir);

    await advance(scheduler, 24 * HOUR);
    expect(slack.posts).toHaveLength(2);
    const second = slack.posts[1].text;
    expect(slack.posts[1].key).toBe('s1@2026-03-24T08:00:00.000Z');
    expect(second).toContain('Gallium and germanium export controls widened');
    expect(second).toContain('Update: Quebec lithium mine doubles its output target');
    expect(second).toContain('+1 source (Great Lakes Mining Review)');
    expect(second).not.toContain('Zambia cobalt');
    // The update does not repeat the story's summary.
    expect(second).not.toContain('its operator said on Friday');

    // Restart mid-way: close, reopen the same file. Catch-up finds the 24 March slot recorded.
    await scheduler.stop();
    vi.setSystemTime(new Date('2026-03-24T09:30:00Z'));
    const restarted = await h.open([slack.adapter]);
    await restarted.scheduler.start();
    await restarted.scheduler.idle();
    expect(slack.posts).toHaveLength(2);
    const listed = textOf(await run(restarted.bot, 'schedules'));
    expect(listed).toContain('s1 · At 09:00');
    expect(listed).toContain('Last delivery: Tue 24 Mar 2026, 09:00 CET');
    expect(listed).toContain('Next run: Wed 25 Mar 2026, 09:00 CET');

    // A double fire and two overlapping runs of one slot post once between them.
    expect((await restarted.scheduler.fire('s1', new Date('2026-03-24T08:00:00Z'))).status).toBe('already-delivered');
    const [a, b] = await Promise.all([
      restarted.scheduler.fire('s1', new Date('2026-03-25T08:00:00Z')),
      restarted.scheduler.fire('s1', new Date('2026-03-25T08:00:00Z')),
    ]);
    expect([a.status, b.status].sort()).toEqual(['already-delivered', 'posted']);
    expect(slack.posts).toHaveLength(3);
    expect(slack.posts[2].text).toContain('Nothing new since the last digest.');
    await restarted.scheduler.stop();
  });

  test('a digest missed while the bot was down is posted once at start, however many slots passed', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack');
    const first = await h.open([slack.adapter]);
    await first.scheduler.start();
    await run(first.bot, 'subscribe', { when: 'daily 09:00', timezone: 'Europe/Berlin' });
    await first.scheduler.stop();

    vi.setSystemTime(new Date('2026-03-25T10:00:00Z')); // three slots missed: 23, 24, 25 March
    const second = await h.open([slack.adapter]);
    await second.scheduler.start();
    await second.scheduler.idle();
    expect(slack.posts.map((p) => p.key)).toEqual(['s1@2026-03-25T08:00:00.000Z']);
    expect(slack.posts[0].text).toContain('Quebec lithium');
    await second.scheduler.stop();

    // Started again the same day: nothing left to catch up.
    const third = await h.open([slack.adapter]);
    await third.scheduler.start();
    await third.scheduler.idle();
    expect(slack.posts).toHaveLength(1);
    await third.scheduler.stop();
  });

  test('a miss older than DIGEST_CATCHUP_HOURS is not caught up', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack');
    const first = await h.open([slack.adapter], { catchupHours: 1 });
    await run(first.bot, 'subscribe', { when: 'daily 09:00', timezone: 'Europe/Berlin' });
    vi.setSystemTime(new Date('2026-03-23T10:30:00Z')); // the 08:00Z slot is 2.5 h ago
    const second = await h.open([slack.adapter], { catchupHours: 1 });
    await second.scheduler.start();
    await second.scheduler.idle();
    expect(slack.posts).toHaveLength(0);
    await second.scheduler.stop();
  });

  test('429 then success → one post, after waiting the Retry-After the platform gave', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack', (n) => (n === 0 ? new PostError('retry', 'HTTP 429 rate limited', 1500) : null));
    const { scheduler, bot } = await h.open([slack.adapter]);
    await scheduler.start();
    await run(bot, 'subscribe', { when: 'hourly' });
    await advance(scheduler, HOUR);
    expect(slack.attempts()).toBe(2);
    expect(h.waits).toEqual([1500]);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0].key).toBe('s1@2026-03-23T08:00:00.000Z');
    expect(textOf(await run(bot, 'schedules'))).not.toContain('Last error');
    await scheduler.stop();
  });

  test('500 every time → bounded retries with backoff, then the subscription shows as failing; the next good post clears it', async () => {
    const h = await harness();
    let down = true;
    const slack = scriptedAdapter('slack', () => (down ? new PostError('retry', 'HTTP 500 internal error') : null));
    const { scheduler, bot } = await h.open([slack.adapter]);
    await scheduler.start();
    await run(bot, 'subscribe', { when: 'hourly' });
    await advance(scheduler, HOUR);
    expect(slack.attempts()).toBe(3);
    expect(h.waits).toEqual([2000, 4000]);
    expect(slack.posts).toHaveLength(0);
    const listed = textOf(await run(bot, 'schedules'));
    expect(listed).toContain('Last error: Mon 23 Mar 2026, 08:00 UTC: gave up after 3 attempts: HTTP 500 internal error');
    expect(listed).toContain('Last delivery: none yet');

    down = false;
    await advance(scheduler, HOUR);
    expect(slack.posts).toHaveLength(1);
    // The failed slot was never recorded, so this digest still has everything.
    expect(slack.posts[0].text).toContain('Quebec lithium');
    expect(textOf(await run(bot, 'schedules'))).not.toContain('Last error');
    await scheduler.stop();
  });

  test('403 (lost permission) → no retry, failing with the reason', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack', () => new PostError('permanent', 'HTTP 403 missing access to the channel'));
    const { scheduler, bot } = await h.open([slack.adapter]);
    await scheduler.start();
    await run(bot, 'subscribe', { when: 'hourly' });
    await advance(scheduler, HOUR);
    expect(slack.attempts()).toBe(1);
    expect(h.waits).toEqual([]);
    expect(textOf(await run(bot, 'schedules'))).toContain('the platform refused the post: HTTP 403 missing access to the channel');
    await scheduler.stop();
  });

  test('DIGEST_EMPTY=skip posts nothing when nothing is new', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack');
    const { scheduler, bot } = await h.open([slack.adapter], { empty: 'skip' });
    await scheduler.start();
    await run(bot, 'subscribe', { when: 'hourly' });
    await advance(scheduler, 3 * HOUR);
    expect(slack.posts).toHaveLength(1); // the first hour had news; the next two had none
    await scheduler.stop();
  });

  test('Berlin and New York subscriptions fire at the right instants across Berlin’s spring DST change', async () => {
    vi.setSystemTime(new Date('2026-03-27T00:00:00Z'));
    const h = await harness();
    const slack = scriptedAdapter('slack');
    const { scheduler, bot } = await h.open([slack.adapter]);
    await scheduler.start();
    await run(bot, 'subscribe', { when: 'daily 09:00', timezone: 'Europe/Berlin' }, { platform: 'slack', channelId: 'C-BERLIN' });
    await run(bot, 'subscribe', { when: 'daily 09:00', timezone: 'America/New_York' }, { platform: 'slack', channelId: 'C-NYC' });
    // Hour by hour, letting each delivery finish: one jump of four days would find the first run
    // still writing its (real) file when the next slot comes, and noOverlap would skip that slot.
    for (let hour = 0; hour < 4 * 24; hour++) await advance(scheduler, HOUR);
    const keys = (channel: string) => slack.posts.filter((p) => p.to.channelId === channel).map((p) => p.key);
    expect(keys('C-BERLIN')).toEqual([
      's1@2026-03-27T08:00:00.000Z',
      's1@2026-03-28T08:00:00.000Z',
      's1@2026-03-29T07:00:00.000Z',
      's1@2026-03-30T07:00:00.000Z',
    ]);
    expect(keys('C-NYC')).toEqual([
      's2@2026-03-27T13:00:00.000Z',
      's2@2026-03-28T13:00:00.000Z',
      's2@2026-03-29T13:00:00.000Z',
      's2@2026-03-30T13:00:00.000Z',
    ]);
    await scheduler.stop();
  });

  test('a file dropped into the corpus folder is picked up by the watcher and appears in the next digest', async () => {
    const h = await harness();
    const slack = scriptedAdapter('slack');
    const { scheduler, bot } = await h.open([slack.adapter]);
    await scheduler.start();
    const watcher = createCorpusWatcher({
      dir: h.dir,
      pollSeconds: 10,
      rebuild: () => build(h.dir),
      onCorpus: (c) => (h.corpus.current = c),
      log: createMemoryLogger('silent').log,
    });
    await watcher.start();
    await run(bot, 'subscribe', { when: 'hourly' });
    await advance(scheduler, HOUR);
    expect(slack.posts[0].text).not.toContain('Gallium');

    await writeFile(path.join(h.dir, ARTICLES.gallium.file), ARTICLES.gallium.text);
    expect(await watcher.poll()).toBe('settling');
    expect(await watcher.poll()).toBe('rebuilt');
    await advance(scheduler, HOUR);
    expect(slack.posts[1].text).toContain('Gallium and germanium export controls widened');
    expect(slack.posts[1].text).not.toContain('Quebec lithium');
    watcher.stop();
    await scheduler.stop();
  });
});

describe('schedule commands', () => {
  const refusal = async (bot: Bot, command: string, options: Record<string, string>, where = slackChannel) => {
    const r = await run(bot, command, options, where);
    return { code: r.error, text: r.blocks.map((b) => (b.kind === 'text' ? b.text : '')).join(''), ephemeral: r.ephemeral };
  };

  test('bad schedules and timezones get the exact errors', async () => {
    const { bot } = await (await harness()).open([]);
    expect(await refusal(bot, 'subscribe', { when: 'dayly 9am' })).toEqual({
      code: 'bad-schedule',
      text: '"dayly 9am" is not a schedule. Try: daily 09:00, weekdays 08:30, weekly mon 09:00, hourly, or a cron expression like "0 9 * * 1-5".',
      ephemeral: true,
    });
    expect(await refusal(bot, 'subscribe', { when: 'daily 09:00 Mars/Base' })).toMatchObject({
      code: 'unknown-timezone',
      text: '"Mars/Base" is not a timezone. Try Europe/Berlin or America/New_York.',
    });
    expect(await refusal(bot, 'subscribe', { when: 'daily 09:00', timezone: 'Moon/Crater' })).toMatchObject({ code: 'unknown-timezone' });
  });

  test('too frequent is refused naming the minimum; a minimum of 1 allows every minute', async () => {
    const h = await harness();
    const { bot } = await h.open([]);
    const r = await refusal(bot, 'subscribe', { when: '*/15 * * * *' });
    expect(r.code).toBe('too-frequent');
    expect(r.text).toContain('the minimum here is 60 minutes (DIGEST_MIN_INTERVAL_MINUTES)');
    const lax = await h.open([], { minIntervalMinutes: 1 });
    expect((await run(lax.bot, 'subscribe', { when: '* * * * *' })).error).toBeUndefined();
  });

  test('the same schedule twice is refused, and a channel holds at most 10', async () => {
    const { bot } = await (await harness()).open([]);
    await run(bot, 'subscribe', { when: 'daily 06:00' });
    expect((await refusal(bot, 'subscribe', { when: '0 6 * * *' })).code).toBe('duplicate-schedule');
    // Same time in another timezone is another schedule.
    expect((await run(bot, 'subscribe', { when: 'daily 06:00', timezone: 'Asia/Tokyo' })).error).toBeUndefined();
    for (let hour = 10; hour < 18; hour++) await run(bot, 'subscribe', { when: `daily ${hour}:00` });
    const r = await refusal(bot, 'subscribe', { when: 'daily 20:00' });
    expect(r.code).toBe('too-many-schedules');
    expect(r.text).toContain('10 scheduled digests');
    // Another channel is not affected.
    expect((await run(bot, 'subscribe', { when: 'daily 20:00' }, { platform: 'slack', channelId: 'C-OTHER' })).error).toBeUndefined();
  });

  test('unsubscribe: none here, which one when several, by id, or the only one', async () => {
    const { bot } = await (await harness()).open([]);
    expect((await refusal(bot, 'unsubscribe', {})).code).toBe('no-subscription');
    await run(bot, 'subscribe', { when: 'daily 06:00' });
    await run(bot, 'subscribe', { when: 'weekly fri 16:00' });
    const which = await refusal(bot, 'unsubscribe', {});
    expect(which.code).toBe('which-subscription');
    expect(which.text).toContain('s1 (At 06:00, UTC)');
    expect(which.text).toContain('s2 (At 16:00, only on Friday, UTC)');
    expect((await refusal(bot, 'unsubscribe', { id: 's9' })).code).toBe('no-subscription');
    expect(textOf(await run(bot, 'unsubscribe', { id: 's2' }))).toContain('Digest s2 stopped');
    expect(textOf(await run(bot, 'unsubscribe', {}))).toContain('Digest s1 stopped');
    expect(textOf(await run(bot, 'schedules'))).toContain('No scheduled digests here');
  });

  test('only schedule managers may subscribe; others get a private refusal naming the permission', async () => {
    const { bot } = await (await harness()).open([]);
    const member: Who = { id: 'U-member', canManageSchedules: false, manageHint: 'members with Manage Server or Administrator permission' };
    const r = await bot.dispatch({ command: 'subscribe', options: { when: 'daily 09:00' }, who: member, where: slackChannel });
    expect(r.error).toBe('forbidden');
    expect(r.ephemeral).toBe(true);
    expect(textOf(r)).toContain('Manage Server or Administrator');
    // Anyone may look.
    const look = await bot.dispatch({ command: 'schedules', options: {}, who: member, where: slackChannel });
    expect(look.error).toBeUndefined();
  });
});

test('through the real shell adapter: subscribe by text, the digest prints into the shell on time', async () => {
  const h = await harness();
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (c: Buffer) => (written += c.toString()));
  // The shell needs the bot, the bot the scheduler, the scheduler the adapters: add the shell last.
  const opened = await h.open([]);
  const shell = createShellAdapter({ bot: opened.bot, input, output, color: false });
  opened.adapters.set('shell', shell);
  await shell.start();
  await opened.scheduler.start();
  const settle = async (needle: string) => {
    for (let i = 0; i < 2000 && !written.includes(needle); i++) await new Promise((r) => setImmediate(r));
    return written;
  };

  input.write('/rareearth subscribe weekdays 08:30 Europe/Berlin\n');
  expect(await settle('Next runs')).toContain('Digest scheduled: At 08:30, Monday through Friday (Europe/Berlin)');
  await advance(opened.scheduler, 30 * 60_000); // 07:30Z = 08:30 CET
  expect(await settle('Quebec lithium')).toContain('Rare-earth digest');
  input.write('schedules\n');
  expect(await settle('Last delivery:')).toContain('Last delivery: Mon 23 Mar 2026, 08:30 CET');
  input.end();
  await shell.closed;
  await opened.scheduler.stop();
});
