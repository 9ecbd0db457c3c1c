import { readdir } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.js';
import {
  chooseCanonical,
  estimateJaccard,
  groupStories,
  minhashSignature,
  SIGNATURE_SIZE,
  type DedupItem,
} from '../../src/corpus/dedup.js';
import { decodeArticle, readArticleFile } from '../../src/corpus/load.js';
import { SEED_DIR } from '../helpers/corpus.js';
import {
  COBALT_PRICES,
  FOOTBALL,
  LITHIUM_OTHER_EVENT,
  LITHIUM_REWRITE_A,
  LITHIUM_REWRITE_B,
  LITHIUM_REWRITE_C,
  LITHIUM_WIRE,
  wrap,
} from './dedup-fixtures.js';

const item = (id: string, body: string, published: string | null = null): DedupItem => ({
  id,
  paragraphs: body.split('\n\n'),
  published,
  signature: minhashSignature([body]),
});

const storyOf = (stories: { articleIds: string[] }[], id: string) => stories.find((s) => s.articleIds.includes(id))!;

/** A deterministic text of n words drawn from a vocabulary large enough that shingles rarely repeat. */
function words(n: number, seed: number): string[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return `w${(x >>> 8) % 5000}`;
  });
}

function exactJaccard(a: string[], b: string[]): number {
  const shingles = (w: string[]) => new Set(w.slice(0, -4).map((_, i) => w.slice(i, i + 5).join(' ')));
  const sa = shingles(a);
  const sb = shingles(b);
  const inter = [...sa].filter((s) => sb.has(s)).length;
  return inter / (sa.size + sb.size - inter);
}

describe('minhashSignature', () => {
  test('has SIGNATURE_SIZE values and is the same for the same text', () => {
    const sig = minhashSignature([LITHIUM_WIRE]);
    expect(sig).toHaveLength(SIGNATURE_SIZE);
    expect(minhashSignature([LITHIUM_WIRE])).toEqual(sig);
    expect(sig.every((v) => Number.isInteger(v))).toBe(true);
  });

  test('ignores case, quote style, punctuation and line breaks', () => {
    const a = 'The “golden age” of lithium, the minister said: it’s here.\nShares rose.';
    const b = 'the "golden age" of LITHIUM -- the minister said; it\'s here. Shares rose!';
    expect(minhashSignature([a])).toEqual(minhashSignature([b]));
  });

  test('paragraphs give the signature of the body they make, shingles running across the breaks', () => {
    const paragraphs = LITHIUM_WIRE.split(/\n\n+/);
    expect(paragraphs.length).toBeGreaterThan(1);
    expect(minhashSignature(paragraphs)).toEqual(minhashSignature([paragraphs.join('\n\n')]));
    // Two-word paragraphs: every shingle crosses a break, so a scan restarting per paragraph would find none.
    const short = ['Cobalt prices', 'fell sharply', 'in Kinshasa', 'on Monday'];
    expect(minhashSignature(short)).toEqual(minhashSignature([short.join('\n\n')]));
    expect(minhashSignature(short)).not.toEqual(minhashSignature(short.slice().reverse()));
  });

  test('a body without words has an empty signature; a short one still has a full one', () => {
    expect(minhashSignature([''])).toEqual([]);
    expect(minhashSignature([' — … '])).toEqual([]);
    expect(minhashSignature(['Cobalt falls'])).toHaveLength(SIGNATURE_SIZE);
  });

  test('different texts have different signatures', () => {
    expect(estimateJaccard(minhashSignature([LITHIUM_WIRE]), minhashSignature([FOOTBALL]))).toBeLessThan(0.1);
  });

  test.each([0.2, 0.5, 0.8])('estimates a Jaccard of about %s within 0.12', (target) => {
    // b keeps the first part of a and replaces the rest: the shared run sets the Jaccard.
    const a = words(600, 7);
    const keep = Math.round((600 * 2 * target) / (1 + target));
    const b = [...a.slice(0, keep), ...words(600 - keep, 99)];
    const exact = exactJaccard(a, b);
    expect(Math.abs(estimateJaccard(minhashSignature([a.join(' ')]), minhashSignature([b.join(' ')])) - exact)).toBeLessThan(0.12);
  });

  test('signatures of other sizes or empty ones estimate 0', () => {
    expect(estimateJaccard([], [])).toBe(0);
    expect(estimateJaccard([1, 2], [1, 2, 3])).toBe(0);
  });
});

