import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractFigures } from '../../src/corpus/figures.js';
import { normaliseEntityName } from '../../src/corpus/figure-entity.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { Figure } from '../../src/corpus/types.js';
import { SEED_DIR } from '../helpers/corpus.js';

const figures = (...sentences: string[]): Figure[] => extractFigures(sentences, 'art-1');
const only = (sentence: string): Figure => {
  const found = figures(sentence);
  expect(found, `figures in: ${sentence}`).toHaveLength(1);
  return found[0];
};
const summary = (f: Figure) => ({ value: f.value, ...(f.valueMax !== undefined ? { valueMax: f.valueMax } : {}), unit: f.unit });

describe('percentages', () => {
  test.each([
    ['Ridgeway holds 70% of the market.', '70%'],
    ['Ridgeway holds 70 per cent of the market.', '70 per cent'],
    ['Ridgeway holds 70 percent of the market.', '70 percent'],
    ['Ridgeway holds 12.5% of the market.', '12.5%'],
  ])('%s', (sentence, wording) => {
    const f = only(sentence);
    expect(f.unit).toBe('%');
    expect(f.wording).toBe(wording);
    expect(f.value).toBe(Number(wording.match(/[\d.]+/)![0]));
  });
});

describe('money in any currency and scale', () => {
  test.each([
    ['The fund will spend $8.5 billion on new mines.', 8.5e9, 'USD'],
    ['The miner raised A$1.2bn for the project.', 1.2e9, 'AUD'],
    ['The plant cost £40m to build.', 4e7, 'GBP'],
    ['Brussels approved €3 million in grants.', 3e6, 'EUR'],
    ['Tokyo set aside ¥500 billion for stockpiles.', 5e11, 'JPY'],
    ['The buyer paid US$75 million for the stake.', 7.5e7, 'USD'],
    ['Northvale raised C$120 million from investors.', 1.2e8, 'CAD'],
    ['The province pledged 5 billion yuan to the smelter.', 5e9, 'CNY'],
    ['Lenders offered RMB 3bn to the refinery.', 3e9, 'CNY'],
    ['The budget includes 2 million Canadian dollars for surveys.', 2e6, 'CAD'],
    ['The tender is worth Rs 25 lakh.', 2.5e6, 'INR'],
  ])('%s', (sentence, value, unit) => {
    expect(summary(only(sentence))).toEqual({ value, unit });
  });

  test('a price per unit is a rate in currency per base unit', () => {
    expect(summary(only('Spot lithium carbonate sold for $60 per kilogram in the quarter.'))).toEqual({ value: 60, unit: 'USD/kg' });
    expect(summary(only('Cobalt hydroxide traded at $15,000 a tonne.'))).toEqual({ value: 15000, unit: 'USD/t' });
    expect(summary(only('Concentrate fetched $900/t at auction.'))).toEqual({ value: 900, unit: 'USD/t' });
  });

  test('"multi-million" and "multi-billion dollar" are no figures', () => {
    expect(figures('They signed a multi-billion dollar fund and multi-million-ton supply agreements.')).toEqual([]);
  });
});

