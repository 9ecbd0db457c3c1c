import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CACHE_VERSION, createArticleCache, deriveBody, loadArticleCache } from '../../src/corpus/cache.js';
import { createMemoryLogger } from '../../src/log.js';
import type { ArticleFacts, CleanArticle, ProcessedArticle } from '../../src/corpus/types.js';

const hashOf = (first: string, n = 0) => `${first}${n.toString(16).padStart(63, '0')}`;

const PARAGRAPHS = [
  'Lynas said on Monday it would invest $500 million in a refinery in Texas. The plant opens in 2027. “We are ready,” said Amanda Lacaze.',
  'China refines nearly 90% of rare earths. Export controls took effect in October.',
];
const S = [
  'Lynas said on Monday it would invest $500 million in a refinery in Texas.',
  'The plant opens in 2027.',
  '“We are ready,” said Amanda Lacaze.',
  'China refines nearly 90% of rare earths.',
  'Export controls took effect in October.',
];

function article(id: string, hash: string, over: Partial<CleanArticle> = {}): CleanArticle {
  return deriveBody({
    id,
    file: `${id}.txt`,
    hash,
    url: null,
    title: 'Lynas to build a Texas refinery',
    publisher: 'Mining Weekly',
    author: null,
    published: null,
    paragraphs: PARAGRAPHS,
    body: '',
    removedLines: 5,
    removed: ['Menu', 'Lynas to build a Texas refinery', 'Menu', 'Share', 'Share'],
    subheadings: [{ text: 'Prices', paragraph: 1 }],
    ...over,
  });
}

function facts(id: string): ArticleFacts {
  return {
    sentences: S,
    figures: [
      { value: 5e8, unit: 'USD', qualifier: null, entity: 'Lynas', subject: 'investment in refinery', wording: '$500 million', sentence: S[0], articleId: id },
      { value: 0.9, valueMax: 0.95, unit: '%', qualifier: 'nearly', entity: 'China', subject: 'share of refining', wording: 'nearly 90%', sentence: S[3], articleId: id },
    ],
    quotes: [{ speaker: 'Amanda Lacaze', role: null, text: 'We are ready', articleIds: [id] }],
    events: [
      { date: '2027', expression: 'in 2027', text: S[1], articleIds: [id] },
      { date: '2025-10', until: '2025-10-31', expression: 'in October', text: S[4], articleIds: [id] },
    ],
    entities: [
      { name: 'Lynas', type: 'organization', role: null, count: 1, articleId: id },
      { name: 'Texas', type: 'place', role: null, count: 1, articleId: id },
      { name: 'China', type: 'place', role: null, count: 1, articleId: id },
    ],
    relevance: 0.91,
    signature: [0, 1, 33554431, 12345, 7, 255, 256, 1 << 24],
    unanchored: [S[0], S[4]],
  };
}

const processed = (id: string, hash: string, over: Partial<CleanArticle> = {}): ProcessedArticle => ({ article: article(id, hash, over), facts: facts(id) });

/** The entry as plain data (the body getter read), with each object's keys in their order. */
const plain = (value: { article: CleanArticle; facts: ArticleFacts }) => JSON.stringify({ article: { ...value.article, body: value.article.body }, facts: value.facts });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'article-cache-codec-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function roundTrip(hash: string, value: ProcessedArticle) {
  const { log, lines } = createMemoryLogger();
  const cache = createArticleCache(dir, log);
  cache.put(hash, value);
  await cache.save();
  const entry = (await loadArticleCache(dir, log)).get(hash)!;
  return { entry, lines, text: await readFile(path.join(dir, `articles-${hash[0]}.ndjson`), 'utf8') };
}

