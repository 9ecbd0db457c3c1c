import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractEvents, mergeTimeline, readEvents } from '../../src/corpus/dates.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { TimelineEvent } from '../../src/corpus/types.js';

/** 2024-03-13 is a Wednesday. */
const WED = '2024-03-13';
const events = (sentence: string, published: string | null = WED): Pick<TimelineEvent, 'date' | 'until' | 'expression'>[] =>
  extractEvents([sentence], 'a1', published).map(({ date, until, expression }) => (until === undefined ? { date, expression } : { date, until, expression }));

describe('extractEvents: absolute dates', () => {
  test.each([
    ['Zambia banned raw cobalt exports in 2010 after a dispute.', '2010', 'in 2010'],
    ['Lithium demand is projected to triple by 2030, analysts say.', '2030', 'by 2030'],
    ['The Quebec mine has been idle since 2019 because of low prices.', '2019', 'since 2019'],
    ['The permit was granted on 05/03/2024 by the provincial regulator.', '2024-03-05', '05/03/2024'],
    ['The refinery opened on 5 March 2024 near Perth.', '2024-03-05', 'on 5 March 2024'],
    ['Nickel prices collapsed in October 2023 as supply surged.', '2023-10', 'October 2023'],
  ])('%s → %s', (sentence, date, expression) => {
    expect(events(sentence, null)).toEqual([{ date, expression }]);
  });

  test('"from 2020 to 2025" is one period', () => {
    expect(events('Output fell from 2020 to 2025 at the Chilean mines.', null)).toEqual([{ date: '2020', until: '2025', expression: 'from 2020 to 2025' }]);
  });

  test('the text is the sentence and the article is recorded', () => {
    const [e] = extractEvents(['Zambia banned raw cobalt exports in 2010.'], 'zm-1', null);
    expect(e).toEqual({ date: '2010', expression: 'in 2010', text: 'Zambia banned raw cobalt exports in 2010.', articleIds: ['zm-1'] });
  });
});

describe('extractEvents: relative dates resolve against the publication date', () => {
  test('"on Tuesday" in an article of Wednesday 13 March 2024 → 12 March', () => {
    expect(events('The miners signed the offtake deal on Tuesday in Toronto.')).toEqual([{ date: '2024-03-12', expression: 'on Tuesday' }]);
  });

  test('"yesterday" and "two days ago"', () => {
    expect(events('The smelter restarted yesterday after repairs.')).toEqual([{ date: '2024-03-12', expression: 'yesterday' }]);
    expect(events('The smelter restarted two days ago after repairs.')).toEqual([{ date: '2024-03-11', expression: 'two days ago' }]);
  });

  test('"over the next six months" is a period from the publication date', () => {
    expect(events('The fund will back selected lithium projects over the next six months.')).toEqual([
      { date: '2024-03-13', until: '2024-09-13', expression: 'over the next six months' },
    ]);
  });

  test('"could take a decade" and "the past two years" are periods too', () => {
    expect(events('Experts warn a new cobalt supply chain could take a decade to build.')).toEqual([
      { date: '2024-03-13', until: '2034-03-13', expression: 'take a decade' },
    ]);
    expect(events('Cobalt prices have halved over the past two years in Congo.')).toEqual([
      { date: '2022-03-13', until: '2024-03-13', expression: 'over the past two years' },
    ]);
  });

  test('a day and month without a year: "on March 5" → that day, "on December 28" → the year before', () => {
    expect(events('The board approved the merger on March 5 in Vancouver.', '2024-03-20')).toEqual([{ date: '2024-03-05', expression: 'March 5' }]);
    expect(events('The board approved the merger on December 28 in Vancouver.', '2024-01-10')).toEqual([{ date: '2023-12-28', expression: 'December 28' }]);
  });

  test('without a publication date, relative expressions are dropped, absolute ones kept', () => {
    expect(events('The deal signed on Tuesday replaces the one from 2019 entirely.', null)).toEqual([{ date: '2019', expression: 'from 2019' }]);
    expect(events('The fund will back selected projects over the next six months.', null)).toEqual([]);
  });
});

describe('readEvents: sentences an undated article cannot place', () => {
  const sentences = [
    'The cobalt miners walked out on Tuesday at the Kolwezi pit.',
    'The refinery has been idle since 2019 because of low prices.',
    'Output will rise over the next six months, the company said.',
    'Graphite prices were flat in the quarter.',
  ];

  test('undated: absolute events kept, sentences with a relative date listed as unanchored', () => {
    const { events: found, unanchored } = readEvents(sentences, 'cd-1', null);
    expect(found.map((e) => e.date)).toEqual(['2019']);
    expect(unanchored).toEqual([sentences[0], sentences[2]]);
  });

  test('re-read against a date, the unanchored sentences give the missing events', () => {
    const { unanchored } = readEvents(sentences, 'cd-1', null);
    expect(extractEvents(unanchored, 'cd-1', WED).map((e) => e.date)).toEqual(['2024-03-12', '2024-03-13']);
  });

  test('dated: every event resolved, nothing unanchored', () => {
    const { events: found, unanchored } = readEvents(sentences, 'cd-1', WED);
    expect(found.map((e) => e.date)).toEqual(['2024-03-12', '2019', '2024-03-13']);
    expect(unanchored).toEqual([]);
  });

  test('a relative date standing alone (a date bar) makes no event, so no unanchored sentence', () => {
    expect(readEvents(['Last Tuesday'], 'cd-1', null).unanchored).toEqual([]);
  });
});

