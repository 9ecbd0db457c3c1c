import { cp, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCorpus } from '../../src/corpus/pipeline.js';
import { createTopicProfile } from '../../src/corpus/relevance.js';
import { createMemoryLogger } from '../../src/log.js';
import type { Corpus } from '../../src/corpus/types.js';
import { SEED_DIR } from '../helpers/corpus.js';

const COBALT = `Congo extends cobalt export ban

By Ana Lima, Kinshasa Wire

Congo extended its ban on cobalt exports by three months on Monday, the mines ministry said. The country produces about 70% of the world's cobalt, most of it refined in China.

"We will not sell our cobalt cheaply any more," Mines Minister Louis Kabamba told reporters in Kinshasa.

Traders said prices for cobalt hydroxide rose 12% after the announcement.`;

let root: string;
let dir: string;
let cacheDir: string;
const build = () =>
  buildCorpus({ dir, cacheDir, profile: createTopicProfile(null), log: createMemoryLogger().log, now: () => new Date('2026-01-20T09:00:00Z') });

/** `[file, size, mtimeMs]` of every file in the folder, by name. */
const statsOf = async (folder: string) =>
  Promise.all(
    (await readdir(folder)).sort().map(async (f) => {
      const { size, mtimeMs } = await stat(path.join(folder, f));
      return [f, size, mtimeMs];
    }),
  );

