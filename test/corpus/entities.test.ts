import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { aggregateEntities, extractEntities, findNames } from '../../src/corpus/entities.js';
import { splitSentences } from '../../src/corpus/sentences.js';
import type { EntityMention } from '../../src/corpus/types.js';

const entities = (sentences: string[]): EntityMention[] => extractEntities(sentences, 'a1');
const byName = (ms: EntityMention[], name: string): EntityMention | undefined => ms.find((m) => m.name === name);

describe('extractEntities', () => {
  test('a title before a name is the role; organisation and place are typed by their words and lists', () => {
    const ms = entities(['Canadian Energy Minister Paula Grant met executives of Northvolt Holdings in Ottawa.']);
    expect(byName(ms, 'Paula Grant')).toMatchObject({ type: 'person', role: 'Canadian Energy Minister', count: 1 });
    expect(byName(ms, 'Northvolt Holdings')).toMatchObject({ type: 'organization', role: null });
    expect(byName(ms, 'Ottawa')).toMatchObject({ type: 'place' });
  });

  test('an apposition with a role noun is the role: "X, professor of … at Y University,"', () => {
    const ms = entities(['Liam Ortiz, professor of geology at Lakehead University, said the deposit was large.']);
    expect(byName(ms, 'Liam Ortiz')?.role).toBe('professor of geology at Lakehead University');
    expect(byName(ms, 'Lakehead University')?.type).toBe('organization');
  });

  test('an apposition without a role noun is no role', () => {
    const ms = entities(['Liam Ortiz, who grew up near the mine, said the deposit was large.']);
    expect(byName(ms, 'Liam Ortiz')?.role).toBeNull();
  });

  test('"X of <Organisation>" gives the organisation as role', () => {
    expect(byName(entities(['Rosa Mendes of Andes Lithium Corp spoke first.']), 'Rosa Mendes')?.role).toBe('Andes Lithium Corp');
  });

  test('a surname alone counts for the full name, even at the start of a sentence', () => {
    const ms = entities(['Paula Grant visited the Nechalacho site.', 'Grant said the mine would reopen.', 'Officials praised Grant.']);
    expect(ms.filter((m) => m.type === 'person')).toEqual([{ name: 'Paula Grant', type: 'person', role: null, count: 3, articleId: 'a1' }]);
  });

  test('a surname shared by two full names stays unresolved and is dropped', () => {
    const ms = entities(['Anna Berg and Olaf Berg run the smelter.', 'Berg said prices rose.']);
    expect(ms.map((m) => [m.name, m.count])).toEqual([
      ['Anna Berg', 1],
      ['Olaf Berg', 1],
    ]);
  });

  test('spellings of one country count as one place', () => {
    const ms = entities(['The U.S. buys cobalt from Congo.', 'The United States also buys from Canada.', 'US-Canada trade grew.']);
    expect(byName(ms, 'United States')?.count).toBe(3);
    expect(byName(ms, 'Canada')?.count).toBe(2);
  });

  test('headings, list labels, lone capitalised words, months and weekdays are not entities', () => {
    const ms = entities([
      'A New Era For Cobalt Mining In Zambia',
      'Battery Recycling Abroad: the fund will invest in Chile.',
      'The shipment of Javelin missiles arrived on Monday in March.',
    ]);
    expect(ms.map((m) => m.name)).toEqual(['Chile']);
  });

  test('a possessive ends a name: "Japan\'s Prime Minister Jane Doe" → place Japan, person Jane Doe', () => {
    const names = findNames("Japan's Prime Minister Jane Doe spoke.");
    expect(names.map((n) => [n.name, n.type, n.role])).toEqual([
      ['Japan', 'place', null],
      ['Jane Doe', 'person', 'Prime Minister'],
    ]);
  });

  test('findNames offsets point at the name in the text; a lone word waits for resolution', () => {
    const text = '“Output will double,” Jane Doe of Acme Corp explained.';
    const [lone, person, org] = findNames(text);
    expect(lone).toMatchObject({ name: 'Output', surnameOnly: true });
    expect(text.slice(person.start, person.end)).toBe('Jane Doe');
    expect(text.slice(org.start, org.end)).toBe('Acme Corp');
  });
});

describe('aggregateEntities', () => {
  const m = (name: string, count: number, articleId: string, role: string | null = null, type: EntityMention['type'] = 'person'): EntityMention => ({
    name,
    type,
    role,
    count,
    articleId,
  });
  const storyOf = (id: string): string => (id === 'c' ? 's2' : 's1');

  test('merges by name across articles: mentions summed, articles and stories listed, most-stated role', () => {
    const [e] = aggregateEntities([m('Paula Grant', 2, 'a', 'Energy Minister'), m('Paula Grant', 1, 'b', 'Minister'), m('Paula Grant', 3, 'c', 'Energy Minister')], storyOf);
    expect(e).toEqual({ name: 'Paula Grant', type: 'person', role: 'Energy Minister', mentions: 6, articleIds: ['a', 'b', 'c'], storyIds: ['s1', 's2'] });
  });

  test('a surname-only person from one article joins the full name from another', () => {
    const es = aggregateEntities([m('Grant', 2, 'a', 'Minister'), m('Paula Grant', 1, 'b')], storyOf);
    expect(es).toEqual([{ name: 'Paula Grant', type: 'person', role: 'Minister', mentions: 3, articleIds: ['a', 'b'], storyIds: ['s1'] }]);
  });

  test('sorted by mentions, most first', () => {
    const es = aggregateEntities([m('Chile', 1, 'a', null, 'place'), m('Zambia', 4, 'a', null, 'place')], storyOf);
    expect(es.map((e) => e.name)).toEqual(['Zambia', 'Chile']);
  });
});

describe('seed corpus', () => {
  const lines = readFileSync(join(import.meta.dirname, '../../data/articles/001_b3a3a6ea12454b8c.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const ms = entities(lines.flatMap(splitSentences));

  test.each([
    ['Donald Trump', 'person', 'President'],
    ['Sanae Takaichi', 'person', 'Prime Minister'],
    ['Scott Bessent', 'person', 'US Treasury Secretary'],
    ['John Mavrogenes', 'person', 'professor of economic geology at Australian National University'],
    ['Charles Chang', 'person', 'Fudan University'],
    ['Xi Jinping', 'person', 'Chinese President'],
    ['White House', 'organization', null],
    ['Fudan University', 'organization', null],
    ['Australian National University', 'organization', null],
    ['South Korea', 'place', null],
  ])('001 names %s (%s, role %s)', (name, type, role) => {
    expect(byName(ms, name)).toMatchObject({ type, role });
  });

  test('001: every "Trump" counts for Donald Trump', () => {
    expect(byName(ms, 'Donald Trump')?.count).toBe(5);
    expect(byName(ms, 'Trump')).toBeUndefined();
  });
});
