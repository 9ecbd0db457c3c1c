import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { createShellAdapter } from '../../src/adapters/shell/shell.js';
import { seedBot } from '../helpers/corpus.js';
import { adapterBehaviourSuite, type AdapterDriver } from '../helpers/behaviour-suite.js';

async function startShell() {
  const { bot } = await seedBot();
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (c: Buffer) => (written += c.toString()));
  const shell = createShellAdapter({ bot, input, output, color: false });
  await shell.start();
  /** Sends a line and waits until its answer has been written. */
  const send = async (line: string) => {
    const before = written.length;
    input.write(`${line}\n`);
    for (let i = 0; i < 200 && written.length === before; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    return written.slice(before);
  };
  return { shell, input, send, written: () => written };
}

adapterBehaviourSuite('shell', async (): Promise<AdapterDriver> => {
  const s = await startShell();
  return {
    // The terminal has one reader: everything is private to the person at it.
    send: async (line) => ({ text: await s.send(line), ephemeral: true }),
    close: async () => {
      s.input.end();
      await s.shell.closed;
    },
  };
});

test('the shell takes /rareearth-prefixed input and plain subcommands alike', async () => {
  const s = await startShell();
  const a = await s.send('/rareearth help sources');
  const b = await s.send('help sources');
  expect(a).toBe(b);
  expect(a).toContain('Usage: /rareearth sources');
  s.input.end();
  await s.shell.closed;
});

test('exit closes the shell, and so does the end of input (Ctrl-D)', async () => {
  const s = await startShell();
  s.input.write('exit\n');
  await s.shell.closed;
  const t = await startShell();
  t.input.end();
  await expect(t.shell.closed).resolves.toBeUndefined();
});

test('--json prints the command data as JSON', async () => {
  const s = await startShell();
  const out = await s.send('sources --json');
  const data = JSON.parse(out) as { articles: { id: string }[] };
  expect(data.articles).toHaveLength(5);
  s.input.end();
  await s.shell.closed;
});

test('a scheduled post prints into the shell', async () => {
  const s = await startShell();
  const r = await s.shell.post({ platform: 'shell', channelId: 'shell' }, { title: 'Digest', blocks: [{ kind: 'text', text: 'hello' }] });
  expect(r.messageId).toMatch(/^shell-/);
  expect(s.written()).toContain('Digest');
  s.input.end();
  await s.shell.closed;
});
