import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus } from '../../src/corpus/pipeline.js';
import { createTopicProfile } from '../../src/corpus/relevance.js';
import { createMemoryLogger } from '../../src/log.js';
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
