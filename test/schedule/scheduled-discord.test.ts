import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { nonceFor } from '../../src/adapters/discord/post.js';
import { text } from '../../src/core/reply.js';
import { createCorpusWatcher } from '../../src/corpus/watch.js';
import type { Corpus } from '../../src/corpus/types.js';
import { createBotFor, loadCorpus } from '../../src/runtime.js';
import { messagesFor, optionsFromLine, visibleText, type ApiMessage } from '../helpers/discord-fixtures.js';
import { FAKE_TOKEN, interactionPayload, startFakeDiscord, type FakeDiscord, type Recorded } from '../helpers/fake-discord.js';
import { advanceTo, createSchedulerRig, pumpUntil, useFakeClock, type SchedulerRig } from '../helpers/scheduled-rig.js';
import { ARTICLES, corpusDir } from './fixtures.js';

const HOUR = 3_600_000;
const MANAGER = '32'; // Manage Server
const MEMBER = '1024'; // View Channel only
const CHANNEL = '555555555555555555'; // where interactionPayload's interactions come from
const where = { platform: 'discord' as const, channelId: CHANNEL };
const isChannelPost = (r: Recorded) => r.method === 'POST' && r.path === `/api/v10/channels/${CHANNEL}/messages`;

interface Rig extends SchedulerRig {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  /** `/rareearth <line>` as a real INTERACTION_CREATE from a member with these permissions; what the member sees. */
  send(line: string, permissions?: string): Promise<{ text: string; ephemeral: boolean }>;
  /** Bodies of every POST to the channel, failed attempts included. */
  channelPosts(): Record<string, unknown>[];
  close(): Promise<void>;
}

/** The real bot and the real Discord adapter (gateway client and REST poster) talking to the fake Discord. */
async function startRig(env: Record<string, string> = {}, corpus?: Corpus): Promise<Rig> {
  // A heartbeat every ten days: jumping fake time by hours must not leave heartbeats unacked.
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 10 * 24 * HOUR });
  const rig = await createSchedulerRig({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: fake.apiUrl, ...env }, corpus);
  const bot = createBotFor(rig.config, rig.log, () => rig.corpus.current, rig.service);
  const adapter = createDiscordAdapter({ config: rig.config.discord!, bot, log: rig.log, rest: { retries: 0 } });
  rig.adapters.set('discord', adapter);
  await adapter.start();
  await rig.scheduler().start();
  return Object.assign(rig, {
    fake,
    adapter,
    async send(line: string, permissions = MANAGER) {
      const payload = interactionPayload({ ...optionsFromLine(bot, line), permissions });
      fake.dispatch('INTERACTION_CREATE', payload);
      await fake.waitFor((r) => r.path.endsWith(`/${payload.token}/callback`));
      const { messages } = messagesFor(fake, payload.token);
      return { text: visibleText(messages), ephemeral: messages.every((m) => ((m.flags ?? 0) & 64) === 64) };
    },
    channelPosts: () => fake.requests.filter(isChannelPost).map((r) => r.body as Record<string, unknown>),
    async close() {
      await rig.scheduler().stop();
      await adapter.stop();
      await fake.close();
    },
  });
}

const embedText = (body: Record<string, unknown>) => visibleText([body as ApiMessage]);

let rig: Rig | undefined;
beforeEach(() => {
  // Tuesday 20 Jan 2026, 10:00 UTC: an hour after the seed corpus was first seen.
  useFakeClock('2026-01-20T10:00:00Z');
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  vi.useRealTimers();
});

