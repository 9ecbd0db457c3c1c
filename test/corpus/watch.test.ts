import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { buildCorpus } from '../../src/corpus/pipeline.js';
import { createTopicProfile } from '../../src/corpus/relevance.js';
import { createCorpusWatcher } from '../../src/corpus/watch.js';
import type { Corpus } from '../../src/corpus/types.js';
import { createMemoryLogger } from '../../src/log.js';

const COBALT = 'Cobalt output at a mine in Ontario rose 12% as the new smelter came online, the operator said.\n';

/** A watcher whose rebuild records which file contents it saw, instead of running the pipeline. */
async function setup(pollSeconds = 10) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rareearth-watch-'));
  await writeFile(path.join(dir, 'old.txt'), COBALT);
  const builds: string[][] = [];
  const snapshots: Corpus[] = [];
  const watcher = createCorpusWatcher({
    dir,
    pollSeconds,
    rebuild: async () => {
      const files = (await readdir(dir)).sort();
      builds.push(await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8'))));
      return { builtAt: String(builds.length), articles: [] } as unknown as Corpus;
    },
    onCorpus: (c) => snapshots.push(c),
    log: createMemoryLogger('silent').log,
  });
  return { dir, watcher, builds, snapshots };
}

test('an unchanged folder never rebuilds', async () => {
  const { watcher, builds } = await setup();
  await watcher.start();
  expect(await watcher.poll()).toBe('unchanged');
  expect(await watcher.poll()).toBe('unchanged');
  expect(builds).toHaveLength(0);
  watcher.stop();
});

test('a new file is read only after it held still for a whole poll, and then the snapshot is swapped', async () => {
  const { dir, watcher, builds, snapshots } = await setup();
  await watcher.start();
  const file = path.join(dir, 'lithium-nevada.md');
  await writeFile(file, 'Lithium brine from a Nevada basin'); // half written
  expect(await watcher.poll()).toBe('settling');
  await appendFile(file, ' will feed a new refinery, the state said.\n'); // still being written
  expect(await watcher.poll()).toBe('settling');
  expect(builds).toHaveLength(0);
  expect(await watcher.poll()).toBe('rebuilt');
  expect(builds).toHaveLength(1);
  expect(builds[0]).toContain('Lithium brine from a Nevada basin will feed a new refinery, the state said.\n');
  expect(snapshots.map((s) => s.builtAt)).toEqual(['1']);
  expect(await watcher.poll()).toBe('unchanged');
  watcher.stop();
});

test('a burst of files gives one rebuild; a removed file triggers one too', async () => {
  const { dir, watcher, builds } = await setup();
  await watcher.start();
  for (const n of [1, 2, 3]) await writeFile(path.join(dir, `graphite-${n}.txt`), `Graphite anode plant ${n} in Quebec.\n`);
  expect(await watcher.poll()).toBe('settling');
  expect(await watcher.poll()).toBe('rebuilt');
  expect(builds.at(-1)).toHaveLength(4);
  await rm(path.join(dir, 'old.txt'));
  expect(await watcher.poll()).toBe('settling');
  expect(await watcher.poll()).toBe('rebuilt');
  expect(builds.at(-1)).toHaveLength(3);
  expect(builds).toHaveLength(2);
  watcher.stop();
});

test('started from the files a build found, it sees what was added or changed while that build ran', async () => {
  const { dir, watcher, builds } = await setup();
  const built = (await buildCorpus({ dir, cacheDir: null, profile: createTopicProfile(null), log: createMemoryLogger('silent').log })).seen;
  // After the build listed and read the folder, before the watcher starts: a new file, and an edit.
  await writeFile(path.join(dir, 'nickel-indonesia.txt'), 'Nickel output in Sulawesi rose 8% on new smelters, the ministry said.\n');
  await appendFile(path.join(dir, 'old.txt'), 'The operator plans a second line in 2027.\n');
  await watcher.start(built);
  expect(await watcher.poll()).toBe('settling');
  expect(await watcher.poll()).toBe('rebuilt');
  expect(builds).toEqual([['Nickel output in Sulawesi rose 8% on new smelters, the ministry said.\n', `${COBALT}The operator plans a second line in 2027.\n`]]);
  watcher.stop();
});

test('files that are not articles (a browser’s .part download) are ignored', async () => {
  const { dir, watcher } = await setup();
  await watcher.start();
  await writeFile(path.join(dir, 'tungsten.html.part'), '<p>Tungsten');
  expect(await watcher.poll()).toBe('unchanged');
  watcher.stop();
});

test('a failed rebuild keeps the old snapshot and is retried on the next poll', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rareearth-watch-'));
  let fail = true;
  const swapped: Corpus[] = [];
  const watcher = createCorpusWatcher({
    dir,
    pollSeconds: 10,
    rebuild: async () => {
      if (fail) throw new Error('disk full');
      return { builtAt: 'ok', articles: [] } as unknown as Corpus;
    },
    onCorpus: (c) => swapped.push(c),
    log: createMemoryLogger('silent').log,
  });
  await watcher.start();
  await writeFile(path.join(dir, 'nickel.txt'), 'Nickel.\n');
  expect(await watcher.poll()).toBe('settling');
  expect(await watcher.poll()).toBe('failed');
  fail = false;
  expect(await watcher.poll()).toBe('rebuilt');
  expect(swapped).toHaveLength(1);
  watcher.stop();
});

test('started, it polls on its own timer (a short real interval) until stopped', async () => {
  const { dir, watcher, snapshots } = await setup(0.05);
  await watcher.start();
  await writeFile(path.join(dir, 'manganese.txt'), 'Manganese from a mine in Gabon.\n');
  for (let i = 0; i < 100 && snapshots.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(snapshots).toHaveLength(1);
  watcher.stop();
  await writeFile(path.join(dir, 'antimony.txt'), 'Antimony.\n');
  await new Promise((r) => setTimeout(r, 300));
  expect(snapshots).toHaveLength(1);
});

test('poll seconds 0 turns watching off', async () => {
  const { dir, watcher, snapshots } = await setup(0);
  await watcher.start();
  await writeFile(path.join(dir, 'zinc.txt'), 'Zinc.\n');
  await new Promise((r) => setTimeout(r, 100));
  expect(snapshots).toHaveLength(0);
});
