import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildCorpus } from '../src/corpus/pipeline.js';
import { createTopicProfile } from '../src/corpus/relevance.js';
import { createMemoryLogger } from '../src/log.js';
import { rebuildCorpus } from '../src/runtime.js';
import { SEED_DIR } from './helpers/corpus.js';

const temps: string[] = [];
afterAll(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** A corpus folder of a few seed articles and one binary file, which the pipeline skips with a warning. */
async function corpusFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rareearth-rebuild-'));
  temps.push(dir);
  const names = (await readdir(SEED_DIR)).sort().slice(0, 8);
  for (const n of names) await cp(path.join(SEED_DIR, n), path.join(dir, n));
  await writeFile(path.join(dir, 'scan.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]));
  return dir;
}

const inProcess = async (dir: string) =>
  (await buildCorpus({ dir, cacheDir: null, profile: createTopicProfile(null), log: createMemoryLogger('silent').log })).corpus;

test('a rebuild runs in a worker thread and gives the corpus an in-process build gives', { timeout: 60_000 }, async () => {
  const dir = await corpusFolder();
  const cache = await mkdtemp(path.join(os.tmpdir(), 'rareearth-rebuild-cache-'));
  temps.push(cache);
  const { log, lines } = createMemoryLogger('info');
  const corpus = await rebuildCorpus(loadConfig({ CORPUS_DIR: dir, CACHE_DIR: cache }), log);
  const expected = await inProcess(dir);

  expect(corpus.articles.map((a) => a.id)).toEqual(expected.articles.map((a) => a.id));
  // lastSeen is when each build first saw the files: the two builds ran at different moments.
  const timeless = (c: typeof corpus) => c.stories.map(({ lastSeen: _seen, ...story }) => story);
  expect(timeless(corpus)).toEqual(timeless(expected));
  expect(corpus.keyFigures).toEqual(expected.keyFigures);
  expect(corpus.skipped).toEqual(expected.skipped);
  // The worker's warning about the binary file reached this thread's log, marked as the worker's.
  expect(lines.filter((l) => l.thread === 'rebuild' && String(l.msg).includes('scan.txt'))).toHaveLength(1);
  expect(lines.some((l) => String(l.msg).includes('main thread'))).toBe(false);
});

test('when the worker leaves no snapshot, the rebuild happens in the main thread and nothing is lost', { timeout: 60_000 }, async () => {
  const dir = await corpusFolder();
  // The cache "folder" is under a file: neither thread can save there.
  const blocker = path.join(dir, 'not-a-folder.bin');
  await writeFile(blocker, 'x');
  const { log, lines } = createMemoryLogger('info');
  const corpus = await rebuildCorpus(loadConfig({ CORPUS_DIR: dir, CACHE_DIR: path.join(blocker, 'cache') }), log);

  expect(corpus.articles.map((a) => a.id)).toEqual((await inProcess(dir)).articles.map((a) => a.id));
  expect(lines.some((l) => l.level === 40 && String(l.msg).includes('rebuilding in the main thread'))).toBe(true);
});
