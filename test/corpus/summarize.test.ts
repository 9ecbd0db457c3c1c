import { describe, expect, test } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.js';
import {
  isSummarySentence,
  MAX_HEADLINE,
  shortenHeadline,
  summarizeStory,
  type StoryMember,
} from '../../src/corpus/summarize.js';
import { seedCorpus } from '../helpers/corpus.js';

/** A story member from paragraphs, split by the pipeline's own sentence splitter. */
function member(id: string, title: string | null, paragraphs: string[]): StoryMember {
  return {
    article: {
      id,
      file: `${id}.txt`,
      hash: id,
      url: null,
      title,
      publisher: null,
      author: null,
      published: null,
      paragraphs,
      body: paragraphs.join('\n\n'),
      removedLines: 0,
      removed: [],
    },
    facts: {
      sentences: paragraphs.flatMap(splitSentences),
      figures: [],
      quotes: [],
      events: [],
      entities: [],
      relevance: 1,
      signature: [],
    },
  };
}

const cobalt = [
  'Cobalt prices jumped 12% on Monday after the Democratic Republic of Congo extended its ban on cobalt exports by three months.',
  'The Congo produces about 70% of the world’s cobalt, most of it shipped to refineries in China for use in battery cathodes.',
  'Traders said stockpiles held by Chinese refiners would cover only a few weeks of demand if the export ban lasts into the summer.',
  'The price of cobalt hydroxide, the intermediate product, rose even faster than the metal itself.',
  'Battery makers in South Korea said they were seeking cobalt from Indonesia and Australia to replace supplies from the Congo.',
  'The London Metal Exchange reported its highest trading volume in cobalt contracts since 2022.',
];