describe('measures, counts and durations', () => {
  test.each([
    ['The mine shipped 60,000 tonnes of spodumene.', 60000, 't'],
    ['The mill treats 5 metric tons an hour.', 5, 't'],
    ['Reserves stand at 2 Mt of ore.', 2e6, 't'],
    ['The smelter will make 40,000 tonnes a year of cathode.', 40000, 't/yr'],
    ['The refinery has a capacity of 5,000 tpa.', 5000, 't/yr'],
    ['Each cell holds 3 kg of lithium.', 3, 'kg'],
    ['The wind farm adds 450 MW to the grid.', 450, 'MW'],
  ])('%s', (sentence, value, unit) => {
    expect(summary(only(sentence))).toEqual({ value, unit });
  });

  test('a number before a plural noun is a count of that noun', () => {
    const f = only('The council planted 250 cherry trees along the river.');
    expect(summary(f)).toEqual({ value: 250, unit: 'count' });
    expect(f.subject).toBe('cherry trees');
    expect(f.wording).toBe('250 cherry trees');
    expect(only('The state lists 17 metals as critical.').subject).toBe('metals');
    expect(only('The mine employs 1,200 workers.').subject).toBe('workers');
  });

  test('numeric durations are years, months…; a decade counts ten years', () => {
    expect(summary(only('Permits take 10 years to obtain.'))).toEqual({ value: 10, unit: 'years' });
    expect(summary(only('The pilot plant ran for 18 months.'))).toEqual({ value: 18, unit: 'months' });
    expect(summary(only('The lease runs for 2 decades.'))).toEqual({ value: 20, unit: 'years' });
    expect(figures('The seam was found 10 years ago.')).toEqual([]);
    const deal = only('The miner signed a 20-year supply deal with a carmaker.');
    expect(summary(deal)).toEqual({ value: 20, unit: 'years' });
    expect(deal.subject).toBe('supply deal');
  });

  test('written numbers are not read', () => {
    expect(figures('The company runs three mines and two refineries.')).toEqual([]);
  });
});

describe('ranges', () => {
  test.each([
    ['Grades run 12% to 15% across the pit.', { value: 12, valueMax: 15, unit: '%' }, '12% to 15%'],
    ['Grades run 12-15% across the pit.', { value: 12, valueMax: 15, unit: '%' }, '12-15%'],
    ['The expansion will cost between $2bn and $3bn.', { value: 2e9, valueMax: 3e9, unit: 'USD' }, 'between $2bn and $3bn'],
    ['The expansion will cost $2-3 billion.', { value: 2e9, valueMax: 3e9, unit: 'USD' }, '$2-3 billion'],
    ['Output will be between 20,000 and 25,000 tonnes of carbonate.', { value: 20000, valueMax: 25000, unit: 't' }, 'between 20,000 and 25,000 tonnes'],
    ['Ore grades range from 1.2% to 1.5% in the north.', { value: 1.2, valueMax: 1.5, unit: '%' }, '1.2% to 1.5%'],
  ])('%s', (sentence, expected, wording) => {
    const f = only(sentence);
    expect(summary(f)).toEqual(expected);
    expect(f.wording).toBe(wording);
  });

  test('"from X to Y" after a verb of change is two figures, and "X and Y" is a list', () => {
    expect(figures('Its share rose from 12% to 15% last year.').map(summary)).toEqual([
      { value: 12, unit: '%' },
      { value: 15, unit: '%' },
    ]);
    expect(figures('Peru and Chile supply 12% and 8% of copper.').map((f) => f.value)).toEqual([12, 8]);
  });
});

describe('qualifiers', () => {
  test.each([
    ['over', 'Chile mines over 30% of the lithium.'],
    ['more than', 'Chile mines more than 30% of the lithium.'],
    ['nearly', 'Chile mines nearly 30% of the lithium.'],
    ['almost', 'Chile mines almost 30% of the lithium.'],
    ['about', 'Chile mines about 30% of the lithium.'],
    ['around', 'Chile mines around 30% of the lithium.'],
    ['approximately', 'Chile mines approximately 30% of the lithium.'],
    ['roughly', 'Chile mines roughly 30% of the lithium.'],
    ['an estimated', 'Chile mines an estimated 30% of the lithium.'],
    ['estimated', 'Chile mines an estimated 30% of the lithium.'.replace('an estimated', 'the estimated')],
    ['up to', 'Chile could mine up to 30% of the lithium.'],
    ['at least', 'Chile mines at least 30% of the lithium.'],
    ['less than', 'Chile mines less than 30% of the lithium.'],
    ['some', 'Chile mines some 30% of the lithium.'],
  ])('"%s" is kept and printed in the wording', (qualifier, sentence) => {
    const f = only(sentence);
    expect(f.qualifier).toBe(qualifier);
    expect(f.wording).toBe(`${qualifier} 30%`);
  });

  test('no qualifier → null, and an article is no qualifier', () => {
    expect(only('Ottawa pledged a $2 billion fund for processors.').qualifier).toBeNull();
  });
});