describe('scheduled digests through the real Discord adapter (fake Discord, real node-cron and lowdb, fake time)', () => {
  test('subscribe by interaction → fire → one channel post with nonce, mentions off and the digest; a second fire or a restart posts nothing', async () => {
    rig = await startRig();
    const confirm = await rig.send('subscribe daily 12:00 Europe/Berlin');
    expect(confirm.text).toContain('Digest scheduled: At 12:00 (Europe/Berlin)');
    expect(confirm.text).toContain('Tue 20 Jan 2026, 12:00 CET');

    await advanceTo(rig, '2026-01-20T10:59:59Z');
    expect(rig.channelPosts()).toHaveLength(0);
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    const posts = rig.channelPosts();
    expect(posts).toHaveLength(1);
    const body = posts[0];
    expect(body.nonce).toBe(nonceFor('s1@2026-01-20T11:00:00.000Z'));
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.flags ?? 0).toBe(0);
    const shown = embedText(body);
    expect(shown).toContain('Rare-earth digest: last 7 days');
    expect(shown).toMatch(/Japan/);
    expect(shown).toMatch(/\d+ sources?:/);
    expect(shown).toContain('Scheduled digest s1');

    // The same slot again, in this process: refused by the delivery log before any request.
    expect((await rig.scheduler().fire('s1', new Date('2026-01-20T11:00:00Z'))).status).toBe('already-delivered');
    // A restart: the state is closed and reopened; catch-up finds the slot recorded.
    const again = await rig.restart();
    expect((await again.fire('s1', new Date('2026-01-20T11:00:00Z'))).status).toBe('already-delivered');
    expect(rig.channelPosts()).toHaveLength(1);
    const listed = await rig.send('schedules', MEMBER);
    expect(listed.text).toContain('s1 · At 12:00');
    expect(listed.text).toContain('Last delivery\nTue 20 Jan 2026, 12:00 CET');
    expect(listed.text).not.toContain('Last error');
    const state = JSON.parse(await readFile(rig.config.stateFile, 'utf8')) as { deliveries: { key: string; messageId: string }[] };
    expect(state.deliveries).toEqual([expect.objectContaining({ key: 's1@2026-01-20T11:00:00.000Z', messageId: rig.fake.created[0].id })]);
  });

  test('a crash between Discord accepting the post and the record: the retried slot sends the same nonce and Discord creates nothing new', async () => {
    rig = await startRig();
    await rig.send('subscribe daily 12:00 Europe/Berlin');
    // As if a previous run posted the 21 January digest, then died before writing the state.
    const key = 's1@2026-01-21T11:00:00.000Z';
    const ghost = await rig.adapter.post(where, { title: 'Rare-earth digest', blocks: [text('posted before the crash')] }, { key });
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    await advanceTo(rig, '2026-01-21T11:00:00Z');
    const posts = rig.channelPosts();
    expect(posts.map((p) => p.nonce)).toEqual([nonceFor(key), nonceFor('s1@2026-01-20T11:00:00.000Z'), nonceFor(key)]);
    // Three requests, two messages: the 21 January slot was answered with the ghost message.
    expect(rig.fake.created.map((m) => m.id)).toHaveLength(2);
    const state = JSON.parse(await readFile(rig.config.stateFile, 'utf8')) as { deliveries: { key: string; messageId: string }[] };
    expect(state.deliveries.at(-1)).toMatchObject({ key, messageId: ghost.messageId });
  });

  test('digests missed while the bot was down: one catch-up post at start, for the latest missed slot', async () => {
    rig = await startRig();
    await rig.send('subscribe daily 12:00 Europe/Berlin');
    await rig.scheduler().stop();
    vi.setSystemTime(new Date('2026-01-22T15:00:00Z')); // down through the 20, 21 and 22 January slots
    await rig.restart();
    expect(rig.channelPosts().map((p) => p.nonce)).toEqual([nonceFor('s1@2026-01-22T11:00:00.000Z')]);
    expect(embedText(rig.fake.created[0].body)).toContain('Rare-earth digest: last 7 days');
    const listed = await rig.send('schedules');
    expect(listed.text).toContain('Last delivery\nThu 22 Jan 2026, 16:00 CET');
    // Started again the same day: nothing left to catch up.
    await rig.restart();
    expect(rig.channelPosts()).toHaveLength(1);
  });

  test('429 with a short retry_after: discord.js waits it out, then exactly one post', async () => {
    rig = await startRig();
    rig.fake.script(isChannelPost, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 1, global: false },
      headers: { 'retry-after': '1' },
    });
    await rig.send('subscribe hourly');
    await vi.advanceTimersByTimeAsync(Date.parse('2026-01-20T11:00:00Z') - Date.now());
    await pumpUntil(() => rig!.channelPosts().length >= 2);
    await rig.scheduler().idle();
    const requests = rig.fake.requests.filter(isChannelPost);
    expect(requests).toHaveLength(2);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(1000);
    expect(requests[1].body).toEqual(requests[0].body); // same nonce: even a lost 429 could not double it
    expect(rig.fake.created).toHaveLength(1);
    expect(rig.waits).toEqual([]);
    expect((await rig.send('schedules')).text).not.toContain('Last error');
  });

  test('429 with a long retry_after: handed back to the scheduler, which waits as asked, then exactly one post', async () => {
    rig = await startRig();
    rig.fake.script(isChannelPost, {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 30, global: false },
      headers: { 'retry-after': '30' },
    });
    await rig.send('subscribe hourly');
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    const requests = rig.fake.requests.filter(isChannelPost);
    expect(requests).toHaveLength(2);
    expect(rig.waits).toHaveLength(1);
    expect(rig.waits[0]).toBeGreaterThanOrEqual(30_000);
    expect(rig.waits[0]).toBeLessThan(31_000);
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(30_000);
    expect(rig.fake.created).toHaveLength(1);
  });

  test('500 every time → bounded retries with backoff, the subscription failing and the error shown by `schedules`; the next good slot clears it', async () => {
    rig = await startRig();
    rig.fake.override((r) => (isChannelPost(r) ? { status: 500, body: { message: 'Internal Server Error', code: 0 } } : undefined));
    await rig.send('subscribe hourly');
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    // Three scheduler attempts, each a request and the REST client's one retry.
    expect(rig.channelPosts()).toHaveLength(6);
    expect(rig.waits).toEqual([2000, 4000]);
    expect(rig.fake.created).toHaveLength(0);
    const listed = await rig.send('schedules', MEMBER);
    expect(listed.text).toContain(`Last error\nTue 20 Jan 2026, 11:00 UTC: gave up after 3 attempts: Discord answered 500 for channel ${CHANNEL}`);
    expect(listed.text).toContain('Last delivery\nnone yet');

    rig.fake.clearOverrides();
    await advanceTo(rig, '2026-01-20T12:00:00Z');
    expect(rig.fake.created).toHaveLength(1);
    // The failed slot was never recorded, so this digest still carries the news.
    expect(embedText(rig.fake.created[0].body)).toContain('Rare-earth digest: last 7 days');
    expect((await rig.send('schedules')).text).not.toContain('Last error');
  });

  test.each([
    { status: 403, code: 50001, message: 'Missing Access', reason: 'the bot has no access to the channel (HTTP 403, code 50001)' },
    { status: 404, code: 10003, message: 'Unknown Channel', reason: 'the channel no longer exists (HTTP 404, code 10003)' },
  ])('$status with Discord code $code → no retry, failing with a readable reason', async ({ status, code, message, reason }) => {
    rig = await startRig();
    rig.fake.override((r) => (isChannelPost(r) ? { status, body: { message, code } } : undefined));
    await rig.send('subscribe hourly');
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    expect(rig.channelPosts()).toHaveLength(1);
    expect(rig.waits).toEqual([]);
    const listed = await rig.send('schedules');
    expect(listed.text).toContain(`the platform refused the post: cannot post to channel ${CHANNEL}: ${reason}`);
  });

  test('a member without Manage Server is refused privately, naming the permission; nothing is scheduled', async () => {
    rig = await startRig();
    const refused = await rig.send('subscribe daily 09:00', MEMBER);
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('Manage Server');
    expect(refused.text).not.toContain('Digest scheduled');
    expect(await rig.scheduler().list(where).then((r) => r.title)).toBe('No scheduled digests here');
    await advanceTo(rig, '2026-01-21T11:00:00Z');
    expect(rig.channelPosts()).toHaveLength(0);
  });

  test('a file dropped into the corpus folder is picked up by the watcher and appears in the next digest posted to Discord', async () => {
    vi.setSystemTime(new Date('2026-03-23T07:00:00Z'));
    const dir = await corpusDir([ARTICLES.lithium, ARTICLES.cobalt]);
    rig = await startRig({ CORPUS_DIR: dir, CORPUS_POLL_SECONDS: '10' });
    const { config, log } = rig;
    rig.corpus.current = (await loadCorpus(config, log)).corpus;
    let rebuilt = 0;
    const watcher = createCorpusWatcher({
      dir: config.corpusDir,
      pollSeconds: config.corpusPollSeconds,
      rebuild: async () => (await loadCorpus(config, log)).corpus,
      onCorpus: (next) => {
        rig!.corpus.current = next;
        rebuilt++;
      },
      log,
    });
    await watcher.start();
    try {
      await rig.send('subscribe hourly');
      await advanceTo(rig, '2026-03-23T08:00:00Z');
      expect(rig.fake.created).toHaveLength(1);
      expect(embedText(rig.fake.created[0].body)).toContain('Quebec lithium mine doubles its output target');
      expect(embedText(rig.fake.created[0].body)).not.toContain('Gallium');

      await writeFile(path.join(dir, ARTICLES.gallium.file), ARTICLES.gallium.text);
      // The watcher's own timer polls: one poll sees the change, the next finds it settled and rebuilds.
      await pumpUntil(() => rebuilt > 0, 1000, 120);
      await advanceTo(rig, '2026-03-23T09:00:00Z');
      expect(rig.fake.created).toHaveLength(2);
      const next = embedText(rig.fake.created[1].body);
      expect(next).toContain('Gallium and germanium export controls widened to new buyers');
      expect(next).not.toContain('Quebec lithium');
    } finally {
      watcher.stop();
    }
  });
});