describe('article cache encoding', () => {
  test('facts come back equal to those put, keys in the same order, each sentence written once', async () => {
    const hash = hashOf('c');
    const value = processed('lynas-1', hash);
    const { entry, text } = await roundTrip(hash, value);
    expect({ article: entry.article, facts: entry.facts }).toEqual(value);
    expect(plain(entry)).toBe(plain(value));
    for (const s of S) expect(text.split(s).length - 1).toBe(1);
    expect(text).not.toContain('"articleId"');
  });

  test('strings that are no sentence, sentences found in no paragraph, and repeated sentences come back too', async () => {
    const hash = hashOf('d');
    const value = processed('lynas-2', hash);
    value.facts.sentences = [S[0], S[0], 'A sentence of no paragraph.', S[3], S[1]];
    value.facts.figures[0].sentence = 'A figure of another sentence.';
    value.facts.unanchored = ['A sentence of no paragraph.', 'Nor this one.', 'Nor this one.'];
    const { entry } = await roundTrip(hash, value);
    expect(plain(entry)).toBe(plain(value));
  });

  test('a signature of any numbers comes back as it was', async () => {
    for (const [i, signature] of [[], [3], [0xffffffff, 0], [-1, 2], [1.5], [2 ** 40]].entries()) {
      const hash = hashOf('e', i);
      const value = processed('lynas-3', hash);
      value.facts.signature = signature;
      expect((await roundTrip(hash, value)).entry.facts.signature).toEqual(signature);
    }
  });

  test('facts with a field of their own, or an object of another shape, come back whole', async () => {
    const hash = hashOf('f');
    const value = processed('lynas-4', hash);
    (value.facts as unknown as Record<string, unknown>).extra = { note: S[0] };
    (value.facts.entities[1] as unknown as Record<string, unknown>).aliases = ['TX', 'Lynas'];
    (value.facts.entities[2] as unknown as Record<string, unknown>).count = 'many';
    const { entry } = await roundTrip(hash, value);
    expect(plain(entry)).toBe(plain(value));
  });

  test('an object of more keys than a mask has bits comes back whole, strings and numbers past the mask included', async () => {
    const hash = hashOf('f', 1);
    const value = processed('lynas-wide', hash);
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i % 3 === 0 ? S[i % S.length] : i % 3 === 1 ? i : 'Lynas']));
    value.facts.entities.push(wide as never, { ...wide } as never);
    const { entry } = await roundTrip(hash, value);
    expect(plain(entry)).toBe(plain(value));
  });

  test('the article comes back whole: a hash of its own, a null title, removed lines repeated or empty', async () => {
    const a = hashOf('a', 1);
    const own = processed('lynas-5', 'not-the-key', { title: null, removed: ['', 'Menu', '', 'Menu'] });
    expect(plain((await roundTrip(a, own)).entry)).toBe(plain(own));
    const b = hashOf('b', 1);
    const odd = processed('lynas-6', b, { body: 'Only the lede.' });
    const { entry } = await roundTrip(b, odd);
    expect(entry.article.body).toBe('Only the lede.');
    expect(plain(entry)).toBe(plain(odd));
  });

  test('corrupt facts (a sentence out of its paragraph, a missing string) read as empty, with a warning', async () => {
    for (const [i, bad] of ['[[0,0,999],[0]]', '[[0,0,5],[0,1],[[[8,99]]]]', '{"sentences":[]}'].entries()) {
      const hash = hashOf('9', i);
      const { log, lines } = createMemoryLogger();
      const cache = createArticleCache(dir, log);
      cache.put(hash, processed('lynas-7', hash));
      await cache.save();
      const file = path.join(dir, 'articles-9.ndjson');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/\t[^\t]*\n$/, `\t${bad}\n`));
      const entry = (await loadArticleCache(dir, log)).get(hash)!;
      expect(entry.facts).toMatchObject({ sentences: [], figures: [], relevance: 0.91 });
      expect(lines.some((l) => l.level === 40 && String(l.msg).includes(file))).toBe(true);
      await rm(file);
    }
  });

  test('an entry whose facts were never read is written back byte for byte when its shard is saved again', async () => {
    const { log } = createMemoryLogger();
    const cache = createArticleCache(dir, log);
    cache.put(hashOf('a', 1), processed('one', hashOf('a', 1)));
    await cache.save();
    const file = path.join(dir, 'articles-a.ndjson');
    const before = await readFile(file, 'utf8');
    const warm = await loadArticleCache(dir, log);
    expect(warm.get(hashOf('a', 1))?.article.id).toBe('one');
    warm.put(hashOf('a', 2), processed('two', hashOf('a', 2)));
    await warm.save();
    const after = await readFile(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const again = await loadArticleCache(dir, log);
    expect(plain(again.get(hashOf('a', 1))!)).toBe(plain(processed('one', hashOf('a', 1))));
    expect(plain(again.get(hashOf('a', 2))!)).toBe(plain(processed('two', hashOf('a', 2))));
  });

  test('a shard of another version is dropped from its header alone, never read whole', async () => {
    const { log, lines } = createMemoryLogger();
    const file = path.join(dir, 'articles-a.ndjson');
    await writeFile(file, `${JSON.stringify({ format: 'rareearth-article-cache', version: CACHE_VERSION - 1 })}\n`);
    // Sparse, past what readFile accepts (2 GiB): reading it whole would fail with a warning.
    const handle = await open(file, 'r+');
    await handle.truncate(3 * 2 ** 30);
    await handle.close();
    const warm = await loadArticleCache(dir, log);
    expect(warm.get(hashOf('a'))).toBeUndefined();
    expect(lines.filter((l) => l.level === 40)).toEqual([]);
    expect(lines.some((l) => String(l.msg).includes('rebuilding'))).toBe(true);
  });
});
