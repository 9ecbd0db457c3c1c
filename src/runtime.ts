import { createHash } from 'node:crypto';
import path from 'node:path';
import { commands } from '../commands/index.js';
import { createBot, type Bot } from './core/bot.js';
import type { ScheduleService } from './core/command.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { buildCorpus, loadSavedCorpus, type BuiltCorpus } from './corpus/pipeline.js';
import { createTopicProfile } from './corpus/relevance.js';
import type { Corpus } from './corpus/types.js';
import { buildInWorker } from './rebuild.js';

/**
 * The cache of one corpus folder lives in its own subfolder, so two corpora never evict each other.
 * Relevance is scored per article at ingest, so the topic keywords are part of the key: changing
 * TOPIC_KEYWORDS rescores every article instead of serving scores for the old topic.
 */
export function cacheDirFor(config: Config, corpusDir: string): string {
  const key = createHash('sha1')
    .update(path.resolve(corpusDir))
    .update('\0')
    .update(JSON.stringify(config.topicKeywords))
    .digest('hex')
    .slice(0, 12);
  return path.join(config.cacheDir, key);
}

export async function loadCorpus(
  config: Config,
  log: Logger,
  corpusDir = config.corpusDir,
): Promise<BuiltCorpus> {
  return buildCorpus({
    dir: corpusDir,
    cacheDir: cacheDirFor(config, corpusDir),
    profile: createTopicProfile(config.topicKeywords),
    log,
  });
}

/**
 * The corpus after its folder changed: built in a worker thread so that commands keep being
 * answered meanwhile, then loaded from the snapshot the worker saved. If the worker cannot run
 * (or its snapshot cannot be read), the build happens here instead: slower to answer, never lost.
 */
export async function rebuildCorpus(config: Config, log: Logger): Promise<Corpus> {
  const cacheDir = cacheDirFor(config, config.corpusDir);
  try {
    await buildInWorker({ dir: config.corpusDir, cacheDir, topicKeywords: config.topicKeywords, logLevel: log.level }, log);
    const saved = await loadSavedCorpus(cacheDir, log);
    if (saved) return saved.corpus;
    log.warn({ cacheDir }, 'the rebuild worker left no snapshot to load; rebuilding in the main thread');
  } catch (err) {
    log.warn({ err }, 'the corpus could not be rebuilt in a worker thread; rebuilding in the main thread');
  }
  return (await loadCorpus(config, log)).corpus;
}

export function createBotFor(
  config: Config,
  log: Logger,
  corpus: () => Corpus,
  schedules?: ScheduleService,
  clock?: () => Date,
): Bot {
  return createBot({
    commands,
    corpus,
    log,
    clock,
    services: { schedules, settings: { digestDays: config.digest.days, digestTimezone: config.digest.timezone } },
  });
}