describe('summarizeStory', () => {
  test('a single article gives 2–3 sentences in the order they appear, led by its lede', () => {
    const { summary, summaryFrom } = summarizeStory([member('a', 'Cobalt jumps on Congo export ban', cobalt)]);
    expect(summary.length).toBeGreaterThanOrEqual(2);
    expect(summary.length).toBeLessThanOrEqual(3);
    expect(summary[0]).toBe(cobalt[0]);
    const positions = summary.map((s) => cobalt.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(summaryFrom).toEqual(summary.map(() => 'a'));
  });

  test('syndicated copies give the same summary as one copy, with no sentence twice', () => {
    const one = summarizeStory([member('a', 'Cobalt jumps', cobalt)]);
    const curly = cobalt.map((s) => s.replace('world’s', "world's"));
    const many = summarizeStory([
      member('a', 'Cobalt jumps', cobalt),
      member('b', null, curly),
      member('c', null, ['Subscribe to our newsletter for daily metals news.', ...cobalt]),
    ]);
    expect(many.summary).toEqual(one.summary);
    expect(new Set(many.summary).size).toBe(many.summary.length);
  });

  test('a near-repeat (Jaccard ≥ 0.7) from another member is not picked beside its original', () => {
    const reworded = [
      'Cobalt prices jumped 12% on Monday after the Democratic Republic of Congo extended its ban on cobalt exports by 3 months.',
      'Analysts at a Toronto bank expect the ban to push Canadian cobalt projects up the queue for government financing.',
    ];
    const { summary } = summarizeStory([member('a', 'Cobalt jumps', cobalt), member('b', null, reworded)]);
    expect(summary).toContain(cobalt[0]);
    expect(summary).not.toContain(reworded[0]);
    const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu));
    const jaccard = (a: Set<string>, b: Set<string>) => [...a].filter((w) => b.has(w)).length / new Set([...a, ...b]).size;
    for (let i = 0; i < summary.length; i++) {
      for (let j = i + 1; j < summary.length; j++) expect(jaccard(words(summary[i]), words(summary[j]))).toBeLessThan(0.7);
    }
  });

  test('words with accented letters and plain ASCII words are one vocabulary: copies differing in either still collapse', () => {
    const accented = [
      'Glencore said shipments from Kolwezi to Côte d’Ivoire ports would resume within weeks after the Congo export ban.',
      'Trafigura and Glencore shipped cobalt hydroxide from Kolwezi to refineries in China and Finland last year.',
    ];
    // Copies that differ only in case, one sentence with an accented word and one without.
    const shouted = accented.map((s) => s.toUpperCase());
    // All ASCII, and a near repeat of the accented lede (word Jaccard 17/21).
    const plain = 'Glencore said shipments from Kolwezi to Ivoire ports would resume within weeks after the Congo export ban, traders said.';
    const { summary } = summarizeStory([member('a', 'Glencore to resume Kolwezi shipments', [...accented, plain]), member('b', null, shouted)]);
    expect(summary.filter((s) => s.toUpperCase() === accented[1].toUpperCase())).toHaveLength(1);
    expect(summary.filter((s) => s.toUpperCase() === accented[0].toUpperCase() || s === plain)).toHaveLength(1);
  });

  test('a second outlet’s paraphrase of the lede gives way to a sentence that adds something', () => {
    const a = member('a', 'Nickel smelter fire', [
      'A fire shut the largest nickel smelter in Sudbury on Tuesday, halting output at the Canadian plant for weeks.',
      'The smelter produces about 8% of the world’s refined nickel, most of it sold to battery makers in Europe.',
      'Nickel futures in London rose 6% after the news, their biggest one-day gain this year.',
      'Firefighters from three towns worked through the night before the blaze was contained near the furnace.',
    ]);
    const b = member('b', null, [
      // Word Jaccard with the lede 0.52 (not a repeat), content-word Jaccard 0.63 (redundant).
      'Fire halts output at Sudbury’s biggest nickel smelter, and the Canadian plant will stay shut for weeks, its owner said on Tuesday.',
      'Union officials said no workers were hurt.',
    ]);
    const { summary } = summarizeStory([a, b]);
    expect(summary).toContain('A fire shut the largest nickel smelter in Sudbury on Tuesday, halting output at the Canadian plant for weeks.');
    expect(summary.some((s) => s.startsWith('Fire halts output'))).toBe(false);
  });

  test('headings, bullets, questions and short fragments never make the summary', () => {
    const paragraphs = [
      'Key points',
      '- Lithium output at the Nevada mine doubles as the second processing line opens this week',
      'What does it mean for battery makers?',
      'Output doubled.',
      'Production at the Thacker Pass lithium mine in Nevada doubled in March as the second processing line came online.',
      'The operator said it now expects to ship 40,000 tonnes of lithium carbonate this year, up from 25,000 tonnes.',
      'What comes next for the project',
      'Local ranchers have challenged the expansion in court, arguing it threatens groundwater in the valley.',
    ];
    const { summary } = summarizeStory([member('m', 'Nevada lithium mine doubles output', paragraphs)]);
    expect(summary.length).toBeGreaterThanOrEqual(2);
    for (const s of summary) {
      expect(s.split(' ').length).toBeGreaterThanOrEqual(8);
      expect(s).toMatch(/[.!]["”’)]*$/);
      expect(s).not.toMatch(/^-/);
    }
  });

  test('sentences from several outlets follow the lead article’s order, then the others', () => {
    const lead = member('lead', 'Cobalt jumps', cobalt.slice(0, 2));
    const other = member('other', null, [
      'A second outlet reported that cobalt refiners in Finland were buying more ore from mines in Australia and Canada.',
    ]);
    const { summary, summaryFrom } = summarizeStory([lead, other]);
    expect(summary.slice(0, 2)).toEqual(cobalt.slice(0, 2));
    expect(summaryFrom).toEqual(['lead', 'lead', 'other'].slice(0, summary.length));
  });

  test('the headline is the title of the first member that has one', () => {
    const { headline } = summarizeStory([
      member('a', null, cobalt),
      member('b', 'Congo extends cobalt export ban', cobalt),
      member('c', 'Other title', cobalt),
    ]);
    expect(headline).toBe('Congo extends cobalt export ban');
  });

  test('without any title the headline is the lede, without its dateline, cut cleanly', () => {
    const { headline } = summarizeStory([member('a', null, [`KINSHASA — ${cobalt[0]}`, ...cobalt.slice(1)])]);
    expect(headline.length).toBeLessThanOrEqual(MAX_HEADLINE);
    expect(headline.startsWith('Cobalt prices jumped 12% on Monday')).toBe(true);
    expect(headline.endsWith('…')).toBe(true);
    expect(headline).not.toMatch(/\b(?:and|the|of|its|by)…$/i);
  });

  test('a story without sentences falls back to the article id and an empty summary', () => {
    expect(summarizeStory([member('empty-1', null, [])])).toEqual({ headline: 'empty-1', summary: [], summaryFrom: [] });
  });

  test('a story of only short lines still gets a summary from them', () => {
    const { summary } = summarizeStory([member('n', 'Notice', ['Mine closed for maintenance today.', 'Reopens Monday.'])]);
    expect(summary).toContain('Mine closed for maintenance today.');
  });
});

describe('isSummarySentence', () => {
  test.each([
    ['Output at the Quebec lithium mine rose by a third in the first quarter.', true],
    ['“We are ready to ship the first lithium cargo by May,” the chief executive said.', true],
    ['Lithium mine output rises in Quebec as new line opens', false], // heading: no full stop
    ['Will the lithium price recover before the end of the year in Quebec?', false],
    ['• Output at the Quebec lithium mine rose by a third in the quarter.', false],
    ['and output at the Quebec lithium mine rose by a third in the quarter.', false],
    ['Output rose by a third.', false],
  ])('%s → %s', (sentence, expected) => {
    expect(isSummarySentence(sentence, sentence.split(/\s+/).length)).toBe(expected);
  });
});

describe('shortenHeadline', () => {
  test('a text that fits is kept, less its final full stop', () => {
    expect(shortenHeadline('Nickel smelter reopens in Sulawesi.')).toBe('Nickel smelter reopens in Sulawesi');
    expect(shortenHeadline('U.S. and Canada sign a graphite pact with the U.S.')).toBe('U.S. and Canada sign a graphite pact with the U.S.');
  });

  test('a long text is cut at a word boundary, without a dangling "and" or "the", ending in "…"', () => {
    const text = 'Canada and Germany sign a cobalt supply pact worth $2 billion and agree to build the refinery near Sudbury';
    const cut = shortenHeadline(text, 70);
    expect(cut).toBe('Canada and Germany sign a cobalt supply pact worth $2 billion…');
    expect(cut.length).toBeLessThanOrEqual(70);
  });

  test('a word cut in half is dropped, and so is punctuation left at the cut', () => {
    expect(shortenHeadline('Graphite exports, already restricted, fall sharply again', 30)).toBe('Graphite exports, already…');
    expect(shortenHeadline('Graphite exports fall sharply, traders say', 31)).toBe('Graphite exports fall sharply…');
  });

  test('never longer than the limit, even for one giant word', () => {
    expect(shortenHeadline('x'.repeat(300)).length).toBeLessThanOrEqual(MAX_HEADLINE);
  });
});

describe('seed corpus', () => {
  const boilerplate = [
    'Connect with us',
    'spot_img',
    'bookmarks',
    'Join 10k',
    'spam',
    'Post by',
    'Princess Leila Pahlavi',
    'Zomato',
    'Salman Khan',
    'Drishyam',
    'Amazon',
    'Social Media Ban',
    'under-14',
    'Sanctions 20 US Defense',
  ];

  test('no summary sentence or headline comes from boilerplate', async () => {
    const corpus = await seedCorpus();
    for (const story of corpus.stories) {
      expect(story.summary.length, story.id).toBeGreaterThanOrEqual(2);
      for (const line of [story.headline, ...story.summary]) {
        for (const chrome of boilerplate) expect(line.toLowerCase(), story.id).not.toContain(chrome.toLowerCase());
      }
    }
  });

  test('the story holding the syndicated pair 001/003 is headed by a real title', async () => {
    const corpus = await seedCorpus();
    const story = corpus.stories.find((s) => s.articleIds.includes('003_02861778a0c63e83'))!;
    const titles = story.articleIds.map((id) => corpus.byId.get(id)!.title).filter(Boolean);
    expect(titles).toContain(story.headline);
  });

  test('every summary sentence is a body sentence of one of the story’s articles', async () => {
    const corpus = await seedCorpus();
    for (const story of corpus.stories) {
      const sentences = new Set(story.articleIds.flatMap((id) => corpus.byId.get(id)!.paragraphs.flatMap(splitSentences)));
      for (const s of story.summary) expect(sentences.has(s), s).toBe(true);
    }
  });
});

test('a final abbreviation keeps its full stop', () => {
  expect(shortenHeadline('Lithium deal signed by Albemarle Inc.')).toBe('Lithium deal signed by Albemarle Inc.');
});
