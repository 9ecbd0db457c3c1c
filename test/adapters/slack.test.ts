import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/app.js';
import type { Subcommand } from '../../src/core/command.js';
import { fields, heading, list, text, type Block } from '../../src/core/reply.js';
import { createMemoryLogger } from '../../src/log.js';
import { adapterBehaviourSuite, type AdapterDriver } from '../helpers/behaviour-suite.js';
import { seedBot } from '../helpers/corpus.js';
import {
  expectNoMentions,
  expectWithinSlackLimits,
  postSlashCommand,
  slashPayload,
  startFakeSlack,
  visibleText,
  type FakeSlack,
  type Responded,
} from '../helpers/fake-slack.js';

const SECRET = 'test-signing-secret-0123456789';

/** A schedule-managing subcommand, standing in for subscribe/unsubscribe whatever their names become. */
const mute: Subcommand = {
  name: 'mute',
  description: 'Pause scheduled digests in this channel',
  options: [],
  examples: ['mute'],
  managesSchedules: true,
  run: () => ({ title: 'Digests paused', blocks: [text('No digests here until you resume them.')] }),
};

/** A reply far beyond every Slack limit: long title, a 10 000-char paragraph, 25 fields, 80 sections. */
const flood: Subcommand = {
  name: 'flood',
  description: 'An oversized reply',
  options: [],
  examples: ['flood'],
  run: () => ({
    title: `Cobalt ${'and lithium '.repeat(30)}`,
    blocks: [
      text('Kivu cobalt output & prices. '.repeat(350)),
      fields(Array.from({ length: 25 }, (_, i) => ({ name: `Mine ${i}`, value: 'x'.repeat(2500) }))),
      ...Array.from({ length: 80 }, (_, i): Block[] => [heading(`Story ${i}`), list([`Item ${i}`])]).flat(),
    ],
    footer: 'flood footer',
  }),
};

interface Harness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  endpoint: string;
  /** Sends `/rareearth <line>` signed, as user U0001 unless overridden; resolves with what response_url got. */
  send(line: string, over?: Record<string, string>): Promise<Responded>;
  close(): Promise<void>;
}

