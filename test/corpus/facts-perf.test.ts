/**
 * Edge cases of the fast paths in the per-article facts stage (backward scans, gated chrono
 * parsers, shared regex guards): each pins behaviour the slower code had.
 */
import { describe, expect, test } from 'vitest';
import { readEvents } from '../../src/corpus/dates.js';
import { findNames } from '../../src/corpus/entities.js';
import { extractFigures } from '../../src/corpus/figures.js';
import { extractQuotes } from '../../src/corpus/quotes.js';
import { createTopicProfile, scoreRelevance } from '../../src/corpus/relevance.js';
import { splitSentences } from '../../src/corpus/sentences.js';

describe('sentences: the word before a full stop is read back over any letter', () => {
  test('a non-ASCII or astral initial does not end a sentence', () => {
    expect(splitSentences('Minister Ž. Novak spoke. Then 𝐀. Smith left. It rose.')).toEqual([
      'Minister Ž. Novak spoke.',
      'Then 𝐀. Smith left.',
      'It rose.',
    ]);
  });

  test('a dotted acronym ends a sentence only before a sentence opener', () => {
    expect(splitSentences('Prices at the U.S. Treasury rose. The U.S. It fell.')).toEqual(['Prices at the U.S. Treasury rose.', 'The U.S.', 'It fell.']);
  });
});

test('figures: a phrase read forwards stops at the 120-character window, even inside a word', () => {
  const sentences = [`The group holds 60% of ${'x'.repeat(130)} refining.`, `Firms invested $5bn in ${'w'.repeat(118)}𝐀𝐁 plants.`];
  expect(extractFigures(sentences, 'a').map((f) => f.subject)).toEqual([`share of ${'x'.repeat(120)}`, `investment in ${'w'.repeat(118)}𝐀`]);
});

test('relevance: a keyword without a word-edge start sits between guarded ones', () => {
  const profile = createTopicProfile(['c++', 'lithium']);
  expect(profile.pattern.source).toBe('\\b(?:(c\\+\\+(?:s|es)?)|(lithium(?:s|es)?)\\b)');
  expect(scoreRelevance(['C++ and lithium and c++s.'], null, profile)).toBe(0.418);
});

test('quotes: closing punctuation and spaces inside the marks are not quote text', () => {
  expect(extractQuotes(['“We will build the plant here, ” said Jane Doe. '], 'a')).toEqual([
    { speaker: 'Jane Doe', role: null, text: 'We will build the plant here', articleIds: ['a'] },
  ]);
});

test('names: a bare trailing apostrophe is a possessive; particles stay inside a name', () => {
  expect(findNames('Jones’ company and O’Brien’s plan with Ursula von der Leyen.').map((m) => [m.name, m.start, m.end, m.surnameOnly])).toEqual([
    ['Jones', 0, 5, true],
    ['Ursula von der Leyen', 39, 59, false],
  ]);
});

describe('dates: chrono parsers skipped by their gates lose nothing', () => {
  test('weekday with a time, day-first slash date, and a year all read', () => {
    const { events } = readEvents(
      ['Exports stopped on Tuesday at 10am, officials said.', 'The plan runs until 29/10/2025, the ministry said.', 'Output tripled three years earlier, in mid-2019.'],
      'a',
      '2025-10-29',
    );
    expect(events.map((e) => [e.date, e.expression])).toEqual([
      ['2025-10-28', 'on Tuesday at 10am'],
      ['2025-10-29', '29/10/2025'],
      ['2019', 'in mid-2019'],
    ]);
  });

  test('a time-unit phrase before "ago" and a day before "of March" pass the phrase gates', () => {
    const { events } = readEvents(
      ['Exports fell two years ago, officials said.', 'Talks resumed on 5th of March, officials said.', 'Exports stopped a couple of weeks before the vote on Tuesday, traders said.'],
      'a',
      '2025-10-29',
    );
    expect(events.map((e) => [e.date, e.expression])).toEqual([
      ['2023', 'two years ago'],
      ['2025-03-05', 'on 5th of March'],
      ['2025-10-28', 'on Tuesday,'],
    ]);
  });

  test('without a publication date, a relative date leaves its sentence unanchored', () => {
    expect(readEvents(['Exports stopped on Tuesday, officials said.'], 'a', null)).toEqual({
      events: [],
      unanchored: ['Exports stopped on Tuesday, officials said.'],
    });
  });
});
