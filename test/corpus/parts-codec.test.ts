import { expect, test } from 'vitest';
import { decodeParts, encodeParts } from '../../src/corpus/parts-codec.js';
import { seedCorpus } from '../helpers/corpus.js';
import type { AssembledParts } from '../../src/corpus/compose.js';

const partsOf = async (): Promise<AssembledParts> => {
  const c = await seedCorpus();
  return { stories: c.stories, duplicateOf: {}, keyFigures: c.keyFigures, quotes: c.quotes, timeline: c.timeline, entities: c.entities };
};

test('parts come back equal through JSON, each sentence stored once', async () => {
  const parts = await partsOf();
  const stored = encodeParts(parts);
  expect(new Set(stored.texts).size).toBe(stored.texts.length);
  const sourceTexts = parts.keyFigures.flatMap((k) => k.sources.map((s) => s.text));
  expect(stored.texts.length).toBeLessThan(sourceTexts.length + parts.stories.flatMap((s) => s.summary).length + parts.quotes.length + parts.timeline.length);
  expect(decodeParts(JSON.parse(JSON.stringify(stored)))).toEqual(JSON.parse(JSON.stringify(parts)));
});

test('a reference to no text is an error, not an undefined sentence', async () => {
  const stored = JSON.parse(JSON.stringify(encodeParts(await partsOf())));
  stored.texts = stored.texts.slice(0, 1);
  expect(() => decodeParts(stored)).toThrow(/missing/);
});