describe('not figures', () => {
  test.each([
    ['years', 'In 2010 the mine closed, and by 2030 it may reopen.'],
    ['a date', 'The filing is dated 29/10/2025.'],
    ['a day of a month', 'The vote is on October 29 and the count on 3 November.'],
    ['an age', 'She died at 31, and her partner, aged 60, survived.'],
    ['an age with a hyphen', 'A 45-year-old geologist found the seam.'],
    ['a birthday', 'He marked his 60th birthday at the farm.'],
    ['ordinals', 'The 250th anniversary fell in the 21st-century boom, on July 4th.'],
    ['a phone number', 'Call the hotline on 555-123-4567 for details.'],
    ['a clock time', 'The market opens at 10:30 and closes at 4 pm.'],
    ['a version number', 'The model runs on version 1.2.3 of the software.'],
    ['digits in names', 'Sakhalin-2, the G7, F-35 jets and 5G masts were discussed.'],
    ['a bare number', 'The sequel Harbour Nights 3 opened to good reviews.'],
  ])('%s', (_label, sentence) => {
    expect(figures(sentence)).toEqual([]);
  });
});

describe('entity', () => {
  test('the subject of the clause, not a place after a preposition', () => {
    expect(only('The deal, signed in Ottawa, counters Norland’s hold on 17 metals.').entity).toBe('Norland');
    expect(only('Lynwood Lithium said on Tuesday it produced 12,000 tonnes of carbonate.').entity).toBe('Lynwood Lithium');
  });

  test('a place after a preposition when the clause names nothing else', () => {
    expect(only('In Quebec, the mine produced 5,000 tonnes of concentrate.').entity).toBe('Quebec');
  });

  test('a reporting verb starts a new clause', () => {
    expect(only('Analysts at Harbour Capital said Indonesia controls 50% of nickel refining.').entity).toBe('Indonesia');
  });

  test('"U.S.", "United States", "America" → US; capitals and demonyms name their country', () => {
    expect(only('The U.S. mines 12% of the cobalt.').entity).toBe('US');
    expect(only('The United States mines 12% of the cobalt.').entity).toBe('US');
    expect(only('Canberra controls 40% of the lithium supply.').entity).toBe('Australia');
    expect(only('Chinese refiners process 90% of the graphite.').entity).toBe('China');
  });

  test('coordinated names are mapped respectively onto a list of figures', () => {
    const [a, b, c] = figures('Currently, the U.S. and Peru account for 12% and 8% of copper mining, while Chile and Zambia contribute an additional 5% combined.');
    expect([a.entity, a.value, b.entity, b.value]).toEqual(['US', 12, 'Peru', 8]);
    expect(c.entity).toBe('Chile and Zambia');
    expect(c.subject).toBe(a.subject);
  });

  test('a title is not part of the name, and nothing capitalised → null', () => {
    expect(only('President Jane Moreau promised $4 billion for refineries.').entity).toBe('Jane Moreau');
    expect(only('Currently, prices for cobalt hit $15 per pound.').entity).toBeNull();
  });
});

describe('normalised subject', () => {
  test('shares name the commodity and the activity family', () => {
    expect(only('Chile controls about 30% of global lithium production.').subject).toBe('share of lithium mining');
    expect(only('Chile controls about 30% of lithium extraction.').subject).toBe('share of lithium mining');
    expect(only('Chile controls about 30% of the world’s lithium supply.').subject).toBe('share of lithium mining');
    expect(only('China controls nearly 80% of graphite refining capacity.').subject).toBe('share of graphite refining');
    expect(only('China controls an estimated 80% of the graphite processing market.').subject).toBe('share of graphite refining');
  });

  test('a share without a commodity takes the sentence’s, then the article’s', () => {
    const [f] = extractFigures(['Cobalt prices are volatile.', 'Congo mines over 70% of global output, traders say.'], 'art-2');
    expect(f.subject).toBe('share of cobalt mining');
  });

  test('growth names its head noun and its target year', () => {
    expect(only('Global demand for cobalt is projected to surge by 40% by 2030.').subject).toBe('demand growth by 2030');
    expect(only('Nickel exports fell 20% last year.').subject).toBe('export decline');
  });

  test('money names what it pays for', () => {
    expect(only('Following a $3.2 billion Canada-Chile framework, talks moved on.').subject).toBe('Canada–Chile framework');
    expect(only('Korea has pledged a $40 billion investment in the U.S., officials said.').subject).toBe('investment in the US');
    expect(only('Northvale invested C$120 million in Ridgeway.').subject).toBe('investment in Ridgeway');
    expect(only('Ridgeway reported revenue of £40m.').subject).toBe('revenue');
  });
});