describe('chooseCanonical', () => {
  const copy = (id: string, length: number, published: string | null = null) => ({ id, length, published });

  test('the earliest published copy wins over longer undated ones', () => {
    expect(chooseCanonical([copy('a', 5000), copy('b', 1000, '2025-03-02'), copy('c', 900, '2025-03-01')]).id).toBe('c');
  });

  test('undated copies: the longest wins', () => {
    expect(chooseCanonical([copy('a', 1000), copy('b', 2000)]).id).toBe('b');
  });

  test('lengths within 10% are the same text give or take chrome: the smaller id wins', () => {
    expect(chooseCanonical([copy('b', 2000), copy('a', 1900)]).id).toBe('a');
    expect(chooseCanonical([copy('b', 2000), copy('a', 1700)]).id).toBe('b');
  });
});

describe('groupStories: copies', () => {
  test('the same wire text on three sites: two copies point at the earliest', () => {
    const g = groupStories([
      item('north-1', wrap('northwire', LITHIUM_WIRE), '2025-03-11'),
      item('claims-1', wrap('claimsdaily', LITHIUM_WIRE), '2025-03-10'),
      item('bare-1', LITHIUM_WIRE),
    ]);
    expect(Object.fromEntries(g.duplicateOf)).toEqual({ 'north-1': 'claims-1', 'bare-1': 'claims-1' });
    expect(g.stories).toHaveLength(1);
    expect(g.stories[0].id).toBe('s-claims-1');
    expect(g.stories[0].articleIds[0]).toBe('claims-1');
  });

  test('a copy that kept a page of teasers is still a copy (containment)', () => {
    const teasers = [COBALT_PRICES, FOOTBALL].join('\n\n');
    const g = groupStories([item('clean', LITHIUM_WIRE), item('noisy', `${LITHIUM_WIRE}\n\n${teasers}`)]);
    expect(estimateJaccard(minhashSignature([LITHIUM_WIRE]), minhashSignature([`${LITHIUM_WIRE}\n\n${teasers}`]))).toBeLessThan(0.6);
    expect(g.duplicateOf.size).toBe(1);
  });

  test('a rewrite is not a copy, and different stories are not copies', () => {
    const g = groupStories([item('wire', LITHIUM_WIRE), item('rw', LITHIUM_REWRITE_A), item('cobalt', COBALT_PRICES)]);
    expect(g.duplicateOf.size).toBe(0);
  });

  test('a copy says so in words, with the share of shingles', () => {
    const g = groupStories([item('a', LITHIUM_WIRE, '2025-03-10'), item('b', wrap('northwire', LITHIUM_WIRE))]);
    expect(g.stories[0].why[0]).toMatch(/^b is a copy of a \(\d+% of 5-word shingles shared\)$/);
  });

  test('a thousand copies of one text all point at one canonical copy', () => {
    const items = Array.from({ length: 1000 }, (_, i) => item(`c${String(i).padStart(4, '0')}`, LITHIUM_WIRE));
    const g = groupStories(items);
    expect(g.duplicateOf.size).toBe(999);
    expect(new Set(g.duplicateOf.values())).toEqual(new Set(['c0000']));
  });
});