describe('extractEvents: what is not a dated event', () => {
  test.each([
    ['an age', 'The geologist, aged 45, died at 61 in the field.'],
    ['an ordinal anniversary', 'They planted 250 trees for the 250th anniversary of the town.'],
    ['a century', 'Cobalt is the metal of the 21st-century economy and its batteries.'],
    ['money', 'The contract is worth $2030 per tonne of spodumene concentrate.'],
    ['a figure with a comma', 'The mine shipped 2,030 tonnes of ore to the port.'],
    ['a figure with a unit', 'The mine shipped in 2030 tonnes of ore to the port.'],
    ['a holiday without "on"', 'Fireworks for July 4th celebrations lit up the mining town.'],
    ['a month alone', 'The company plans to list its shares in June on the exchange.'],
    ['a date bar with no event', 'Friday, January 16, 2026'],
  ])('%s', (_what, sentence) => {
    expect(events(sentence)).toEqual([]);
  });

  test('one event per date: the same year twice in a sentence gives one event', () => {
    expect(events('In 2010 output fell, and in 2010 exports stopped too.', null)).toHaveLength(1);
  });
});

describe('mergeTimeline', () => {
  const e = (date: string, text: string, id: string, until?: string): TimelineEvent => ({ date, ...(until ? { until } : {}), expression: 'x', text, articleIds: [id] });

  test('the same sentence from syndicated copies merges, whatever its quotes and dashes', () => {
    const merged = mergeTimeline([e('2010', 'In 2010, Zambia halted “raw” cobalt exports — abruptly.', 'a'), e('2010', 'In 2010, Zambia halted "raw" cobalt exports - abruptly.', 'b')]);
    expect(merged).toHaveLength(1);
    expect(merged[0].articleIds).toEqual(['a', 'b']);
  });

  test('a copy with one word changed still merges', () => {
    const merged = mergeTimeline([
      e('2010', 'In 2010, Zambia famously halted cobalt exports during a dispute with its neighbours.', 'a'),
      e('2010', 'In 2010, Zambia suddenly halted cobalt exports during a dispute with its neighbours.', 'b'),
    ]);
    expect(merged.map((m) => m.articleIds)).toEqual([['a', 'b']]);
  });

  test('different dates or different sentences stay apart; oldest first, a year before its days', () => {
    const merged = mergeTimeline([
      e('2030', 'Demand will triple by 2030.', 'a'),
      e('2024-03-12', 'The deal was signed on Tuesday.', 'a'),
      e('2024', 'The mine reopened in 2024 after floods.', 'b'),
      e('2024', 'Prices for nickel rose sharply in 2024 in Asia.', 'c'),
    ]);
    expect(merged.map((m) => m.date)).toEqual(['2024', '2024', '2024-03-12', '2030']);
  });

  test('the same sentence with another end date is another event', () => {
    expect(mergeTimeline([e('2024-03-13', 'Support over the next months.', 'a', '2024-09-13'), e('2024-03-13', 'Support over the next months.', 'b', '2025-03-13')])).toHaveLength(2);
  });
});

describe('seed corpus (EXPECTED.md "Timeline")', () => {
  const sentencesOf = (file: string): string[] =>
    readFileSync(join(import.meta.dirname, '../../data/articles', file), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .flatMap(splitSentences);
  // 000 is dated 29/10/2025 in its dateline; the others are undated copies of the same story,
  // so the story's date is what the pipeline passes for them.
  const STORY_DATE = '2025-10-29';
  const timeline = mergeTimeline([
    ...extractEvents(sentencesOf('000_026d20214635f40e.txt'), '000', STORY_DATE),
    ...extractEvents(sentencesOf('001_b3a3a6ea12454b8c.txt'), '001', STORY_DATE),
    ...extractEvents(sentencesOf('003_02861778a0c63e83.txt'), '003', STORY_DATE),
    ...extractEvents(sentencesOf('004_52f2a795d7ea89a4.txt'), '004', STORY_DATE),
  ]);
  const at = (date: string, words: string): TimelineEvent | undefined => timeline.find((e) => e.date === date && e.text.includes(words));

  test('2010: Beijing halted exports to Japan (000)', () => {
    expect(at('2010', 'halted rare earth exports')?.articleIds).toEqual(['000']);
  });

  test('2025-10-28: the Tuesday signing (004)', () => {
    expect(at('2025-10-28', 'Akasaka Palace')).toMatchObject({ expression: 'on Tuesday', articleIds: ['004'] });
  });

  test('next six months: financial support (004)', () => {
    expect(at('2025-10-29', 'financial support')).toMatchObject({ until: '2026-04-29', articleIds: ['004'] });
  });

  test('2030: demand surge (000)', () => {
    expect(at('2030', 'surge by 40%')).toMatchObject({ expression: 'by 2030', articleIds: ['000'] });
  });

  test('about a decade: alternative supply chains (001, 003)', () => {
    expect(at('2025-10-29', 'require a decade')).toMatchObject({ until: '2035-10-29', articleIds: ['001', '003'] });
  });

  test('004 alone, with no date of its own, cannot place "on Tuesday"', () => {
    expect(extractEvents(sentencesOf('004_52f2a795d7ea89a4.txt'), '004', null).filter((e) => e.expression === 'on Tuesday')).toEqual([]);
  });

  test('no event from ages, anniversaries or "July 4th"', () => {
    expect(timeline.some((e) => /250th|July 4th|21st-century/.test(e.expression))).toBe(false);
  });
});
