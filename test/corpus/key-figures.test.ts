import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractFigures, groupKeyFigures } from '../../src/corpus/figures.js';
import { tolerance } from '../../src/corpus/key-figures.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { Figure, KeyFigure } from '../../src/corpus/types.js';
import { SEED_DIR } from '../helpers/corpus.js';

/** One article per sentence: articles a1, a2… */
const fromArticles = (...sentences: string[]): Figure[] => sentences.flatMap((s, i) => extractFigures([s], `a${i + 1}`));
const keyFigures = (...sentences: string[]): KeyFigure[] => groupKeyFigures(fromArticles(...sentences));

describe('tolerance of a stated value', () => {
  test.each([
    [null, [68.6, 71.4]],
    ['approximately', [63, 77]],
    ['over', [68.6, 77]],
    ['nearly', [63, 71.4]],
  ])('%s 70%', (qualifier, [lo, hi]) => {
    const [a, b] = tolerance({ value: 70, qualifier });
    expect(a).toBeCloseTo(lo);
    expect(b).toBeCloseTo(hi);
  });

  test('a range spans its ends', () => {
    const [a, b] = tolerance({ value: 12, valueMax: 15, qualifier: null });
    expect(a).toBeCloseTo(11.76);
    expect(b).toBeCloseTo(15.3);
  });
});

describe('grouping the same fact across articles', () => {
  test('differently qualified statements of one share become one key figure with every source', () => {
    const [kf, ...rest] = keyFigures(
      'Congo mines over 70% of global cobalt output.',
      'Congo produces approximately 70% of the world’s cobalt supply.',
      'Congo accounts for nearly 70 per cent of cobalt mining.',
    );
    expect(rest).toEqual([]);
    expect(kf).toMatchObject({ value: 70, unit: '%', entity: 'Congo', subject: 'share of cobalt mining', conflict: false, conflictsWith: [] });
    expect(kf.sources.map((s) => [s.articleId, s.qualifier, s.wording])).toEqual([
      ['a1', 'over', 'over 70%'],
      ['a2', 'approximately', 'approximately 70%'],
      ['a3', 'nearly', 'nearly 70 per cent'],
    ]);
    expect(kf.sources[1].text).toBe('Congo produces approximately 70% of the world’s cobalt supply.');
  });

  test('"nearly 90%", "over 90%" and "an estimated 90%" agree', () => {
    const kfs = keyFigures(
      'Indonesia controls nearly 90% of nickel refining.',
      'Indonesia controls over 90% of nickel processing.',
      'Indonesia controls an estimated 90% of the nickel smelting market.',
    );
    expect(kfs).toHaveLength(1);
    expect(kfs[0].sources).toHaveLength(3);
  });

  test('incompatible values for the same entity and subject are both kept and marked as conflicting', () => {
    const kfs = keyFigures(
      'Congo mines about 70% of the cobalt.',
      'Congo mines 90% of the cobalt.',
      'Congo mines roughly 72% of the cobalt.',
    );
    expect(kfs.map((k) => [k.value, k.sources.length, k.conflict])).toEqual([
      [70, 2, true],
      [90, 1, true],
    ]);
    expect(kfs[0].conflictsWith).toEqual([kfs[1].id]);
    expect(kfs[1].conflictsWith).toEqual([kfs[0].id]);
  });

  test('exact values 2% apart are not the same figure', () => {
    expect(keyFigures('Chile mines 30% of the lithium.', 'Chile mines 33% of the lithium.')).toHaveLength(2);
  });

  test('two values stated by one article are two facts, not a conflict', () => {
    const kfs = groupKeyFigures([
      ...extractFigures(['Congo mined 60% of the cobalt in 2015 and 70% of the cobalt in 2024.'], 'a1'),
      ...extractFigures(['Congo mines 70% of the cobalt.'], 'a2'),
    ]);
    expect(kfs.map((k) => [k.value, k.conflict])).toEqual([
      [70, false],
      [60, false],
    ]);
  });

  test('different entities, subjects or units never merge', () => {
    const kfs = keyFigures(
      'Chile mines 30% of the lithium.',
      'Peru mines 30% of the lithium.',
      'Chile refines 30% of the lithium.',
      'Chile spent $30 million on lithium surveys.',
    );
    expect(kfs).toHaveLength(4);
    expect(kfs.every((k) => !k.conflict)).toBe(true);
  });

  test('a fallback subject never conflicts', () => {
    const kfs = keyFigures('Ridgeway said the figure was $30 million.', 'Ridgeway said the figure was $90 million.');
    expect(kfs.map((k) => k.subject)).toEqual(['amount', 'amount']);
    expect(kfs).toHaveLength(2);
    expect(kfs.every((k) => !k.conflict)).toBe(true);
  });

  test('one source per article: a repeated sentence counts once', () => {
    const s = 'Ottawa pledged a $2 billion fund for processors.';
    const [kf] = groupKeyFigures([...extractFigures([s, s], 'a1'), ...extractFigures([s], 'a2')]);
    expect(kf.sources.map((x) => x.articleId)).toEqual(['a1', 'a2']);
  });

  test('single-source figures are key figures too; most sources first, then larger values', () => {
    const kfs = keyFigures(
      'The province planted 40 cherry trees.',
      'Chile mines 30% of the lithium.',
      'Chile mines 30% of the lithium.',
      'The mine employs 1,200 workers.',
    );
    expect(kfs.map((k) => [k.subject, k.sources.length])).toEqual([
      ['share of lithium mining', 2],
      ['workers', 1],
      ['cherry trees', 1],
    ]);
  });

  test('ids are stable across runs and input order, and unique', () => {
    const sentences = ['Chile mines 30% of the lithium.', 'Chile mines 40% of the lithium.', 'Peru mines 30% of the lithium.'];
    const ids = keyFigures(...sentences).map((k) => k.id).sort();
    expect(keyFigures(...[...sentences].reverse()).map((k) => k.id).sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^kf-[0-9a-f]{8}/);
  });
});

