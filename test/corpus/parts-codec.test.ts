import { expect, test } from 'vitest';
import { decodeParts, encodeParts } from '../../src/corpus/parts-codec.js';
import { seedCorpus } from '../helpers/corpus.js';
import type { AssembledParts } from '../../src/corpus/compose.js';

const partsOf = async (): Promise<AssembledParts> => {
  const c = await seedCorpus();
  return { stories: c.stories, duplicateOf: {}, keyFigures: c.keyFigures, quotes: c.quotes, timeline: c.timeline, entities: c.entities };
};

test('parts come back equal through JSON, each sentence and id stored once', async () => {
  const parts = await partsOf();
  const stored = encodeParts(parts);
  const interned = [
    ...parts.stories.flatMap((s) => [...s.articleIds, ...s.summary]),
    ...parts.keyFigures.flatMap((k) => k.sources.flatMap((s) => [s.articleId, s.text, s.wording])),
    ...parts.quotes.flatMap((q) => [q.text, ...q.articleIds]),
    ...parts.timeline.flatMap((e) => [e.text, ...e.articleIds]),
    ...parts.entities.flatMap((e) => [...e.articleIds, ...e.storyIds]),
  ];
  expect(new Set(stored.strings)).toEqual(new Set(interned));
  expect(stored.strings.length).toBe(new Set(interned).size);
  expect(stored.strings.length).toBeLessThan(interned.length / 2);
  expect(decodeParts(JSON.parse(JSON.stringify(stored)))).toEqual(JSON.parse(JSON.stringify(parts)));
});

test('a reference to no text is an error, not an undefined sentence', async () => {
  const stored = JSON.parse(JSON.stringify(encodeParts(await partsOf())));
  stored.strings = stored.strings.slice(0, 1);
  expect(() => decodeParts(stored)).toThrow(/missing/);
});
