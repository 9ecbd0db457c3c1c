import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createPoster, createPostRest, nonceFor } from '../../src/adapters/discord/post.js';
import { registerCommands } from '../../src/adapters/discord/register.js';
import { isPostError, type PostError } from '../../src/core/adapter.js';
import { text, type Reply } from '../../src/core/reply.js';
import { commands } from '../../commands/index.js';
import { FAKE_APP_ID, FAKE_TOKEN, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { ROOT } from '../helpers/corpus.js';
import { REST } from 'discord.js';

const CHANNEL = '123456789012345678';
const digest: Reply = { title: 'Weekly cobalt digest', blocks: [text('Two new stories about a mine in Ontario. @everyone')] };

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.clearOverrides());

const post = () => createPoster(createPostRest(fake.apiUrl, FAKE_TOKEN, 2000));
const failure = async (p: Promise<unknown>): Promise<PostError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isPostError(err)).toBe(true);
  return err as PostError;
};
const channelError = (status: number, body: unknown, headers?: Record<string, string>) =>
  fake.override((r) => (r.path === `/api/v10/channels/${CHANNEL}/messages` ? { status, body, headers } : undefined));

describe('posting a reply to a channel', () => {
  test('POSTs the embeds with mentions off and a 25-character nonce enforced, returning the message id', async () => {
    const result = await post()({ platform: 'discord', channelId: CHANNEL }, digest, { key: 'sub-1@2026-01-20T09:00:00.000Z' });
    const req = fake.requests.filter((r) => r.path === `/api/v10/channels/${CHANNEL}/messages`).at(-1)!;
    const body = req.body as { nonce: string; enforce_nonce: boolean; allowed_mentions: unknown; embeds: { title: string }[]; flags?: number };
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(`Bot ${FAKE_TOKEN}`);
    expect(body.nonce).toBe(nonceFor('sub-1@2026-01-20T09:00:00.000Z'));
    expect(body.nonce).toHaveLength(25);
    expect(body.enforce_nonce).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0].title).toBe('Weekly cobalt digest');
    expect(body.flags).toBeUndefined();
    expect(result.messageId).toMatch(/^\d+$/);
  });

  test('the same key gives the same nonce; without a key no nonce is sent', async () => {
    expect(nonceFor('a@1')).toBe(nonceFor('a@1'));
    expect(nonceFor('a@1')).not.toBe(nonceFor('a@2'));
    await post()({ platform: 'discord', channelId: CHANNEL }, digest);
    const body = fake.requests.at(-1)!.body as Record<string, unknown>;
    expect(body.nonce).toBeUndefined();
  });

  test('a long rate limit is handed back as retry with Discord’s wait', async () => {
    channelError(429, { message: 'You are being rate limited.', retry_after: 30, global: false }, { 'retry-after': '30' });
    const err = await failure(post()({ platform: 'discord', channelId: CHANNEL }, digest));
    expect(err.kind).toBe('retry');
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(29_000);
  });

  test('a server error is retry; a missing permission or a deleted channel is permanent with a reason', async () => {
    channelError(503, { message: 'unavailable', code: 0 });
    expect((await failure(post()({ platform: 'discord', channelId: CHANNEL }, digest))).kind).toBe('retry');
    fake.clearOverrides();
    channelError(403, { message: 'Missing Permissions', code: 50013 });
    const perm = await failure(post()({ platform: 'discord', channelId: CHANNEL }, digest));
    expect(perm.kind).toBe('permanent');
    expect(perm.message).toMatch(/permission/i);
    fake.clearOverrides();
    channelError(404, { message: 'Unknown Channel', code: 10003 });
    const gone = await failure(post()({ platform: 'discord', channelId: CHANNEL }, digest));
    expect(gone.kind).toBe('permanent');
    expect(gone.message).toMatch(/no longer exists/);
  });

  test('an unreachable Discord is retry', async () => {
    const dead = createPoster(createPostRest('http://127.0.0.1:9/api', FAKE_TOKEN, 1000));
    expect((await failure(dead({ platform: 'discord', channelId: CHANNEL }, digest))).kind).toBe('retry');
  });
});

describe('registering the command', () => {
  test('PUTs one /rareearth command to the guild when a guild is given', async () => {
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(FAKE_TOKEN);
    await registerCommands(rest, { appId: FAKE_APP_ID, guildId: '999999999999999999' }, commands);
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe('PUT');
    expect(req.path).toBe(`/api/v10/applications/${FAKE_APP_ID}/guilds/999999999999999999/commands`);
    const [def] = req.body as { name: string; options: { name: string }[] }[];
    expect(def.name).toBe('rareearth');
    expect(def.options.map((o) => o.name)).toEqual(commands.map((c) => c.name));
  });

  const runCli = (env: Record<string, string>) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/adapters/discord/register-cli.ts')], {
        cwd: path.join(ROOT, 'test'), // no .env there: only the variables given count
        env: { PATH: process.env.PATH ?? '', ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(() => child.kill(), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    });

  test('npm run register registers globally, finding the application id from the token', async () => {
    const before = fake.requests.length;
    const r = await runCli({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_API_URL: fake.apiUrl });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Registered \/rareearth with \d+ subcommands globally/);
    const seen = fake.requests.slice(before);
    expect(seen.some((q) => q.method === 'GET' && q.path === '/api/v10/applications/@me')).toBe(true);
    expect(seen.some((q) => q.method === 'PUT' && q.path === `/api/v10/applications/${FAKE_APP_ID}/commands`)).toBe(true);
  }, 70_000); // a tsx child process: slow to start on a busy machine

  test('npm run register names a missing token in one line', async () => {
    const r = await runCli({ DISCORD_API_URL: fake.apiUrl });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/DISCORD_TOKEN/);
  }, 70_000);
});
