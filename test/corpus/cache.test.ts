import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CACHE_VERSION, createArticleCache, deriveBody, loadArticleCache } from '../../src/corpus/cache.js';
import { createMemoryLogger } from '../../src/log.js';
import type { ProcessedArticle } from '../../src/corpus/types.js';

/** A sha256-shaped key whose first digit picks the shard. */
const hashOf = (first: string, n = 0) => `${first}${n.toString(16).padStart(63, '0')}`;

function processed(id: string, paragraphs = ['Cobalt fell 38% in London.', 'Refiners cut purchases.']): ProcessedArticle {
  return {
    article: {
      id,
      file: `${id}.txt`,
      hash: hashOf('a'),
      url: null,
      title: 'Cobalt slides',
      publisher: null,
      author: null,
      published: '2025-03-12',
      paragraphs,
      body: paragraphs.join('\n\n'),
      removedLines: 1,
      removed: ['Share this article'],
    },
    facts: {
      sentences: paragraphs,
      figures: [],
      quotes: [],
      events: [],
      entities: [],
      relevance: 0.8,
      signature: [1, 2, 3],
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'article-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const warnings = (lines: Record<string, unknown>[]) => lines.filter((l) => l.level === 40).map((l) => String(l.msg));

describe('article cache', () => {
  test('an entry put and saved comes back after a restart, equal to what was put', async () => {
    const { log } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    const value = processed('cobalt-1');
    cache.put(hashOf('a'), value);
    await cache.save();
    const warm = await loadArticleCache(dir, log);
    const entry = warm.get(hashOf('a'))!;
    expect({ article: entry.article, facts: entry.facts, relevance: entry.relevance }).toEqual({ ...value, relevance: 0.8 });
    expect(warm.get(hashOf('b'))).toBeUndefined();
  });

  test('a body that is not its paragraphs joined is stored as it is', async () => {
    const { log } = createMemoryLogger();
    const value = processed('odd');
    value.article.body = 'Something else entirely.';
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('c'), value);
    await cache.save();
    expect((await loadArticleCache(dir, log)).get(hashOf('c'))?.article.body).toBe('Something else entirely.');
  });

  test('deriveBody joins the paragraphs on read instead of holding a copy, unless body is something else', () => {
    const plain = deriveBody(processed('zinc-1', ['Zinc rose.', 'A smelter in Peru restarted.']).article);
    expect(plain.body).toBe('Zinc rose.\n\nA smelter in Peru restarted.');
    expect(Object.getOwnPropertyDescriptor(plain, 'body')?.value).toBeUndefined();
    const copy = deriveBody({ ...plain, id: 'zinc-2' }, plain);
    expect(Object.getOwnPropertyDescriptor(copy, 'body')?.value).toBeUndefined();
    expect(copy).toEqual({ ...plain, id: 'zinc-2' });
    const odd = processed('zinc-3').article;
    odd.body = 'Only the lede.';
    expect(Object.getOwnPropertyDescriptor(deriveBody(odd), 'body')?.value).toBe('Only the lede.');
  });

  test('deriveBody keeps articles in one shape: a copy with a body field comes back without it, the getter last', () => {
    const plain = deriveBody(processed('zinc-1', ['Zinc rose.']).article);
    const copy = deriveBody({ ...plain, storyId: 's-1' }, plain);
    expect(Object.keys(copy).at(-1)).toBe('body');
    expect(Object.keys(copy)).toEqual([...Object.keys(plain).filter((k) => k !== 'body'), 'storyId', 'body']);
  });

  test('a missing folder is an empty cache, without a warning', async () => {
    const { log, lines } = createMemoryLogger();
    const cache = await loadArticleCache(path.join(dir, 'not-yet'), log);
    expect(cache.get(hashOf('a'))).toBeUndefined();
    expect(warnings(lines)).toEqual([]);
    cache.put(hashOf('a'), processed('x'));
    await cache.save();
    expect((await loadArticleCache(path.join(dir, 'not-yet'), log)).get(hashOf('a'))).toBeDefined();
  });

  test('firstSeen is the first time a file id was seen, across restarts', async () => {
    const { log } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    expect(cache.firstSeen('mine-1', new Date('2025-03-10T08:00:00Z'))).toBe('2025-03-10T08:00:00.000Z');
    expect(cache.firstSeen('mine-1', new Date('2025-03-11T08:00:00Z'))).toBe('2025-03-10T08:00:00.000Z');
    await cache.save();
    const warm = await loadArticleCache(dir, log);
    expect(warm.firstSeen('mine-1', new Date('2026-01-01T00:00:00Z'))).toBe('2025-03-10T08:00:00.000Z');
    expect(warm.firstSeen('mine-2', new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
  });

  test('retain drops the entries of files no longer present, also on disk', async () => {
    const { log } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('1'), processed('kept'));
    cache.put(hashOf('2'), processed('gone'));
    await cache.save();
    const warm = await loadArticleCache(dir, log);
    warm.retain(new Set([hashOf('1')]));
    expect(warm.get(hashOf('2'))).toBeUndefined();
    await warm.save();
    const again = await loadArticleCache(dir, log);
    expect(again.get(hashOf('1'))?.article.id).toBe('kept');
    expect(again.get(hashOf('2'))).toBeUndefined();
  });

  test('a save rewrites only the shards that changed, and leaves no temp files', async () => {
    const { log } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('a'), processed('a'));
    cache.put(hashOf('b'), processed('b'));
    await cache.save();
    const before = await stat(path.join(dir, 'articles-a.ndjson'));
    const warm = await loadArticleCache(dir, log);
    warm.put(hashOf('b', 1), processed('b2'));
    await warm.save();
    const after = await stat(path.join(dir, 'articles-a.ndjson'));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect((await readdir(dir)).sort()).toEqual(['articles-a.ndjson', 'articles-b.ndjson']);
    expect((await loadArticleCache(dir, log)).get(hashOf('b', 1))?.article.id).toBe('b2');
  });

  test('a corrupt shard is a warning naming the file; the other shards still load', async () => {
    const { log, lines } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('a'), processed('a'));
    cache.put(hashOf('b'), processed('b'));
    await cache.save();
    const broken = path.join(dir, 'articles-a.ndjson');
    await writeFile(broken, '\u0000\u0001 not a cache');
    const warm = await loadArticleCache(dir, log);
    expect(warm.get(hashOf('a'))).toBeUndefined();
    expect(warm.get(hashOf('b'))?.article.id).toBe('b');
    expect(warnings(lines).some((w) => w.includes(broken))).toBe(true);
  });

  test('a truncated entry is a warning and a miss, and the shard is repaired at the next save', async () => {
    const { log, lines } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('a', 1), processed('one'));
    cache.put(hashOf('a', 2), processed('two'));
    await cache.save();
    const file = path.join(dir, 'articles-a.ndjson');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/("id":"two".*)\n$/, (m) => m.slice(0, 40) + '\n'));
    const warm = await loadArticleCache(dir, log);
    expect(warm.get(hashOf('a', 1))?.article.id).toBe('one');
    expect(warm.get(hashOf('a', 2))).toBeUndefined();
    expect(warnings(lines).some((w) => w.includes(file))).toBe(true);
    await warm.save();
    expect(await readFile(file, 'utf8')).not.toContain('"two"');
  });

  test('facts are parsed on first read: corrupt ones warn only then, read as empty, and the entry is dropped at the next save', async () => {
    const { log, lines } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('a', 1), processed('one'));
    cache.put(hashOf('a', 2), processed('two', ['Lithium output in Quebec doubled.']));
    await cache.save();
    const file = path.join(dir, 'articles-a.ndjson');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/("id":"two".*\t)[^\t]*\n$/, (_m, head: string) => `${head}[[\n`));
    const warm = await loadArticleCache(dir, log);
    const two = warm.get(hashOf('a', 2))!;
    expect(two.article.paragraphs).toEqual(['Lithium output in Quebec doubled.']);
    expect(two.relevance).toBe(0.8);
    expect(warnings(lines)).toEqual([]);
    expect(two.facts).toMatchObject({ sentences: [], figures: [], relevance: 0.8 });
    expect(warnings(lines).some((w) => w.includes(file))).toBe(true);
    expect(warm.get(hashOf('a', 1))?.facts.sentences).toEqual(['Cobalt fell 38% in London.', 'Refiners cut purchases.']);
    await warm.save();
    expect(await readFile(file, 'utf8')).not.toContain('"two"');
  });

  test('files of another format version are ignored and rebuilt', async () => {
    const { log, lines } = createMemoryLogger();
    const file = path.join(dir, 'articles-a.ndjson');
    const old = JSON.stringify({ format: 'rareearth-article-cache', version: CACHE_VERSION + 1 });
    await writeFile(file, `${old}\n${hashOf('a')}\t${JSON.stringify(processed('old'))}\n`);
    const warm = await loadArticleCache(dir, log);
    expect(warm.get(hashOf('a'))).toBeUndefined();
    expect(warnings(lines)).toEqual([]);
    await warm.save();
    await expect(stat(file)).rejects.toThrow();
  });

  test('a corrupt first-seen file is a warning naming it; the articles still load', async () => {
    const { log, lines } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('a'), processed('a'));
    cache.firstSeen('a', new Date('2025-01-01T00:00:00Z'));
    await cache.save();
    const seen = path.join(dir, 'first-seen.json');
    await writeFile(seen, '{"seen": ');
    const warm = await loadArticleCache(dir, log);
    expect(warm.get(hashOf('a'))).toBeDefined();
    expect(warm.firstSeen('a', new Date('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.000Z');
    expect(warnings(lines).some((w) => w.includes(seen))).toBe(true);
  });

  test('a cache folder that cannot be written is a warning, not a crash', async () => {
    const { log, lines } = createMemoryLogger();
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const cache = createArticleCache(path.join(blocker, 'cache'), log);
    cache.put(hashOf('a'), processed('a'));
    await expect(cache.save()).resolves.toBeUndefined();
    expect(warnings(lines).some((w) => w.includes(blocker))).toBe(true);
  });

  test('10,000 entries across every shard save and load back whole', async () => {
    const { log } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} about a copper mine in Chile and its output of ${i * 1000} tonnes.`);
    for (let i = 0; i < 10_000; i++) cache.put(hashOf((i % 16).toString(16), i), processed(`a${i}`, paragraphs));
    await cache.save();
    const warm = await loadArticleCache(dir, log);
    let found = 0;
    for (let i = 0; i < 10_000; i++) if (warm.get(hashOf((i % 16).toString(16), i))) found++;
    expect(found).toBe(10_000);
  });
});