async function startHttp(): Promise<Harness> {
  const fake = await startFakeSlack({ users: { U0001: { is_admin: false }, UADMIN: { is_admin: true }, UOWNER: { is_owner: true } } });
  const { bot } = await seedBot([mute, flood]);
  const adapter = createSlackAdapter({
    config: { botToken: 'xoxb-test', signingSecret: SECRET, adminUsers: ['ULISTED'], apiUrl: fake.apiUrl, port: 0 },
    bot,
    log: createMemoryLogger().log,
    retries: 0,
    maxRateLimitWaitMs: 1500,
  });
  await adapter.start();
  const endpoint = `http://127.0.0.1:${adapter.port()}/slack/events`;
  return {
    fake,
    adapter,
    endpoint,
    async send(line, over = {}) {
      const url = fake.responseUrl();
      const res = await postSlashCommand(endpoint, SECRET, slashPayload(line, { response_url: url, ...over }));
      expect(res.status).toBe(200);
      return fake.nextResponse(url);
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

adapterBehaviourSuite('slack', async (): Promise<AdapterDriver> => {
  const h = await startHttp();
  return {
    send: async (line) => {
      const r = await h.send(line);
      return { text: visibleText(r.blocks), ephemeral: r.response_type === 'ephemeral' };
    },
    close: h.close,
  };
});

describe('slack adapter over HTTP (real Bolt, fake Slack)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHttp();
  });
  afterAll(async () => {
    await h?.close();
  });

  test('every registered subcommand answers its first example with valid Block Kit', async () => {
    for (const c of commands) {
      const r = await h.send(c.examples[0]);
      expectWithinSlackLimits(r);
      expectNoMentions(r);
      expect(r.blocks[0].type, c.name).toBe('header');
      expect(r.response_type, c.name).toMatch(/^(ephemeral|in_channel)$/);
    }
  });

  test('briefings go to the channel, help and errors only to the user, --private keeps any answer private', async () => {
    expect((await h.send('sources')).response_type).toBe('in_channel');
    expect((await h.send('help')).response_type).toBe('ephemeral');
    expect((await h.send('article nosuch')).response_type).toBe('ephemeral');
    expect((await h.send('sources --private')).response_type).toBe('ephemeral');
  });

  test('a bad signature and a stale timestamp are refused with 401 and never answered', async () => {
    const payload = slashPayload('sources', { response_url: h.fake.responseUrl() });
    const bad = await postSlashCommand(h.endpoint, SECRET, payload, { secret: 'not-the-secret-at-all' });
    expect(bad.status).toBe(401);
    const stale = await postSlashCommand(h.endpoint, SECRET, payload, { ts: Math.floor(Date.now() / 1000) - 60 * 60 });
    expect(stale.status).toBe(401);
    await expect(h.fake.nextResponse(payload.response_url, 300)).rejects.toThrow(/timed out/);
  });

  test('a quoted query, straight or curly as Slack clients type it, is one search phrase', async () => {
    for (const line of ['search "rare earth magnets"', 'search “rare earth magnets”']) {
      const r = await h.send(line);
      expect((r.blocks[0].text as { text: string }).text).toBe('Search: rare earth magnets');
    }
  });

  test('mentions and broadcasts in a query, raw or entity-escaped by Slack, come out harmless', async () => {
    for (const q of ['<!channel> <@U123> <!here> lithium', '&lt;!channel&gt; &lt;@U123&gt; @here lithium']) {
      const r = await h.send(`search ${q}`);
      expectNoMentions(r);
      expect(visibleText(r.blocks)).toContain('<!channel> <@U123>');
      expect(r.text).toContain('&lt;!channel&gt;');
    }
  });

  test('an over-long reply is cut to Slack limits with a visible "…and N more"', async () => {
    const r = await h.send('flood');
    expectWithinSlackLimits(r);
    // 50 at most; one fewer when the cut lands on a divider, which is dropped rather than left dangling.
    expect(r.blocks.length).toBeGreaterThanOrEqual(49);
    expect(visibleText(r.blocks)).toMatch(/…and \d+ more not shown/);
    expect(visibleText(r.blocks)).toContain('flood footer');
    expect(r.text.length).toBeLessThanOrEqual(3000);
  });

  test('an unknown subcommand gets a private hint pointing to help', async () => {
    const r = await h.send('frobnicate');
    expect(r.response_type).toBe('ephemeral');
    expect(visibleText(r.blocks)).toMatch(/no subcommand "frobnicate".*\/rareearth help/s);
  });

  test('a schedule command is refused to a non-admin, naming who may, and allowed to admins, owners and listed users', async () => {
    const refused = await h.send('mute', { user_id: 'U0001' });
    expect(refused.response_type).toBe('ephemeral');
    expect(visibleText(refused.blocks)).toContain('workspace admins or the users listed in SLACK_ADMIN_USERS');
    for (const user of ['UADMIN', 'UOWNER', 'ULISTED']) {
      expect(visibleText((await h.send('mute', { user_id: user })).blocks), user).toContain('Digests paused');
    }
    const looked = h.fake.calls.filter((c) => c.method === 'users.info').map((c) => c.args.user);
    expect(looked).not.toContain('ULISTED');
  });

  test('users.info is asked only for schedule commands, and its answer is reused', async () => {
    const before = h.fake.calls.filter((c) => c.method === 'users.info').length;
    await h.send('sources', { user_id: 'UFRESH' });
    await h.send('mute --private', { user_id: 'UADMIN' });
    await h.send('mute', { user_id: 'UADMIN' });
    expect(h.fake.calls.filter((c) => c.method === 'users.info').length - before).toBeLessThanOrEqual(1);
    expect(h.fake.calls.some((c) => c.method === 'users.info' && c.args.user === 'UFRESH')).toBe(false);
  });

  test('--json answers with the command data as preformatted text', async () => {
    const r = await h.send('sources --json');
    expectWithinSlackLimits(r);
    expect(visibleText(r.blocks)).toContain('"articles"');
  });

  test('post() sends chat.postMessage with blocks and text and returns the ts', async () => {
    const result = await h.adapter.post({ platform: 'slack', channelId: 'C0777' }, { title: 'Weekly digest', blocks: [text('Lithium prices <fell>')] });
    expect(result.messageId).toMatch(/^\d+\.\d+$/);
    const call = h.fake.calls.filter((c) => c.method === 'chat.postMessage').at(-1)!;
    expect(call.args.channel).toBe('C0777');
    expect(call.args.text).toContain('Lithium prices &lt;fell&gt;');
    expectWithinSlackLimits(call.args as { text: string; blocks: Record<string, unknown>[] });
  });

  test('post() waits out a ratelimited answer (Retry-After) and posts once it passes', async () => {
    h.fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } });
    const before = h.fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    const started = Date.now();
    const result = await h.adapter.post({ platform: 'slack', channelId: 'C0777' }, { title: 'Digest', blocks: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(result.messageId).toMatch(/^\d+\.\d+$/);
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage').length - before).toBe(2);
  });

  test('post() hands a long Retry-After back as a retry PostError, and a lost channel as permanent', async () => {
    h.fake.script('chat.postMessage', { status: 429, headers: { 'retry-after': '120' }, body: { ok: false, error: 'ratelimited' } });
    await expect(h.adapter.post({ platform: 'slack', channelId: 'C1' }, { title: 'D', blocks: [] })).rejects.toMatchObject({
      name: 'PostError',
      kind: 'retry',
      retryAfterMs: 120_000,
    });
    h.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await expect(h.adapter.post({ platform: 'slack', channelId: 'C2' }, { title: 'D', blocks: [] })).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('channel_not_found'),
    });
  });
});

test('Socket Mode: the same command arrives over the WebSocket, is acked and answered at response_url', async () => {
  const fake = await startFakeSlack();
  const { bot } = await seedBot();
  const adapter = createSlackAdapter({
    config: { botToken: 'xoxb-test', appToken: 'xapp-test', adminUsers: [], apiUrl: fake.apiUrl, port: 0 },
    bot,
    log: createMemoryLogger().log,
    retries: 0,
  });
  try {
    await adapter.start();
    expect(fake.calls.some((c) => c.method === 'apps.connections.open')).toBe(true);
    const url = fake.responseUrl();
    const ack = await fake.sendSocketCommand(slashPayload('search "rare earth magnets"', { response_url: url }));
    expect(ack.envelope_id).toBeTruthy();
    const r = await fake.nextResponse(url);
    expect((r.blocks[0].text as { text: string }).text).toBe('Search: rare earth magnets');
    expect(r.response_type).toBe('in_channel');
  } finally {
    await adapter.stop();
    await fake.close();
  }
});
