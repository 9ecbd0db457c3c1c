import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/app.js';
import { createBotFor } from '../../src/runtime.js';
import { postSlashCommand, slashPayload, startFakeSlack, visibleText, type ApiCall, type FakeSlack } from '../helpers/fake-slack.js';
import { advanceTo, createSchedulerRig, pumpUntil, useFakeClock, type SchedulerRig } from '../helpers/scheduled-rig.js';

const SECRET = 'test-signing-secret-0123456789';
const CHANNEL = 'C0001'; // slashPayload's channel
const ADMIN = 'UADMIN'; // a workspace admin, per users.info
const LISTED = 'ULISTED'; // not an admin, but in SLACK_ADMIN_USERS
const MEMBER = 'U0001';

interface Rig extends SchedulerRig {
  fake: FakeSlack;
  adapter: SlackAdapter;
  /** `/rareearth <line>` as a signed slash command from `user`; what response_url received. */
  send(line: string, user?: string): Promise<{ text: string; ephemeral: boolean }>;
  /** Every chat.postMessage the fake received, failed ones included. */
  posts(): ApiCall[];
  close(): Promise<void>;
}

/** The real bot and the real Slack adapter (Bolt over HTTP, Web API client) talking to the fake Slack. */
async function startRig(): Promise<Rig> {
  const fake = await startFakeSlack({ users: { [ADMIN]: { is_admin: true }, [MEMBER]: { is_admin: false }, [LISTED]: {} } });
  const rig = await createSchedulerRig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ADMIN_USERS: LISTED,
  });
  const bot = createBotFor(rig.config, rig.log, () => rig.corpus.current, rig.service);
  // Port 0: any free port. No Web API retries of its own, so a scripted failure reaches the poster at once.
  const adapter = createSlackAdapter({ config: { ...rig.config.slack!, port: 0 }, bot, log: rig.log, retries: 0 });
  rig.adapters.set('slack', adapter);
  await adapter.start();
  await rig.scheduler().start();
  const endpoint = `http://127.0.0.1:${adapter.port()}/slack/events`;
  const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage');
  return Object.assign(rig, {
    fake,
    adapter,
    async send(line: string, user = ADMIN) {
      const url = fake.responseUrl();
      const res = await postSlashCommand(endpoint, SECRET, slashPayload(line, { response_url: url, user_id: user }));
      expect(res.status).toBe(200);
      const r = await fake.nextResponse(url);
      // Bold markers are formatting, not words: a field reads "Last delivery" then its value on the next line.
      return { text: visibleText(r.blocks).replace(/\*/g, ''), ephemeral: r.response_type === 'ephemeral' };
    },
    posts,
    async close() {
      await rig.scheduler().stop();
      await adapter.stop();
      await fake.close();
    },
  });
}

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

const ratelimited = (seconds: number) => ({ status: 429, headers: { 'retry-after': String(seconds) }, body: { ok: false, error: 'ratelimited' } });

