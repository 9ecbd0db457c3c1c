import { describe, expect, test } from 'vitest';
import { createTopicProfile, DEFAULT_TOPIC_KEYWORDS, isOnTopic, scoreRelevance } from '../../src/corpus/relevance.js';
import { seedCorpus } from '../helpers/corpus.js';

const profile = createTopicProfile(null);

const lithiumMine = [
  'A Canadian company has started production at a lithium mine in northern Quebec, the first new mine in the province in a decade.',
  'The open-pit operation will ship spodumene concentrate to a refinery in Ontario, where it will be turned into battery-grade lithium hydroxide.',
  'Executives said the mining project would supply enough lithium for 500,000 electric cars a year.',
  'Prices for lithium have fallen by half since 2023, squeezing miners across Australia and Chile.',
  'The federal government lists lithium, cobalt and graphite among its critical minerals and has offered tax credits for refining at home.',
];

const football = [
  'Riverside United came from two goals down to beat Harbour City 3-2 on Saturday in front of a sold-out crowd.',
  'The visitors led at half-time after a penalty and a header from a corner, and their keeper saved brilliantly twice.',
  'Riverside’s manager made three changes at the break, and the substitutes turned the game within twenty minutes.',
  'The winner came in stoppage time, a low shot from the edge of the box that took a deflection.',
  'The club now sits fourth, two points behind the leaders with eight matches left to play this season.',
  'The stadium sits beside an old mining town, and fans sang about it all afternoon.',
];

const film = [
  'The new Bollywood thriller opened to packed cinemas across Mumbai and Delhi on Friday.',
  'Its lead actor replaced a star who left the production weeks before shooting began.',
  'Critics praised the soundtrack and the second half, though some found the running time too long.',
  'The producers expect the film to cross 100 crore rupees at the box office by its second weekend.',
];

describe('scoreRelevance', () => {
  test('a lithium mine article scores high with the default profile', () => {
    const score = scoreRelevance(lithiumMine, 'Quebec lithium mine begins production', profile);
    expect(score).toBeGreaterThan(0.7);
    expect(isOnTopic(score)).toBe(true);
  });

  test('a football match report with one passing "mining" scores low', () => {
    const score = scoreRelevance(football, 'Riverside stun Harbour City in late comeback', profile);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(0.25);
    expect(isOnTopic(score)).toBe(false);
  });

  test('a Bollywood film story scores zero', () => {
    expect(scoreRelevance(film, 'Thriller storms the box office', profile)).toBe(0);
  });

  test('the score stays within [0, 1] even on a text made only of keywords', () => {
    const dense = Array.from({ length: 50 }, () => 'Rare earths, lithium, cobalt, nickel, graphite, gallium and magnets.');
    const score = scoreRelevance(dense, 'Rare earth magnets and critical minerals', profile);
    expect(score).toBeGreaterThan(0.9);
    expect(score).toBeLessThanOrEqual(1);
  });

  test('an empty article scores 0', () => {
    expect(scoreRelevance([], null, profile)).toBe(0);
  });

  test('a keyword in the title raises the score', () => {
    const body = ['The company said the deal would close next year after approval by regulators.', 'Shares in cobalt producers rose.'];
    expect(scoreRelevance(body, 'Cobalt producer agrees merger', profile)).toBeGreaterThan(
      scoreRelevance(body, 'Producer agrees merger', profile),
    );
  });

  test('matching tolerates plurals, hyphens and case: "Rare-Earth", "rare earths", "export controls"', () => {
    const p = createTopicProfile(['rare earth', 'export control']);
    for (const text of ['New Rare-Earth rules.', 'Rare earths rally.', 'Tighter export controls.', 'RARE–EARTH prices.']) {
      expect(scoreRelevance([text], null, p), text).toBeGreaterThan(0);
    }
  });

  test('keywords match whole words only: "nickelodeon" and "mineralogy" are not hits', () => {
    const p = createTopicProfile(['nickel', 'mineral']);
    expect(scoreRelevance(['Nickelodeon aired a show on mineralogy.'], null, p)).toBe(0);
  });

  test('a plural "y" keyword matches its "-ies" form: "battery" matches "batteries"', () => {
    const p = createTopicProfile(['battery']);
    expect(scoreRelevance(['Solid-state batteries are coming.'], null, p)).toBeGreaterThan(0);
  });

  test('more distinct keywords score higher than the same count of one keyword', () => {
    const one = ['Lithium output rose.', 'Lithium prices fell.', 'Lithium stocks slid.'];
    const three = ['Lithium output rose.', 'Cobalt prices fell.', 'Graphite stocks slid.'];
    expect(scoreRelevance(three, null, profile)).toBeGreaterThan(scoreRelevance(one, null, profile));
  });
});

describe('createTopicProfile', () => {
  test('null gives the default keywords', () => {
    expect(createTopicProfile(null).keywords).toEqual([...DEFAULT_TOPIC_KEYWORDS]);
  });

  test('custom keywords replace the defaults: a football profile finds football on topic', () => {
    const sport = createTopicProfile([' Goal ', 'penalty', 'Stadium', 'goal']);
    expect(sport.keywords).toEqual(['goal', 'penalty', 'stadium']);
    expect(isOnTopic(scoreRelevance(football, null, sport))).toBe(true);
    expect(scoreRelevance(lithiumMine, null, sport)).toBe(0);
  });

  test('regex characters in a keyword are taken literally', () => {
    const p = createTopicProfile(['c++ (lang)']);
    expect(scoreRelevance(['We write c++ (lang) daily.'], null, p)).toBeGreaterThan(0);
    expect(scoreRelevance(['We write cc daily.'], null, p)).toBe(0);
  });

  test('an empty keyword list scores everything 0', () => {
    expect(scoreRelevance(lithiumMine, 'Lithium', createTopicProfile([]))).toBe(0);
  });
});

describe('seed corpus', () => {
  test('all five seed articles are on topic', async () => {
    const corpus = await seedCorpus();
    expect(corpus.articles).toHaveLength(5);
    for (const a of corpus.articles) expect(a.onTopic, a.id).toBe(true);
  });
});

test('non-ASCII keywords match as whole words too', () => {
  const p = createTopicProfile(['métal critique']);
  expect(scoreRelevance(['Les métaux rares et le métal critique.'], null, p)).toBeGreaterThan(0);
  expect(scoreRelevance(['Un supermétal critiques.'], null, p)).toBe(0);
});
