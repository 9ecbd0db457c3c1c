import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import type { Bot } from '../../src/core/bot.js';
import type { Subcommand } from '../../src/core/command.js';
import { commands } from '../../commands/index.js';
import { adapterBehaviourSuite, type AdapterDriver } from '../helpers/behaviour-suite.js';
import { FAKE_TOKEN, interactionPayload, startFakeDiscord, type FakeDiscord, type InteractionInit } from '../helpers/fake-discord.js';
import { createTestBot, messagesFor, optionsFromLine, settled, visibleText, type ApiMessage } from '../helpers/discord-fixtures.js';

const MEMBER = '1024'; // View Channel only
const MANAGER = '32'; // Manage Server

interface Rig {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  bot: Bot;
  lines: Record<string, unknown>[];
  /** Dispatches an interaction through the gateway; returns its token. */
  send(init: InteractionInit): string;
  close(): Promise<void>;
}

async function startRig(deferAfterMs = 1500): Promise<Rig> {
  const fake = await startFakeDiscord();
  const { bot, log, lines } = await createTestBot();
  const adapter = createDiscordAdapter({
    config: { token: FAKE_TOKEN, apiUrl: fake.apiUrl },
    bot,
    log,
    deferAfterMs,
    rest: { retries: 0 },
  });
  await adapter.start();
  return {
    fake,
    adapter,
    bot,
    lines,
    send(init) {
      const p = interactionPayload(init);
      fake.dispatch('INTERACTION_CREATE', p);
      return p.token;
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}

adapterBehaviourSuite('discord', async (): Promise<AdapterDriver> => {
  const rig = await startRig();
  return {
    async send(line) {
      const token = rig.send({ ...optionsFromLine(rig.bot, line), permissions: MEMBER });
      const seen = await settled(rig.fake, token);
      return { text: visibleText(seen.messages), ephemeral: seen.messages.every((m) => ((m.flags ?? 0) & 64) === 64) };
    },
    close: () => rig.close(),
  };
});

/** A value each required option accepts, taken from the spec alone (autocomplete, choices, min). */
function sampleLine(bot: Bot, c: Subcommand): string {
  const values = c.options
    .filter((o) => o.required)
    .map((o) => {
      if (o.type === 'integer') return String(o.min ?? 1);
      if (o.type === 'boolean') return 'true';
      return o.choices?.[0]?.value ?? bot.complete(c.name, o.name, '')[0]?.value ?? 'rare';
    });
  return [c.name, ...values.map((v) => `"${v}"`)].join(' ');
}

describe('discord adapter over the gateway', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(150);
  });
  afterAll(async () => {
    await rig?.close();
  });

  const answer = async (init: InteractionInit) => settled(rig.fake, rig.send(init));

  test('connects through the gateway URL that REST gave it and becomes ready', () => {
    expect(rig.fake.requests.some((r) => r.method === 'GET' && r.path === '/api/v10/gateway/bot')).toBe(true);
    expect(rig.fake.requests.find((r) => r.path === '/api/v10/gateway/bot')?.headers.authorization).toBe(`Bot ${FAKE_TOKEN}`);
  });

  test.each(commands.map((c) => c.name))('subcommand %s is answered through the interaction callback', async (name) => {
    const c = commands.find((x) => x.name === name)!;
    const seen = await answer({ ...optionsFromLine(rig.bot, sampleLine(rig.bot, c)), permissions: MANAGER });
    expect([4, 5]).toContain(seen.callbackType);
    expect(seen.messages.length).toBeGreaterThan(0);
    expect(seen.messages[0].embeds?.[0]?.title).toBeTruthy();
  });

  test('a command slower than the defer threshold is deferred, then edited in', async () => {
    const seen = await answer({ sub: 'slowpoke', options: [{ name: 'ms', type: 4, value: 400 }], permissions: MEMBER });
    expect(seen.callbackType).toBe(5);
    const edit = seen.requests.find((r) => r.method === 'PATCH');
    expect(edit?.path).toMatch(/\/webhooks\/\d+\/tok-\d+\/messages\/@original$/);
    expect(visibleText([edit?.body as ApiMessage])).toContain('Lithium prices');
  });

  test('a subcommand declared slow is deferred at once, however fast it turns out', async () => {
    const seen = await answer({ sub: 'ponder', permissions: MEMBER });
    expect(seen.callbackType).toBe(5);
    expect(visibleText(seen.messages)).toContain('Graphite anodes');
  });

  test('a deferred answer that turns out private replaces the public placeholder with an ephemeral follow-up', async () => {
    const seen = await answer({
      sub: 'slowpoke',
      options: [{ name: 'ms', type: 4, value: 300 }, { name: 'fail', type: 5, value: true }],
      permissions: MEMBER,
    });
    expect(seen.callbackType).toBe(5);
    expect(seen.requests.some((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'))).toBe(true);
    expect(seen.messages.at(-1)?.flags).toBe(64);
    expect(visibleText(seen.messages)).toContain('cobalt feed is closed');
  });

  test('a reply beyond every limit is split into follow-ups within limits and cut with a visible note', async () => {
    const token = rig.send({ sub: 'flood', permissions: MEMBER });
    await rig.fake.waitFor((r) => r.path.includes(`/webhooks/`) && r.path.endsWith(token));
    await new Promise((r) => setTimeout(r, 150));
    const { messages } = messagesFor(rig.fake, token);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      const embeds = m.embeds ?? [];
      expect(embeds.length).toBeLessThanOrEqual(10);
      expect(visibleText([m]).length).toBeLessThanOrEqual(6000);
      for (const e of embeds) expect((e.description ?? '').length).toBeLessThanOrEqual(4096);
    }
    const text = visibleText(messages);
    expect(text).toMatch(/…and \d+ more items not shown/);
    expect(text).toContain('Source: imaginary register');
  });

  test('an exception inside a command gets a private apology and a log line with the interaction id', async () => {
    const token = rig.send({ sub: 'boom', permissions: MEMBER });
    const seen = await settled(rig.fake, token);
    expect(seen.messages[0].flags).toBe(64);
    expect(visibleText(seen.messages)).toMatch(/sorry/i);
    const id = token.replace('tok-', '');
    expect(rig.lines.some((l) => l.interactionId === id && l.level === 50)).toBe(true);
  });

  test('autocomplete answers article ids from the corpus', async () => {
    const token = rig.send({ sub: 'article', type: 4, options: [{ name: 'id', type: 3, value: '00', focused: true }], permissions: MEMBER });
    const cb = await rig.fake.waitFor((r) => r.path.endsWith(`/${token}/callback`));
    const body = cb.body as { type: number; data: { choices: { name: string; value: string }[] } };
    expect(body.type).toBe(8);
    expect(body.data.choices.map((c) => c.value)).toContain('004_52f2a795d7ea89a4');
    for (const c of body.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  test('a schedule-managing subcommand is refused, privately and naming the permission, for a plain member', async () => {
    const seen = await answer({ sub: 'plan', permissions: MEMBER });
    expect(seen.messages[0].flags).toBe(64);
    expect(visibleText(seen.messages)).toContain('Manage Server or Administrator');
  });

  test('a member with Manage Server or Administrator may manage schedules', async () => {
    for (const permissions of [MANAGER, '8']) {
      const seen = await answer({ sub: 'plan', permissions });
      expect(visibleText(seen.messages)).toContain('weekly cobalt digest');
    }
  });

  test('in a direct message, schedule-managing subcommands are refused', async () => {
    const seen = await answer({ sub: 'plan' });
    expect(seen.messages[0].flags).toBe(64);
    expect(visibleText(seen.messages)).toMatch(/not in direct messages/);
  });

  test('user text is escaped and pings nobody', async () => {
    const seen = await answer({ sub: 'echo', options: [{ name: 'words', type: 3, value: '@everyone <@123> **now**' }], permissions: MEMBER });
    const e = seen.messages[0].embeds![0];
    expect(e.description).toBe('\\@everyone \\<\\@123\\> \\*\\*now\\*\\*');
    expect(seen.messages[0].allowed_mentions).toEqual({ parse: [] });
  });

  test('every message that reached Discord carried allowed_mentions with nothing to parse', () => {
    const bodies = rig.fake.requests
      .filter((r) => r.method === 'PATCH' || (r.method === 'POST' && /webhooks|channels/.test(r.path)))
      .map((r) => r.body as ApiMessage);
    const replies = rig.fake.requests
      .filter((r) => r.path.endsWith('/callback'))
      .map((r) => r.body as { type: number; data?: ApiMessage })
      .filter((b) => b.type === 4)
      .map((b) => b.data!);
    expect(bodies.length + replies.length).toBeGreaterThan(10);
    for (const b of [...bodies, ...replies]) expect(b.allowed_mentions).toEqual({ parse: [] });
  });
});
