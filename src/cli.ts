import { ConfigError, loadConfig } from './config.js';
import { loadDotEnv } from './env-file.js';
import { createLogger } from './log.js';
import { createBotFor, loadCorpus } from './runtime.js';
import { renderReply } from './adapters/shell/render.js';

/**
 * One-shot runs: `npm run cli -- <subcommand> [args] [--json] [--corpus DIR]`.
 * stdout carries only the answer (rendered, or the command's data with --json); logs go to stderr.
 * Exit codes: 0 answered, 2 the command was refused (UserError, message on stderr), 1 anything else.
 */
async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const args = [...argv];
  let corpusDir: string | undefined;
  const at = args.indexOf('--corpus');
  if (at !== -1) {
    corpusDir = args[at + 1];
    if (!corpusDir) {
      process.stderr.write('--corpus needs a folder: --corpus data/articles\n');
      return 2;
    }
    args.splice(at, 2);
  }
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const { corpus } = await loadCorpus(config, log, corpusDir);
  const bot = createBotFor(config, log, () => corpus);
  // argv is already split by the shell: re-quote words that hold spaces so the parser sees them whole.
  const line = args.map((a) => (/\s/.test(a) ? `"${a.replace(/"/g, '')}"` : a)).join(' ');
  const { reply, json } = await bot.dispatchLine(line, { id: 'cli', canManageSchedules: true }, { platform: 'shell', channelId: 'cli' });
  if (reply.error) {
    process.stderr.write(`${reply.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')}\n`);
    return reply.error === 'internal' ? 1 : 2;
  }
  process.stdout.write(json ? `${JSON.stringify(reply.data ?? null, null, 2)}\n` : renderReply(reply, Boolean(process.stdout.isTTY)));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `Unexpected error: ${(err as Error).stack ?? err}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  },
);
