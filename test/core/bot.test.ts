import { expect, test } from 'vitest';
import { createBot } from '../../src/core/bot.js';
import { UserError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/log.js';
import type { Invocation, Subcommand } from '../../src/core/command.js';
import type { Corpus } from '../../src/corpus/types.js';

const corpus = {} as Corpus;
const inv = (command: string, over: Partial<Invocation> = {}): Invocation => ({
  command,
  options: {},
  who: { id: 'u1', canManageSchedules: false, manageHint: 'server admins' },
  where: { platform: 'shell', channelId: 'c1' },
  ...over,
});
const cmds: Subcommand[] = [
  { name: 'ok', description: 'fine', examples: ['ok'], options: [], run: () => ({ title: 'fine', blocks: [] }) },
  { name: 'refuse', description: '', examples: [], options: [], run: () => { throw new UserError('nope', 'Not like that.'); } },
  { name: 'crash', description: '', examples: [], options: [], run: () => { throw new Error('db exploded: xoxb-123-secret'); } },
  { name: 'manage', description: '', examples: [], options: [], managesSchedules: true, run: () => ({ title: 'managed', blocks: [] }) },
];

function setup() {
  const { log, lines } = createMemoryLogger();
  const bot = createBot({ commands: cmds, corpus: () => corpus, log, services: { settings: { digestDays: 7, digestTimezone: 'UTC' } } });
  return { bot, lines };
}

test('a UserError becomes its message, privately, with its code', async () => {
  const r = await setup().bot.dispatch(inv('refuse'));
  expect(r).toMatchObject({ error: 'nope', ephemeral: true });
  expect(JSON.stringify(r.blocks)).toContain('Not like that.');
});

test('an unexpected error is logged without secrets and the user gets a short apology', async () => {
  const { bot, lines } = setup();
  const r = await bot.dispatch(inv('crash'));
  expect(r.error).toBe('internal');
  expect(JSON.stringify(r)).not.toContain('exploded');
  const logged = JSON.stringify(lines);
  expect(logged).toContain('command failed');
  expect(logged).not.toContain('xoxb-123-secret');
});

test('an unknown subcommand suggests the nearest one', async () => {
  const r = await setup().bot.dispatch(inv('okk'));
  expect(r.error).toBe('unknown-command');
  expect(JSON.stringify(r.blocks)).toContain('Did you mean `ok`?');
});

test('schedule-managing subcommands need the permission the adapter names', async () => {
  const { bot } = setup();
  const refused = await bot.dispatch(inv('manage'));
  expect(refused.error).toBe('forbidden');
  expect(JSON.stringify(refused.blocks)).toContain('server admins');
  const allowed = await bot.dispatch(inv('manage', { who: { id: 'u2', canManageSchedules: true } }));
  expect(allowed.title).toBe('managed');
});

test('--private makes any reply ephemeral', async () => {
  const { reply } = await setup().bot.dispatchLine('ok --private', { id: 'u', canManageSchedules: false }, { platform: 'slack', channelId: 'C1' });
  expect(reply.ephemeral).toBe(true);
});
