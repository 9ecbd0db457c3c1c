import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord.js';
import { ed25519PublicKey, isValidSignature } from '../../src/adapters/discord/http-interactions.js';
import { renderReply, toApiBody } from '../../src/adapters/discord/outbound.js';
import { createMemoryLogger } from '../../src/log.js';
import type { Bot } from '../../src/core/bot.js';
import { FAKE_TOKEN, interactionPayload, startFakeDiscord, type FakeDiscord, type InteractionInit } from '../helpers/fake-discord.js';
import { createTestBot, optionsFromLine, visibleText, type ApiMessage } from '../helpers/discord-fixtures.js';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
/** The raw 32-byte key as the Developer Portal shows it: the SPKI DER minus its 12-byte prefix. */
const PUBLIC_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');

const signed = (key: KeyObject, body: string, ts = String(Math.floor(Date.now() / 1000))) => ({
  'x-signature-ed25519': sign(null, Buffer.from(ts + body), key).toString('hex'),
  'x-signature-timestamp': ts,
});

let fake: FakeDiscord;
let adapter: DiscordAdapter;
let bot: Bot;
let url: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  ({ bot } = await createTestBot());
  adapter = createDiscordAdapter({
    config: { token: FAKE_TOKEN, apiUrl: fake.apiUrl, publicKey: PUBLIC_HEX, interactionsPort: 0 },
    bot,
    log: createMemoryLogger().log,
    deferAfterMs: 150,
    rest: { retries: 0 },
    host: '127.0.0.1',
  });
  await adapter.start();
  url = `http://127.0.0.1:${adapter.port()}/interactions`;
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

async function postSigned(payload: unknown, headers?: Record<string, string>) {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? signed(privateKey, body)) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: (await res.json()) as { type: number; data?: ApiMessage & { choices?: { value: string }[] } } };
}

const command = (init: InteractionInit) => interactionPayload(init);

describe('HTTP interactions mode', () => {
  test('Ed25519 signature check: a valid one passes; a changed body, a stale or a future timestamp do not', () => {
    const key = ed25519PublicKey(PUBLIC_HEX);
    const now = 1_760_000_000_000;
    const ts = String(now / 1000);
    const h = signed(privateKey, '{"type":1}', ts);
    expect(isValidSignature(key, h['x-signature-ed25519'], ts, Buffer.from('{"type":1}'), now)).toBe(true);
    expect(isValidSignature(key, h['x-signature-ed25519'], ts, Buffer.from('{"type":2}'), now)).toBe(false);
    expect(isValidSignature(key, h['x-signature-ed25519'], ts, Buffer.from('{"type":1}'), now + 6 * 60_000)).toBe(false);
    expect(isValidSignature(key, h['x-signature-ed25519'], ts, Buffer.from('{"type":1}'), now - 6 * 60_000)).toBe(false);
    expect(isValidSignature(key, undefined, ts, Buffer.from('{"type":1}'), now)).toBe(false);
  });

  test('PING is answered with PONG', async () => {
    const r = await postSigned({ type: 1, id: '1', application_id: '1', token: 't' });
    expect(r).toEqual({ status: 200, json: { type: 1 } });
  });

  test('a bad signature (another key) is refused with 401', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const body = JSON.stringify({ type: 1 });
    const r = await postSigned({ type: 1 }, signed(other, body));
    expect(r.status).toBe(401);
  });

  test('a stale signature (10 minutes old) is refused with 401', async () => {
    const body = JSON.stringify({ type: 1 });
    const r = await postSigned({ type: 1 }, signed(privateKey, body, String(Math.floor(Date.now() / 1000) - 600)));
    expect(r.status).toBe(401);
  });

  test('a command is answered in the HTTP response with the same payload as gateway mode would send', async () => {
    const r = await postSigned(command({ ...optionsFromLine(bot, 'article 004'), permissions: '1024' }));
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(4);
    expect(r.json.data?.allowed_mentions).toEqual({ parse: [] });
    expect(visibleText([r.json.data!])).toContain('004_52f2a795d7ea89a4');
    const direct = await bot.dispatch({
      command: 'article',
      options: { id: '004' },
      who: { id: 'x', canManageSchedules: false },
      where: { platform: 'discord', channelId: 'c' },
    });
    expect(r.json.data).toEqual(JSON.parse(JSON.stringify(toApiBody(renderReply(direct)[0]))));
  });

  test('an unknown article is answered privately', async () => {
    const r = await postSigned(command({ ...optionsFromLine(bot, 'article nosuch'), permissions: '1024' }));
    expect(r.json.data?.flags).toBe(64);
    expect(visibleText([r.json.data!])).toMatch(/no article "nosuch"/i);
  });

  test('autocomplete is answered with choices from the corpus', async () => {
    const r = await postSigned(command({ sub: 'article', type: 4, options: [{ name: 'id', type: 3, value: '001', focused: true }], permissions: '0' }));
    expect(r.json.type).toBe(8);
    expect(r.json.data?.choices?.map((c) => c.value)).toEqual(['001_b3a3a6ea12454b8c']);
  });

  test('a slow command is deferred (type 5) and its answer PATCHed to the original through REST', async () => {
    const p = command({ sub: 'slowpoke', options: [{ name: 'ms', type: 4, value: 400 }], permissions: '1024' });
    const r = await postSigned(p);
    expect(r.json.type).toBe(5);
    const edit = await fake.waitFor((q) => q.method === 'PATCH' && q.path.includes(`/webhooks/`) && q.path.endsWith(`/${p.token}/messages/@original`));
    expect(visibleText([edit.body as ApiMessage])).toContain('Lithium prices');
    expect((edit.body as ApiMessage).allowed_mentions).toEqual({ parse: [] });
  });

  test('a schedule-managing subcommand from a plain member is refused privately', async () => {
    const r = await postSigned(command({ sub: 'plan', permissions: '1024' }));
    expect(r.json.data?.flags).toBe(64);
    expect(visibleText([r.json.data!])).toContain('Manage Server');
  });
});
