/**
 * Facts read once per text: a syndicated copy is given the facts of the first copy read,
 * relabelled. They must be the facts the copy itself would give.
 */
import { readdir } from 'node:fs/promises';
import { beforeAll, expect, test } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.js';
import { createFactsReader, extractFactsOf } from '../../src/corpus/facts.js';
import { decodeArticle, readArticleFile } from '../../src/corpus/load.js';
import { createTopicProfile } from '../../src/corpus/relevance.js';
import type { CleanArticle } from '../../src/corpus/types.js';
import { SEED_DIR } from '../helpers/corpus.js';

const profile = createTopicProfile(null);
let articles: CleanArticle[] = [];

beforeAll(async () => {
  for (const file of (await readdir(SEED_DIR)).sort()) {
    const read = await readArticleFile(SEED_DIR, file);
    if (!read.ok) continue;
    const decoded = decodeArticle(read);
    if (decoded.ok) articles.push(cleanArticle(decoded.raw));
  }
  articles = articles.filter((a) => a.paragraphs.length > 0);
});

/** The same paragraphs under another name, and maybe another title and date. */
const copyOf = (a: CleanArticle, n: number, changes: Partial<CleanArticle> = {}): CleanArticle => ({ ...a, id: `${a.id}-copy${n}`, file: `copy${n}-${a.file}`, ...changes });

test('a copy in the same batch or a later one gets the facts it would give alone', () => {
  expect(articles.length).toBeGreaterThan(2);
  const read = createFactsReader(profile);
  const [first, second] = [articles[0], articles[1]];
  // Another title (relevance), another date and none at all (dates read against it), the same.
  const copies = [
    copyOf(first, 1),
    copyOf(first, 2, { title: 'Another headline about rare earth magnets' }),
    copyOf(second, 3, { published: '2024-02-29T00:00:00.000Z' }),
    copyOf(second, 4, { published: null }),
  ];
  const batches = [[first, copies[0], second], [copies[1], copies[2]], [copies[3], first]];
  const got = batches.flatMap((batch) => read(batch));
  const alone = batches.flat().map((a) => extractFactsOf([a], profile)[0]);
  expect(got).toEqual(alone);
  // Not vacuous: the copy has figures, and they name the copy.
  expect(got[1].figures.length).toBeGreaterThan(0);
  expect(got[1].figures.every((f) => f.articleId === copies[0].id)).toBe(true);
});