describe('groupStories: stories', () => {
  const beat = () => [
    item('north-1', wrap('northwire', LITHIUM_WIRE), '2025-03-10'),
    item('claims-1', wrap('claimsdaily', LITHIUM_WIRE), '2025-03-10'),
    item('bare-1', LITHIUM_WIRE, null),
    item('rw-a', LITHIUM_REWRITE_A, '2025-03-11'),
    item('rw-b', LITHIUM_REWRITE_B, null),
    item('cobalt', COBALT_PRICES, '2025-03-12'),
    item('lithium-prices', LITHIUM_OTHER_EVENT, '2026-02-04'),
    item('football', FOOTBALL, '2025-03-10'),
  ];

  test('copies and rewrites of one event are one story; other events stay apart', () => {
    const g = groupStories(beat());
    const lithium = storyOf(g.stories, 'north-1');
    expect([...lithium.articleIds].sort()).toEqual(['bare-1', 'claims-1', 'north-1', 'rw-a', 'rw-b']);
    expect(g.stories).toHaveLength(4);
    for (const other of ['cobalt', 'lithium-prices', 'football']) expect(storyOf(g.stories, other).articleIds).toEqual([other]);
  });

  test('without any dates, the rewrites still join and the other lithium story stays apart', () => {
    const g = groupStories(beat().map((it) => ({ ...it, published: null })));
    expect(storyOf(g.stories, 'rw-b').articleIds).toHaveLength(5);
    expect(storyOf(g.stories, 'lithium-prices').articleIds).toEqual(['lithium-prices']);
  });

  test('a link names the terms the articles share and its score', () => {
    const g = groupStories([item('wire', LITHIUM_WIRE, '2025-03-10'), item('rw', LITHIUM_REWRITE_A, '2025-03-11')]);
    expect(g.stories).toHaveLength(1);
    expect(g.stories[0].why).toHaveLength(1);
    expect(g.stories[0].why[0]).toMatch(/^rw reports the same event as wire: shares '[^']+'(, '[^']+'){3} \(score 0\.\d\d\)$/);
    expect(g.stories[0].why[0]).toContain("'Northshield'");
  });

  test('the same words years apart are two events', () => {
    const g = groupStories([item('wire', LITHIUM_WIRE, '2023-03-10'), item('rw', LITHIUM_REWRITE_A, '2025-03-11')]);
    expect(g.stories).toHaveLength(2);
  });

  test('links a week apart do not chain into a story spanning three weeks', () => {
    const g = groupStories([
      item('w0', LITHIUM_WIRE, '2025-03-01'),
      item('w1', LITHIUM_REWRITE_A, '2025-03-08'),
      item('w2', LITHIUM_REWRITE_B, '2025-03-15'),
      item('w3', LITHIUM_REWRITE_C, '2025-03-22'),
    ]);
    for (const s of g.stories) {
      const days = s.articleIds.map((id) => Number(id.slice(1)) * 7);
      expect(Math.max(...days) - Math.min(...days)).toBeLessThanOrEqual(14);
    }
    expect(g.stories.length).toBeGreaterThan(1);
  });

  test('every article is in exactly one story, and input order does not matter', () => {
    const items = beat();
    const g = groupStories(items);
    expect(g.stories.flatMap((s) => s.articleIds).sort()).toEqual(items.map((it) => it.id).sort());
    const shuffled = groupStories([...items].reverse());
    expect(shuffled.stories).toEqual(g.stories);
    expect([...shuffled.duplicateOf].sort()).toEqual([...g.duplicateOf].sort());
  });

  test('a stale or missing signature is recomputed from the body', () => {
    const g = groupStories([
      { ...item('a', LITHIUM_WIRE), signature: [] },
      { ...item('b', LITHIUM_WIRE), signature: [1, 2, 3] },
    ]);
    expect(g.duplicateOf.get('b')).toBe('a');
  });

  test('no articles, no stories', () => {
    expect(groupStories([])).toEqual({ duplicateOf: new Map(), stories: [] });
  });
});

describe('groupStories on the seed corpus (EXPECTED.md, "Stories")', async () => {
  const items: DedupItem[] = [];
  for (const file of (await readdir(SEED_DIR)).sort()) {
    const read = await readArticleFile(SEED_DIR, file);
    if (!read.ok) continue;
    const decoded = decodeArticle(read);
    if (!decoded.ok) continue;
    const a = cleanArticle(decoded.raw);
    items.push(item(a.id.slice(0, 3), a.body, a.published));
  }

  test('003 is a copy of 001', () => {
    expect(Object.fromEntries(groupStories(items).duplicateOf)).toEqual({ '003': '001' });
  });

  test('all five report the same event', () => {
    const g = groupStories(items);
    expect(g.stories).toHaveLength(1);
    expect([...g.stories[0].articleIds].sort()).toEqual(['000', '001', '002', '003', '004']);
    expect(g.stories[0].why).toHaveLength(4);
  });
});
