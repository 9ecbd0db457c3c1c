import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot } from '../../core/bot.js';
import type { ChatAdapter, ChannelRef, PostResult } from '../../core/adapter.js';
import type { Where, Who } from '../../core/command.js';
import type { Reply } from '../../core/reply.js';
import { renderReply } from './render.js';

export interface ShellOptions {
  bot: Bot;
  input: Readable;
  output: Writable;
  /** ANSI colours; default: when output is a TTY. */
  color?: boolean;
  /** Show a prompt and a greeting (interactive use). */
  interactive?: boolean;
}

export const SHELL_CHANNEL = 'shell';
const where: Where = { platform: 'shell', channelId: SHELL_CHANNEL };
/** The person at the terminal owns the bot: they may change schedules. */
const who: Who = { id: 'local', name: 'you', canManageSchedules: true };

export interface ShellAdapter extends ChatAdapter {
  /** Resolves when the user typed `exit` or closed the input (Ctrl-D). */
  closed: Promise<void>;
}

/** A REPL over injectable streams: `/rareearth stats` or just `stats`; scheduled posts print into it. */
export function createShellAdapter(opts: ShellOptions): ShellAdapter {
  const color = opts.color ?? Boolean((opts.output as { isTTY?: boolean }).isTTY);
  const write = (s: string) => opts.output.write(s);
  let posted = 0;
  let rl: ReturnType<typeof createInterface> | null = null;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let queue = Promise.resolve();

  async function handle(line: string): Promise<void> {
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (/^(exit|quit|\.exit)$/i.test(trimmed)) {
      rl?.close();
      return;
    }
    const { reply, json } = await opts.bot.dispatchLine(trimmed, who, where);
    write(json && reply.data !== undefined && !reply.error ? `${JSON.stringify(reply.data, null, 2)}\n` : renderReply(reply, color));
  }

  return {
    platform: 'shell',
    closed,
    async start() {
      rl = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: false });
      if (opts.interactive) {
        write('rareearth-briefing shell. Type `help` for the commands, `exit` or Ctrl-D to leave.\n');
        rl.setPrompt('rareearth> ');
        rl.prompt();
      }
      rl.on('line', (line) => {
        // Lines are answered in order even when a command is slow.
        queue = queue.then(() => handle(line)).then(() => {
          if (opts.interactive && rl) rl.prompt();
        });
      });
      rl.on('close', () => {
        rl = null;
        void queue.then(resolveClosed);
      });
    },
    async stop() {
      rl?.close();
      await closed;
    },
    async post(_to: ChannelRef, reply: Reply): Promise<PostResult> {
      write(`\n${renderReply(reply, color)}`);
      return { messageId: `shell-${++posted}` };
    },
  };
}
