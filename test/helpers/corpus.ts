import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from '../../src/corpus/pipeline.js';
import { createTopicProfile } from '../../src/corpus/relevance.js';
import { createMemoryLogger, type Logger } from '../../src/log.js';
import { createBot, type Bot } from '../../src/core/bot.js';
import type { Subcommand } from '../../src/core/command.js';
import { commands } from '../../commands/index.js';
import type { Corpus } from '../../src/corpus/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED_DIR = path.join(ROOT, 'data/articles');

let seed: Promise<Corpus> | null = null;

/** The shipped seed corpus, built once per test file without an on-disk cache. */
export function seedCorpus(): Promise<Corpus> {
  seed ??= buildCorpus({
    dir: SEED_DIR,
    cacheDir: null,
    profile: createTopicProfile(null),
    log: createMemoryLogger().log,
    now: () => new Date('2026-01-20T09:00:00Z'),
  }).then((r) => r.corpus);
  return seed;
}

/** The real bot over the seed corpus, with the shipped commands plus any test-only ones. */
export async function seedBot(extra: Subcommand[] = []): Promise<{ bot: Bot; log: Logger; lines: Record<string, unknown>[] }> {
  const corpus = await seedCorpus();
  const { log, lines } = createMemoryLogger();
  const bot = createBot({
    commands: [...commands, ...extra],
    corpus: () => corpus,
    log,
    services: { settings: { digestDays: 7, digestTimezone: 'UTC' } },
  });
  return { bot, log, lines };
}