/** Everything a command reads, without the parts that are functions or build times. */
const view = (c: Corpus) => ({
  articles: c.articles,
  stories: c.stories,
  keyFigures: c.keyFigures,
  quotes: c.quotes,
  timeline: c.timeline,
  entities: c.entities,
  search: ['cherry trees', 'refin', 'Mavrogens', 'cobalt'].map((q) => c.index.search(q)),
});

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rareearth-pipeline-'));
  dir = path.join(root, 'articles');
  cacheDir = path.join(root, 'cache');
  await cp(SEED_DIR, dir, { recursive: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('buildCorpus with a cache', () => {
  let first: Awaited<ReturnType<typeof build>>;

  test('a cold build assembles every stage and saves the snapshot', async () => {
    first = await build();
    expect(first.stats.processed).toBe(first.corpus.articles.length);
    expect(first.stats.stages.dedup).toBeDefined();
    expect(first.stats.stages['snapshot-save']).toBeDefined();
  });

  test('a build reports every file as it found it, read or recalled from the cache', async () => {
    const onDisk = await statsOf(dir);
    expect(first.seen).toEqual(onDisk);
    const again = await build();
    expect(again.stats.processed).toBe(0);
    expect(again.seen).toEqual(onDisk);
  });

  test('an unchanged corpus loads the assembled snapshot and answers the same', async () => {
    const warm = await build();
    expect(warm.stats.fromCache).toBe(first.corpus.articles.length);
    expect(warm.stats.stages.dedup).toBeUndefined();
    expect(warm.stats.stages['snapshot-load']).toBeDefined();
    expect(view(warm.corpus)).toEqual(view(first.corpus));
  });

  test('a new file reassembles the snapshot, with the new article found', async () => {
    await writeFile(path.join(dir, 'zz-cobalt.txt'), COBALT);
    const changed = await build();
    expect(changed.stats.processed).toBe(1);
    expect(changed.stats.stages.dedup).toBeDefined();
    expect(changed.corpus.index.search('kabamba')[0]?.articleId).toBe('zz-cobalt');
    const again = await build();
    expect(again.stats.stages.dedup).toBeUndefined();
    expect(view(again.corpus)).toEqual(view(changed.corpus));
  });

  test('a corrupt snapshot file is rebuilt, not trusted', async () => {
    await writeFile(path.join(cacheDir, 'snapshot.bin'), '{"format":');
    const rebuilt = await build();
    expect(rebuilt.stats.stages.dedup).toBeDefined();
    expect(rebuilt.corpus.index.search('kabamba')[0]?.articleId).toBe('zz-cobalt');
  });

  test('a settled file with the same size and mtime is taken from the cache unread; a new mtime rereads it', async () => {
    const file = path.join(dir, 'zz-cobalt.txt');
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    await build(); // reads it once more and records its stamp (mtime now settled)
    // Same size and mtime, other bytes: only a stat would tell, and the stamp says unchanged.
    await writeFile(file, COBALT.replace('Kabamba', 'Kabambo'));
    await utimes(file, old, old);
    expect((await stat(file)).size).toBe(Buffer.byteLength(COBALT));
    const recalled = await build();
    expect(recalled.stats.processed).toBe(0);
    expect(recalled.corpus.index.search('kabamba')[0]?.articleId).toBe('zz-cobalt');
    const now = new Date();
    await utimes(file, now, now);
    const reread = await build();
    expect(reread.stats.processed).toBe(1);
    expect(reread.corpus.index.search('kabambo')[0]?.articleId).toBe('zz-cobalt');
  });

  test('two new files with the same bytes: read once, two articles, each under its own name', async () => {
    const text = COBALT.replace('cobalt exports', 'cobalt and copper exports');
    const names = ['zz-copy-a.txt', 'zz-copy-b.txt'];
    for (const name of names) await writeFile(path.join(dir, name), text);
    const built = await build();
    expect(built.stats.processed).toBe(1);
    const files = new Map(built.corpus.articles.map((a) => [a.id, a.file]));
    expect([files.get('zz-copy-a'), files.get('zz-copy-b')]).toEqual(names);
    for (const name of names) await rm(path.join(dir, name));
  });
});

describe('serving the saved snapshot', () => {
  let settledDir: string;
  let settledCache: string;
  const buildSettled = (log = createMemoryLogger()) =>
    buildCorpus({ dir: settledDir, cacheDir: settledCache, profile: createTopicProfile(null), log: log.log, now: () => new Date('2026-01-20T09:00:00Z') });
  const age = async (file: string, ms = 60_000) => {
    const old = new Date(Date.now() - ms);
    await utimes(file, old, old);
  };

  beforeAll(async () => {
    settledDir = path.join(root, 'settled');
    settledCache = path.join(root, 'settled-cache');
    await cp(SEED_DIR, settledDir, { recursive: true });
    await writeFile(path.join(settledDir, 'empty.txt'), '');
    for (const f of await readdir(settledDir)) await age(path.join(settledDir, f));
  });

  test('when every file is as recorded, the snapshot is served without the article cache, and answers the same', async () => {
    const cold = await buildSettled();
    const memory = createMemoryLogger();
    const warm = await buildSettled(memory);
    expect(warm.stats.stages['cache-load']).toBeUndefined();
    expect(warm.stats.stages.stat).toBeDefined();
    expect(warm.stats.fromCache).toBe(cold.corpus.articles.length);
    // Every file as it was checked, the empty one that was skipped too.
    expect(warm.seen).toEqual(await statsOf(settledDir));
    expect(view(warm.corpus)).toEqual(view(cold.corpus));
    // Text is read from the snapshot when asked for, and serialises like any article.
    const [a, b] = [cold.corpus.articles[0], warm.corpus.articles[0]];
    expect(b.body).toBe(a.body);
    expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(warm.corpus.skipped).toEqual(cold.corpus.skipped);
    expect(memory.lines.some((l) => String(l.msg).includes('empty.txt'))).toBe(true);
  });

  test('a file with a new mtime, a new file or a removed file is noticed', async () => {
    const target = path.join(settledDir, 'zz-cobalt.txt');
    await writeFile(target, COBALT);
    const added = await buildSettled();
    expect(added.stats.stages['cache-load']).toBeDefined();
    expect(added.corpus.index.search('kabamba')[0]?.articleId).toBe('zz-cobalt');

    await age(target);
    await buildSettled(); // records the settled stamp
    await writeFile(target, COBALT.replace('Kabamba', 'Kabambo'));
    await age(target, 30_000);
    const edited = await buildSettled();
    expect(edited.stats.processed).toBe(1);
    expect(edited.corpus.index.search('kabambo')[0]?.articleId).toBe('zz-cobalt');

    await rm(target);
    const removed = await buildSettled();
    expect(removed.stats.stages['cache-load']).toBeDefined();
    expect(removed.corpus.byId.has('zz-cobalt')).toBe(false);
    const again = await buildSettled();
    expect(again.stats.stages['cache-load']).toBeUndefined();
    expect(again.corpus.byId.has('zz-cobalt')).toBe(false);
  });

  test('a snapshot cut short is rebuilt with a warning naming it', async () => {
    const file = path.join(settledCache, 'snapshot.bin');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    const memory = createMemoryLogger();
    const rebuilt = await buildSettled(memory);
    expect(rebuilt.stats.stages['cache-load']).toBeDefined();
    expect(rebuilt.corpus.articles.length).toBeGreaterThan(0);
    expect(memory.lines.some((l) => l.level === 40 && String(l.msg).includes('snapshot.bin'))).toBe(true);
    const again = await buildSettled();
    expect(again.stats.stages['cache-load']).toBeUndefined();
  });
});