describe('scheduled digests through the real Slack adapter (fake Slack, real node-cron and lowdb, fake time)', () => {
  test('subscribe by signed slash command → fire → one chat.postMessage with blocks; a second fire or a restart posts nothing', async () => {
    rig = await startRig();
    const confirm = await rig.send('subscribe weekdays 08:30 America/New_York');
    expect(confirm.text).toContain('Digest scheduled: At 08:30, Monday through Friday (America/New_York)');
    expect(confirm.text).toContain('Tue 20 Jan 2026, 08:30 GMT-5');

    await advanceTo(rig, '2026-01-20T13:29:59Z');
    expect(rig.posts()).toHaveLength(0);
    await advanceTo(rig, '2026-01-20T13:30:00Z');
    const posts = rig.posts();
    expect(posts).toHaveLength(1);
    const { channel, blocks, text } = posts[0].args as { channel: string; blocks: Record<string, unknown>[]; text: string };
    expect(channel).toBe(CHANNEL);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Rare-earth digest: last 7 days' } });
    expect(text).toContain('Rare-earth digest');
    const shown = visibleText(blocks);
    expect(shown).toMatch(/Japan/);
    expect(shown).toMatch(/\d+ sources?:/);
    expect(shown).toContain('Scheduled digest s1');
    expect(shown).not.toMatch(/<!(channel|here|everyone)>/);

    expect((await rig.scheduler().fire('s1', new Date('2026-01-20T13:30:00Z'))).status).toBe('already-delivered');
    const again = await rig.restart();
    expect((await again.fire('s1', new Date('2026-01-20T13:30:00Z'))).status).toBe('already-delivered');
    expect(rig.posts()).toHaveLength(1);
    const listed = await rig.send('schedules', MEMBER);
    expect(listed.text).toContain('s1 · At 08:30, Monday through Friday');
    expect(listed.text).toContain('Last delivery\nTue 20 Jan 2026, 08:30 GMT-5');
    expect(listed.text).toContain('Next run\nWed 21 Jan 2026, 08:30 GMT-5');
    const state = JSON.parse(await readFile(rig.config.stateFile, 'utf8')) as { deliveries: { key: string; messageId: string }[] };
    expect(state.deliveries).toEqual([expect.objectContaining({ key: 's1@2026-01-20T13:30:00.000Z', messageId: '1700000000.000001' })]);
  });

  test('ratelimited with a short Retry-After: the poster waits it out in place, then exactly one post', async () => {
    rig = await startRig();
    rig.fake.script('chat.postMessage', ratelimited(2));
    await rig.send('subscribe hourly');
    await vi.advanceTimersByTimeAsync(Date.parse('2026-01-20T11:00:00Z') - Date.now());
    await pumpUntil(() => rig!.posts().length >= 2);
    await rig.scheduler().idle();
    const posts = rig.posts();
    expect(posts).toHaveLength(2);
    expect(posts[1].at - posts[0].at).toBeGreaterThanOrEqual(2000);
    expect(posts[1].args).toEqual(posts[0].args);
    expect(rig.waits).toEqual([]);
    const listed = await rig.send('schedules');
    expect(listed.text).toContain('Last delivery\nTue 20 Jan 2026, 11:00 UTC');
    expect(listed.text).not.toContain('Last error');
  });

  test('ratelimited with a long Retry-After: handed back to the scheduler, which waits as asked, then exactly one post', async () => {
    rig = await startRig();
    rig.fake.script('chat.postMessage', ratelimited(45));
    await rig.send('subscribe hourly');
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    const posts = rig.posts();
    expect(posts).toHaveLength(2);
    expect(rig.waits).toEqual([45_000]);
    expect(posts[1].at - posts[0].at).toBe(45_000);
    expect((await rig.send('schedules')).text).toContain('Last delivery\nTue 20 Jan 2026, 11:00 UTC');
  });

  test('channel_not_found → no retry, the subscription failing and the reason shown by `schedules` through a slash command', async () => {
    rig = await startRig();
    rig.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await rig.send('subscribe hourly');
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    expect(rig.posts()).toHaveLength(1);
    expect(rig.waits).toEqual([]);
    const listed = await rig.send('schedules', MEMBER);
    expect(listed.text).toContain('Last error\nTue 20 Jan 2026, 11:00 UTC: the platform refused the post: Slack refused the post: channel_not_found');
    expect(listed.text).toContain('Last delivery\nnone yet');
  });

  test('HTTP 500 every time → bounded retries with backoff, then failing; the next good slot posts everything and clears the error', async () => {
    rig = await startRig();
    const down = { status: 500, body: { ok: false, error: 'internal_error' } };
    rig.fake.script('chat.postMessage', down, down, down);
    await rig.send('subscribe hourly');
    await advanceTo(rig, '2026-01-20T11:00:00Z');
    expect(rig.posts()).toHaveLength(3);
    expect(rig.waits).toEqual([2000, 4000]);
    expect((await rig.send('schedules')).text).toContain('Last error\nTue 20 Jan 2026, 11:00 UTC: gave up after 3 attempts: Slack answered HTTP 500');

    await advanceTo(rig, '2026-01-20T12:00:00Z');
    expect(rig.posts()).toHaveLength(4);
    expect(visibleText(rig.posts()[3].args.blocks as Record<string, unknown>[])).toContain('Rare-earth digest: last 7 days');
    expect((await rig.send('schedules')).text).not.toContain('Last error');
  });

  test('only workspace admins and SLACK_ADMIN_USERS may subscribe; others are refused privately, naming who may', async () => {
    rig = await startRig();
    const refused = await rig.send('subscribe daily 09:00', MEMBER);
    expect(refused.ephemeral).toBe(true);
    expect(refused.text).toContain('workspace admins or the users listed in SLACK_ADMIN_USERS');
    expect((await rig.send('schedules', MEMBER)).text).toContain('No scheduled digests here');
    const listed = await rig.send('subscribe daily 09:00', LISTED);
    expect(listed.text).toContain('Digest scheduled: At 09:00 (UTC)');
  });
});