describe('provenance', () => {
  test('each figure carries its sentence and article', () => {
    const s = 'Chile mines about 30% of the lithium.';
    expect(extractFigures(['No digits here.', s], 'chile-1')).toEqual([
      expect.objectContaining({ sentence: s, articleId: 'chile-1', wording: 'about 30%' }),
    ]);
  });

  test('a sentence without digits yields nothing', () => {
    expect(figures('China dominates the market for rare earths.')).toEqual([]);
  });
});

describe('seed corpus (raw lines split into sentences)', () => {
  const seed = new Map(
    readdirSync(SEED_DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => {
        const lines = readFileSync(path.join(SEED_DIR, f), 'utf8').split(/\n+/);
        return [f.slice(0, 3), extractFigures(lines.flatMap(splitSentences), f.replace(/\.txt$/, ''))] as const;
      }),
  );
  const find = (article: string, value: number, unit: string) => seed.get(article)!.filter((f) => f.value === value && f.unit === unit);

  test('China’s ≈70% share of mining and ≈90% of refining, with each article’s qualifier', () => {
    const cases: [string, number, string | null, RegExp][] = [
      ['000', 70, 'over', /mining/],
      ['000', 90, 'an estimated', /refining/],
      ['001', 70, 'approximately', /mining/],
      ['001', 90, 'nearly', /refining/],
      ['002', 70, 'approximately', /mining/],
      ['002', 90, 'nearly', /refining/],
      ['004', 90, 'over', /refining/],
    ];
    for (const [article, value, qualifier, subject] of cases) {
      const [f] = find(article, value, '%');
      expect(f, `${article} ${value}%`).toBeDefined();
      expect([f.entity, f.qualifier]).toEqual(['China', qualifier]);
      expect(f.subject).toMatch(subject);
      expect(f.subject).toMatch(/rare-earth/);
    }
  });

  test('the single-source figures', () => {
    expect(find('000', 40, '%')[0].subject).toMatch(/demand growth/);
    expect(find('001', 8.5e9, 'USD')[0].subject).toBe('US–Australia framework');
    expect(find('004', 550e9, 'USD')[0]).toMatchObject({ entity: 'Japan', subject: 'investment in the US' });
    expect(find('004', 12, '%')[0].entity).toBe('US');
    expect(find('004', 8, '%')[0].entity).toBe('Myanmar');
    expect(find('004', 5, '%')[0].entity).toBe('Malaysia and Vietnam');
    expect(find('000', 17, 'count')[0].subject).toBe('metals');
    for (const a of ['001', '002']) expect(find(a, 250, 'count')[0].subject).toBe('cherry trees');
  });

  test('no year, ordinal, date or glued digit is read as a figure', () => {
    for (const f of [...seed.values()].flat()) {
      expect(f.wording).not.toMatch(/^(?:2010|2030|2025|2026|1979)$|250th|21st|Sakhalin|July 4|60th|29\/10/);
      expect([2010, 2025, 2026, 2030, 1979, 31, 2, 35]).not.toContain(f.value);
    }
  });
});

test('names that are also Object properties are names, not lookups', () => {
  expect(normaliseEntityName('Constructor')).toBe('Constructor');
  expect(normaliseEntityName('the Beijing')).toBe('China');
  expect(typeof only('Constructor said output rose 12% last year.').entity).not.toBe('function');
});
