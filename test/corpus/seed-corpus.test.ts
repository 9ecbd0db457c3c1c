/**
 * The five seed pages through load → cleanArticle, against /work/shared/corpus/EXPECTED.md:
 * the "Articles and metadata" table, the "Boilerplate: never in a briefing" list, and every
 * body sentence kept in order.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.js';
import { listArticleFiles } from '../../src/corpus/files.js';
import { decodeArticle, readArticleFile } from '../../src/corpus/load.js';
import type { CleanArticle } from '../../src/corpus/types.js';
import { SEED_DIR } from '../helpers/corpus.js';

const articles = new Map<string, CleanArticle>();

beforeAll(async () => {
  for (const file of await listArticleFiles(SEED_DIR)) {
    const read = await readArticleFile(SEED_DIR, file);
    if (!read.ok) throw new Error(`${file} ${read.reason}`);
    const decoded = decodeArticle(read);
    if (!decoded.ok) throw new Error(`${file} ${decoded.reason}`);
    articles.set(decoded.raw.id, cleanArticle(decoded.raw));
  }
});

const article = (stem: string) => {
  const found = [...articles.values()].find((a) => a.id.startsWith(stem));
  if (!found) throw new Error(`no seed article ${stem}`);
  return found;
};

describe('Articles and metadata (EXPECTED.md table)', () => {
  test('all five seed files load', () => {
    expect(articles.size).toBe(5);
  });

  test.each([
    ['000', { publisher: expect.stringMatching(/^CaliToday/), published: '2025-10-29', author: 'Thế Anh', title: null }],
    ['001', { publisher: null, published: null, author: null, title: null }],
    ['002', { publisher: null, published: null, author: null, title: 'U.S. and Japan Sign Rare Earths Deal Amid China Tensions' }],
    ['003', { publisher: null, published: null, author: null, title: 'US-Japan Sign Rare Earth Deal to Counter China’s Supply Dominance' }],
    ['004', { publisher: null, published: null, author: 'Badri Ariffin', title: null }],
  ])('%s', (stem, expected) => {
    const a = article(stem);
    expect({ publisher: a.publisher, published: a.published, author: a.author, title: a.title }).toEqual(expected);
  });

  test('000: the lede is the first sentence, without the "CaliToday (29/10/2025): " prefix', () => {
    expect(article('000').paragraphs[0]).toMatch(/^In a direct challenge to Beijing, President Trump/);
  });

  test('001 and 003 (the same article syndicated) clean to the same body', () => {
    expect(article('003').paragraphs).toEqual(article('001').paragraphs);
  });

  test('001 keeps its "Key Takeaways" bullets as paragraphs, bullet characters stripped', () => {
    expect(article('001').paragraphs.slice(0, 4)).toEqual([
      'US and Japan sign critical minerals deal to secure rare earth supplies',
      'Agreement aims to reduce dependence on China, which dominates global production',
      'Comes ahead of Trump’s meeting with Xi Jinping in South Korea',
      'Experts warn building alternative supply chains could take a decade',
    ]);
  });
});

/**
 * Each seed's body as a reader marks it: the source lines from its first to its last body
 * line, keeping bullets and lines that end a sentence (subheadings may go), bullet characters
 * and the dateline prefix stripped.
 */
const BODY_RANGES: Record<string, [first: string, last: string]> = {
  '000': ['CaliToday (29/10/2025): In a direct challenge', 'As the world transitions toward'],
  '001': ['- US and Japan sign', 'The diplomatic gestures extended'],
  '002': ['Tokyo, Japan', 'The impact of this agreement'],
  '003': ['• US and Japan sign', 'The diplomatic gestures extended'],
  '004': ['In a landmark move', 'Industry observers suggest'],
};

function expectedBody(stem: string): string[] {
  const file = [...articles.values()].find((a) => a.id.startsWith(stem))!.file;
  const lines = readFileSync(path.join(SEED_DIR, file), 'utf8').split('\n').map((l) => l.trim());
  const [first, last] = BODY_RANGES[stem];
  const from = lines.findIndex((l) => l.startsWith(first));
  const to = lines.findIndex((l) => l.startsWith(last));
  return lines
    .slice(from, to + 1)
    .filter((l) => /^[-•]/.test(l) || /[.:!?]["”’]?$/.test(l))
    .map((l) => l.replace(/^[-•]\s*/, '').replace(/^CaliToday \(29\/10\/2025\): /, ''));
}

describe('every body sentence kept, in order', () => {
  test.each(Object.keys(BODY_RANGES))('%s', (stem) => {
    const body = expectedBody(stem);
    expect(body.length).toBeGreaterThan(5);
    expect(article(stem).paragraphs).toEqual(body);
  });
});

describe('Boilerplate: never in a briefing', () => {
  /** Whole lines of chrome: no body paragraph may be (or contain) one of these. */
  const CHROME_LINES = [
    'Connect with us', 'Published', 'on', '6.1 C', 'Delhi', 'Latest', 'Topics', 'Related Articles', 'Popular Categories',
    'spot_img', 'Business', 'Key Takeaways', 'Thế Anh', 'CaliToday.Net',
  ];
  /** Strings that must not occur anywhere in a clean body. */
  const NEVER = [
    'Connect with us', 'spot_img', 'Related Articles', 'Popular Categories',
    'You have not yet added any article to your bookmarks!', 'Join 10k+ people', 'Do not worry we don\'t spam!',
    'Post by :', 'Badri Ariffin', 'CaliToday (29/10/2025)', 'Friday, January 16, 2026',
    'Leila Pahlavi', 'Zomato', 'Salman Khan', 'Drishyam', 'Amazon', 'social media ban', 'Sanctions 20 US Defense',
    'sanctions on 20 US defense', 'under-14 accounts', 'Up to 80% Off', 'Kis Kisko', 'Hrithik', 'Thailand Defence', 'Evacuate',
  ];

  test.each(['000', '001', '002', '003', '004'])('%s', (stem) => {
    const a = article(stem);
    for (const line of CHROME_LINES) expect(a.paragraphs, line).not.toContain(line);
    for (const s of NEVER) expect(a.body, s).not.toContain(s);
    expect(a.removedLines).toBe(a.removed.length);
  });

  test('003 drops its whole chrome: 39 lines', () => {
    expect(article('003').removedLines).toBe(39);
  });
});
