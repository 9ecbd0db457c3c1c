import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadSnapshot, loadSnapshotFiles, saveSnapshot, stampsOf } from '../../src/corpus/snapshot-file.js';
import { createMemoryLogger } from '../../src/log.js';
import type { Article } from '../../src/corpus/types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rareearth-snapshot-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const WORDS = 'Tōkyō 東京 — “rare earths” ½ 🚀 naïve \udc00';
const article = (id: string): Article => ({
  id,
  file: `${id}.txt`,
  hash: 'h',
  url: null,
  title: `${WORDS} ${id}`,
  publisher: null,
  author: null,
  published: '2026-01-02',
  paragraphs: [`${WORDS} one.`, 'Two \ud83d\ude00 lines\u2028here.'],
  body: `${WORDS} one.\n\nTwo \ud83d\ude00 lines\u2028here.`,
  removedLines: 1,
  removed: ['Menu ☰'],
  storyId: `s-${id}`,
  duplicateOf: null,
  firstSeen: '2026-01-02T00:00:00.000Z',
  relevance: 0.5,
  onTopic: true,
});

test('articles, parts and texts outside ASCII come back as they went in, texts read on demand', async () => {
  // b has an optional field that a lacks: it must stay absent from a, not come back as null.
  const articles = [article('a'), { ...article('b'), subheadings: [{ text: 'Prices', paragraph: 1 }] }];
  const story = { id: 's-a', articleIds: ['a'], why: [WORDS], headline: WORDS, summary: [`${WORDS} one.`], published: null, lastSeen: '', onTopic: true };
  const parts = { stories: [story], duplicateOf: {}, keyFigures: [], quotes: [{ speaker: 'Zoë', role: null, text: WORDS, articleIds: ['a'] }], timeline: [], entities: [] };
  const { log } = createMemoryLogger();
  const files = { stamps: stampsOf([['a.txt', 1, 2], ['b/ß.md', 3, 4.5]]), skipped: [{ file: 'c.txt', reason: 'is empty' }] };
  await saveSnapshot(dir, { code: 'c1', key: 'k1', files, articles, parts, index: [new Uint8Array([1, 2]), new Uint8Array([3])] }, log);
  expect(await loadSnapshotFiles(dir, 'c1', log)).toEqual({ key: 'k1', files });
  const loaded = (await loadSnapshot(dir, 'c1', 'k1', log))!;
  expect(loaded.parts).toEqual(parts);
  expect(JSON.parse(JSON.stringify(loaded.articles))).toEqual(JSON.parse(JSON.stringify(articles)));
  expect(loaded.articles[1].body).toBe(articles[1].body);
  expect(Object.hasOwn(loaded.articles[0], 'subheadings')).toBe(false);
  expect([...loaded.index]).toEqual([1, 2, 3]);
});

test('each article reads its own text, even when two files give the same id', async () => {
  const twin = { ...article('a'), file: 'a.md', paragraphs: ['The other text.'], body: 'The other text.', removed: [] };
  const { log } = createMemoryLogger();
  const files = { stamps: null, skipped: [] };
  const parts = { stories: [], duplicateOf: {}, keyFigures: [], quotes: [], timeline: [], entities: [] };
  await saveSnapshot(dir, { code: 'c3', key: 'k3', files, articles: [article('a'), twin], parts, index: [] }, log);
  const loaded = (await loadSnapshot(dir, 'c3', 'k3', log))!;
  expect(loaded.files).toEqual(files);
  expect(loaded.articles.map((a) => [a.file, a.body, a.removed])).toEqual([
    ['a.txt', article('a').body, ['Menu ☰']],
    ['a.md', 'The other text.', []],
  ]);
});

test('articles of an earlier load keep reading their own file after a newer snapshot replaces it', async () => {
  const { log } = createMemoryLogger();
  const files = { stamps: null, skipped: [] };
  const parts = { stories: [], duplicateOf: {}, keyFigures: [], quotes: [], timeline: [], entities: [] };
  const save = (text: string) =>
    saveSnapshot(dir, { code: 'c5', key: 'k5', files, articles: [{ ...article('a'), paragraphs: [text], body: text }], parts, index: [] }, log);
  await save('Old text.');
  const before = (await loadSnapshot(dir, 'c5', 'k5', log))!;
  await save('New text.');
  const after = (await loadSnapshot(dir, 'c5', 'k5', log))!;
  expect([before.articles[0].body, after.articles[0].body]).toEqual(['Old text.', 'New text.']);
});

test('an article field the snapshot does not store is a warning and no snapshot, not a field lost', async () => {
  const { log, lines } = createMemoryLogger();
  const parts = { stories: [], duplicateOf: {}, keyFigures: [], quotes: [], timeline: [], entities: [] };
  const odd = { ...article('a'), extra: 1 } as Article;
  await saveSnapshot(dir, { code: 'c4', key: 'k4', files: { stamps: null, skipped: [] }, articles: [odd], parts, index: [] }, log);
  expect(lines.some((l) => String(l.msg).includes('could not save'))).toBe(true);
  expect(await loadSnapshotFiles(dir, 'c4', log)).toBeNull();
});

test('a snapshot of other code, or saved under another key, is not served', async () => {
  const { log } = createMemoryLogger();
  expect(await loadSnapshotFiles(dir, 'c2', log)).toBeNull();
  expect(await loadSnapshot(dir, 'c1', 'k2', log)).toBeNull();
});
