import { ConfigError, loadConfig } from './config.js';
import { loadDotEnv } from './env-file.js';
import { createLogger } from './log.js';
import { createBotFor, loadCorpus, rebuildCorpus } from './runtime.js';
import { createShellAdapter } from './adapters/shell/shell.js';
import { createCorpusWatcher } from './corpus/watch.js';
import { createScheduleService } from './schedule/service.js';
import { openState, StateFileError } from './store/state.js';
import type { ChatAdapter } from './core/adapter.js';
import type { Platform } from './core/command.js';

/**
 * Composition root: config → state → corpus → bot → adapters + scheduler + corpus watcher.
 * The terminal shell runs when no platform is configured.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const interactive = !config.discord && !config.slack;
  // In the shell, info lines would land between the prompt and the answers: quieter unless asked.
  const log = createLogger(interactive && !process.env.LOG_LEVEL ? 'warn' : config.logLevel);

  const state = await openState(config.stateFile);
  const loaded = await loadCorpus(config, log);
  let corpus = loaded.corpus;
  log.info({ articles: corpus.articles.length, stories: corpus.stories.length, ...loaded.stats }, 'corpus ready');

  const adapters = new Map<Platform, ChatAdapter>();
  const scheduler = createScheduleService({ state, adapters, corpus: () => corpus, config, log });
  const bot = createBotFor(config, log, () => corpus, scheduler);

  const shell = interactive ? createShellAdapter({ bot, input: process.stdin, output: process.stdout, interactive: true }) : null;
  if (shell) adapters.set('shell', shell);
  // Imported only when configured: discord.js and Bolt take about half a second each to load.
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/discord.js');
    adapters.set('discord', createDiscordAdapter({ config: config.discord, bot, log }));
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/app.js');
    adapters.set('slack', createSlackAdapter({ config: config.slack, bot, log }));
  }
  for (const a of adapters.values()) await a.start();
  await scheduler.start();

  const watcher = createCorpusWatcher({
    dir: config.corpusDir,
    pollSeconds: config.corpusPollSeconds,
    rebuild: () => rebuildCorpus(config, log),
    onCorpus: (next) => {
      corpus = next;
      log.info({ articles: next.articles.length, stories: next.stories.length }, 'corpus updated');
    },
    log,
  });
  await watcher.start(loaded.seen);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      watcher.stop();
      await scheduler.stop();
      for (const a of adapters.values()) await a.stop().catch((err: unknown) => log.error({ err }, 'adapter stop failed'));
    })());
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  if (shell) {
    await shell.closed;
    await stop();
    process.exit(0);
  }
}

main().catch((err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StateFileError;
  process.stderr.write(known ? `${(err as Error).message}\n` : `Could not start: ${(err as Error).stack ?? err}\n`);
  process.exit(known ? 2 : 1);
});
