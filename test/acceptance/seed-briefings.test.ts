/**
 * The seed corpus end to end through the CLI's --json, against what a careful reader finds in it
 * (../shared/corpus/EXPECTED.md). This is the floor; the rules behind it are general.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface Src { articleId: string; qualifier: string | null; text: string; wording?: string }
interface KF { value: number; unit: string; entity: string | null; subject: string; conflict: boolean; sources: Src[] }
interface Q { speaker: string | null; role: string | null; text: string; articleIds: string[] }
interface Ev { date: string; text: string; articleIds: string[] }

const A = { cali: '000_026d20214635f40e', kt: '001_b3a3a6ea12454b8c', us: '002_fa51ae2332851756', delhi: '003_02861778a0c63e83', post: '004_52f2a795d7ea89a4' };
const BOILERPLATE = ['Connect with us', 'spot_img', 'Related Articles', 'Popular Categories', 'bookmarks', 'Join 10k+', "we don't spam", 'Post by', 'Pahlavi', 'Zomato', 'Salman Khan', 'Drishyam', 'Amazon', 'social media ban', 'Sanctions 20 US Defense'];

let dir: string;
const out: Record<string, unknown> = {};
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rareearth-seed-'));
  const env = { CACHE_DIR: dir, STATE_FILE: path.join(dir, 'state.json') };
  // The first run fills the cache; the rest read it in parallel.
  out.sources = JSON.parse((await runCli(['sources', '--json'], env)).stdout);
  const names = ['stats', 'quotes', 'timeline', 'digest'];
  const results = await Promise.all(names.map((n) => runCli([n, '--json'], env)));
  names.forEach((n, i) => {
    expect(results[i].code, results[i].stderr).toBe(0);
    out[n] = JSON.parse(results[i].stdout);
  });
}, 90_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const keyFigures = () => (out.stats as { keyFigures: KF[] }).keyFigures;
const findFigure = (value: number, unit: string, subject: RegExp) =>
  keyFigures().find((k) => Math.abs(k.value - value) / value < 0.01 && k.unit === unit && subject.test(k.subject));
const idsOf = (k: KF | undefined) => new Set(k?.sources.map((s) => s.articleId));

describe('seed corpus: key figures', () => {
  test('China ≈70% of mining/production, with every source and its own qualifier', () => {
    const k = findFigure(70, '%', /mining|production|extraction/);
    expect(k?.entity).toBe('China');
    expect(idsOf(k)).toEqual(new Set([A.cali, A.kt, A.us, A.delhi]));
    const q = Object.fromEntries(k!.sources.map((s) => [s.articleId, s.qualifier]));
    expect(q[A.cali]).toBe('over');
    expect(q[A.kt]).toBe('approximately');
  });

  test('China ≈90% of refining/processing from all five articles, qualifiers differing', () => {
    const k = findFigure(90, '%', /refin|process/);
    expect(k?.entity).toBe('China');
    expect(idsOf(k)).toEqual(new Set(Object.values(A)));
    expect(k!.conflict).toBe(false);
    expect(new Set(k!.sources.map((s) => s.qualifier))).toEqual(new Set(['an estimated', 'nearly', 'over']));
  });

  test('the single-source figures are found with their article', () => {
    expect(idsOf(findFigure(8.5e9, 'USD', /./))).toEqual(new Set([A.kt, A.delhi]));
    expect(idsOf(findFigure(550e9, 'USD', /./))).toEqual(new Set([A.post]));
    expect(idsOf(findFigure(40, '%', /demand|growth|surge/))).toEqual(new Set([A.cali]));
    expect(idsOf(findFigure(17, 'count', /metal/))).toEqual(new Set([A.cali]));
    expect(idsOf(findFigure(250, 'count', /cherry|tree/))).toEqual(new Set([A.kt, A.us, A.delhi]));
    for (const [v, entity] of [[12, 'US'], [8, 'Myanmar'], [5, 'Malaysia']] as const) {
      const k = keyFigures().find((x) => x.value === v && x.unit === '%' && (x.entity ?? '').includes(entity));
      expect(k, `${entity} ${v}%`).toBeDefined();
      expect(idsOf(k)).toEqual(new Set([A.post]));
    }
  });

  test('no figure comes from boilerplate, years or ordinals', () => {
    for (const k of keyFigures()) {
      expect([2010, 2030, 2026, 250.5].includes(k.value) && k.unit === 'count').toBe(false);
      for (const s of k.sources) for (const b of BOILERPLATE) expect(s.text).not.toContain(b);
    }
    expect(keyFigures().some((k) => k.value === 5e6 || (k.value === 80 && k.unit === '%'))).toBe(false);
  });
});

describe('seed corpus: quotes', () => {
  const quotes = () => (out.quotes as { quotes: Q[] }).quotes;
  const find = (words: string) => quotes().find((q) => q.text.includes(words));

  test.each([
    ['so much critical mineral and rare earths', 'Donald Trump', [A.kt, A.us, A.delhi]],
    ['China is too far ahead of the world', 'John Mavrogenes', [A.kt, A.us, A.delhi]],
    ['By building alternative networks', 'Charles Chang', [A.kt, A.delhi]],
    ['Even if production takes time', 'Charles Chang', [A.kt, A.delhi]],
    ['the greatest alliance in the world', 'Sanae Takaichi', [A.kt, A.us, A.delhi]],
    ['pointing a bazooka', 'Scott Bessent', [A.kt, A.delhi]],
  ])('“%s” — %s', (words, speaker, ids) => {
    const q = find(words);
    expect(q?.speaker).toMatch(new RegExp(speaker.split(' ').at(-1)!));
    expect(new Set(q!.articleIds)).toEqual(new Set(ids));
  });

  test('roles are read where stated', () => {
    expect(find('China is too far ahead')?.role).toMatch(/professor of economic geology/i);
    expect(find('By building alternative networks')?.role).toMatch(/Fudan University/);
  });

  test('the White House is the source of the supply-chain quote', () => {
    expect(find('resilience and security of critical minerals')?.speaker).toMatch(/White House/);
  });

  test('scare quotes are not quotes', () => {
    expect(quotes().some((q) => /^(golden age|white gold|new golden era)$/i.test(q.text))).toBe(false);
  });
});

describe('seed corpus: timeline', () => {
  const events = () => (out.timeline as { events: Ev[] }).events;
  test('2010 export halt and the 2030 demand projection are dated, oldest first', () => {
    const e2010 = events().find((e) => e.date.startsWith('2010'));
    expect(e2010?.articleIds).toContain(A.cali);
    expect(e2010?.text).toMatch(/halted/);
    expect(events().find((e) => e.date.startsWith('2030'))?.articleIds).toContain(A.cali);
    const dates = events().map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
  });
});

describe('seed corpus: stories and digest', () => {
  test('003 is a copy of 001, and all five are one story', () => {
    const s = out.sources as { articles: { id: string; duplicateOf: string | null; storyId: string }[] };
    const byId = Object.fromEntries(s.articles.map((a) => [a.id, a]));
    expect(byId[A.delhi].duplicateOf).toBe(A.kt);
    expect(new Set(s.articles.map((a) => a.storyId)).size).toBe(1);
  });

  test('the digest has one story with five sources, a summary free of boilerplate', () => {
    const d = out.digest as { stories: { headline: string; summary: string[]; sources: unknown[] }[] };
    expect(d.stories).toHaveLength(1);
    expect(d.stories[0].sources).toHaveLength(5);
    expect(d.stories[0].summary.length).toBeGreaterThanOrEqual(2);
    expect(d.stories[0].summary.length).toBeLessThanOrEqual(3);
    for (const line of [d.stories[0].headline, ...d.stories[0].summary]) for (const b of BOILERPLATE) expect(line).not.toContain(b);
  });
});