describe('seed corpus key figures (EXPECTED.md)', () => {
  const all = readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => extractFigures(readFileSync(path.join(SEED_DIR, f), 'utf8').split(/\n+/).flatMap(splitSentences), f.slice(0, 3)));
  const kfs = groupKeyFigures(all);
  const find = (value: number, unit: string, subject: RegExp) => kfs.find((k) => k.value === value && k.unit === unit && subject.test(k.subject));
  const qualifiers = (k: KeyFigure | undefined) => Object.fromEntries(k!.sources.map((s) => [s.articleId, s.qualifier]));

  test('China ≈70% of rare-earth mining: four articles, their own qualifiers', () => {
    const k = find(70, '%', /mining/);
    expect(k?.entity).toBe('China');
    expect(qualifiers(k)).toEqual({ '000': 'over', '001': 'approximately', '002': 'approximately', '003': 'approximately' });
    expect(k!.conflict).toBe(false);
  });

  test('China ≈90% of rare-earth refining: all five articles, no conflict', () => {
    const k = find(90, '%', /refining/);
    expect(k?.entity).toBe('China');
    expect(qualifiers(k)).toEqual({ '000': 'an estimated', '001': 'nearly', '002': 'nearly', '003': 'nearly', '004': 'over' });
    expect(k!.conflict).toBe(false);
  });

  test('the other figures a reader finds, with their articles', () => {
    const ids = (k: KeyFigure | undefined) => k?.sources.map((s) => s.articleId);
    expect(ids(find(8.5e9, 'USD', /US–Australia framework/))).toEqual(['001', '003']);
    expect(ids(find(550e9, 'USD', /investment in the US/))).toEqual(['004']);
    expect(ids(find(40, '%', /demand growth/))).toEqual(['000']);
    expect(ids(find(17, 'count', /metals/))).toEqual(['000']);
    expect(ids(find(250, 'count', /cherry trees/))).toEqual(['001', '002', '003']);
    expect(find(12, '%', /mining/)?.entity).toBe('US');
    expect(find(8, '%', /mining/)?.entity).toBe('Myanmar');
    expect(find(5, '%', /mining/)?.entity).toBe('Malaysia and Vietnam');
  });

  test('the most reported figures come first', () => {
    expect(kfs.slice(0, 2).map((k) => k.sources.length)).toEqual([5, 4]);
  });
});
