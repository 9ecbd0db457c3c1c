import type { Bot } from '../../src/core/bot.js';
import { UserError } from '../../src/core/errors.js';
import { list, text, type Reply } from '../../src/core/reply.js';
import type { OptionSpec, Subcommand } from '../../src/core/command.js';
import { parseLine } from '../../src/core/parse.js';
import { seedBot } from './corpus.js';
import type { FakeDiscord, Recorded } from './fake-discord.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Subcommands that exist only in tests, to reach paths the real ones do not take on demand. */
export const extraCommands: Subcommand[] = [
  {
    name: 'boom',
    description: 'Throws an unexpected error',
    options: [],
    examples: ['boom'],
    run: () => {
      throw new Error('kaboom inside a command');
    },
  },
  {
    name: 'slowpoke',
    description: 'Answers after a while; fails privately when asked to',
    options: [
      { name: 'ms', description: 'Delay', type: 'integer', min: 0, max: 5000 },
      { name: 'fail', description: 'Fail with a user error', type: 'boolean' },
    ],
    examples: ['slowpoke 300'],
    run: async ({ invocation }) => {
      await sleep(Number(invocation.options.ms ?? 300));
      if (invocation.options.fail) throw new UserError('too-late', 'The cobalt feed is closed for today.');
      return { title: 'Slow answer', blocks: [text('Lithium prices, after a pause.')] };
    },
  },
  {
    name: 'ponder',
    description: 'Declared slow, though it answers at once',
    options: [],
    examples: ['ponder'],
    slow: true,
    run: () => ({ title: 'Pondered', blocks: [text('Graphite anodes, considered.')] }),
  },
  {
    name: 'echo',
    description: 'Says back what it was given',
    options: [{ name: 'words', description: 'Anything', type: 'string', required: true, rest: true }],
    examples: ['echo hi'],
    run: ({ invocation }) => ({ title: `You said: ${String(invocation.options.words)}`, blocks: [text(String(invocation.options.words))] }),
  },
  {
    name: 'flood',
    description: 'A reply far beyond Discord limits',
    options: [],
    examples: ['flood'],
    run: (): Reply => ({
      title: 'Every mine in the imaginary Yukon register',
      blocks: Array.from({ length: 40 }, (_, s) => [
        { kind: 'heading' as const, text: `District ${s + 1}` },
        list(Array.from({ length: 30 }, (_, i) => `Mine ${s}-${i}: ${'nickel and cobalt ore, '.repeat(8)}`)),
      ]).flat(),
      footer: 'Source: imaginary register',
    }),
  },
  {
    name: 'plan',
    description: 'Changes a schedule (test stand-in for subscribe)',
    options: [],
    examples: ['plan'],
    managesSchedules: true,
    run: () => ({ title: 'Planned', blocks: [text('A weekly cobalt digest is planned.')] }),
  },
];

export const createTestBot = (extra: Subcommand[] = extraCommands) => seedBot(extra);

const API_TYPE: Record<OptionSpec['type'], number> = { string: 3, integer: 4, boolean: 5 };

/** Raw interaction options for a text line (`article 004`), typed the way Discord types them. */
export function optionsFromLine(bot: Bot, line: string): { sub: string; options: { name: string; type: number; value: string | number | boolean }[] } {
  const parsed = parseLine(line, bot.commands);
  const spec = bot.find(parsed.command);
  const options = Object.entries(parsed.options).map(([name, raw]) => {
    const type = spec?.options.find((o) => o.name === name)?.type ?? 'string';
    const value = type === 'integer' ? Number.parseInt(raw, 10) : type === 'boolean' ? raw === 'true' : raw;
    return { name, type: API_TYPE[type], value };
  });
  return { sub: parsed.command, options };
}

export interface ApiMessage {
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[];
  allowed_mentions?: { parse: string[] };
  flags?: number;
}

/** Everything the fake received for one interaction token, as the messages a person sees, in order. */
export function messagesFor(fake: FakeDiscord, token: string): { callbackType?: number; messages: ApiMessage[]; requests: Recorded[] } {
  const reqs = fake.requests.filter((r) => r.path.includes(`/${token}`));
  const callback = reqs.find((r) => r.path.endsWith('/callback'))?.body as { type: number; data?: ApiMessage } | undefined;
  const messages: ApiMessage[] = [];
  if (callback?.type === 4 && callback.data) messages.push(callback.data);
  for (const r of reqs) {
    if (r.method === 'PATCH' || (r.method === 'POST' && r.path.startsWith('/api/v10/webhooks/'))) messages.push(r.body as ApiMessage);
  }
  return { callbackType: callback?.type, messages, requests: reqs };
}

/** Visible text of messages: Discord shows `\*` as `*`, so escapes are undone. */
export function visibleText(messages: ApiMessage[]): string {
  return messages
    .flatMap((m) => m.embeds ?? [])
    .flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text])
    .filter((s): s is string => Boolean(s))
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

/** Waits until the interaction has its answer: the reply, or the deferral plus its edit or follow-up. */
export async function settled(fake: FakeDiscord, token: string, timeoutMs = 5000): Promise<ReturnType<typeof messagesFor>> {
  const start = Date.now();
  for (;;) {
    const seen = messagesFor(fake, token);
    if (seen.messages.length > 0) {
      await sleep(60); // follow-ups of a long reply arrive right after the first message
      return messagesFor(fake, token);
    }
    if (Date.now() - start > timeoutMs) return seen;
    await sleep(10);
  }
}
