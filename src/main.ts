import { ConfigError, loadConfig } from './config.js';
import { loadDotEnv } from './env-file.js';
import { createLogger } from './log.js';
import { createBotFor, loadCorpus } from './runtime.js';
import { createShellAdapter } from './adapters/shell/shell.js';
import { createDiscordAdapter } from './adapters/discord/discord.js';
import { createSlackAdapter } from './adapters/slack/app.js';
import type { ChatAdapter } from './core/adapter.js';

/** Composition root: config → corpus → bot → adapters. The shell runs when no platform is configured. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const { corpus, stats } = await loadCorpus(config, log);
  log.info({ articles: corpus.articles.length, stories: corpus.stories.length, ...stats }, 'corpus ready');
  const bot = createBotFor(config, log, () => corpus);

  const adapters: ChatAdapter[] = [];
  const shell = config.discord || config.slack ? null : createShellAdapter({ bot, input: process.stdin, output: process.stdout, interactive: true });
  if (shell) adapters.push(shell);
  if (config.discord) adapters.push(createDiscordAdapter({ config: config.discord, bot, log }));
  if (config.slack) adapters.push(createSlackAdapter({ config: config.slack, bot, log }));
  for (const a of adapters) await a.start();

  const stop = async () => {
    for (const a of adapters) await a.stop().catch((err: unknown) => log.error({ err }, 'adapter stop failed'));
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  if (shell) {
    await shell.closed;
    await stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `Could not start: ${(err as Error).stack ?? err}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
