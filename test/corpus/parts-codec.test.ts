import { expect, test } from 'vitest';
import { PackReader, PackWriter } from '../../src/corpus/packing.js';
import { packParts, unpackParts } from '../../src/corpus/parts-codec.js';
import { seedCorpus } from '../helpers/corpus.js';
import { packed } from '../helpers/packed.js';
import type { AssembledParts } from '../../src/corpus/compose.js';

const partsOf = async (): Promise<AssembledParts> => {
  const c = await seedCorpus();
  const duplicateOf = Object.fromEntries(c.articles.filter((a) => a.duplicateOf).map((a) => [a.id, a.duplicateOf!]));
  return { stories: c.stories, duplicateOf, keyFigures: c.keyFigures, quotes: c.quotes, timeline: c.timeline, entities: c.entities };
};

async function roundTrip(parts: AssembledParts): Promise<AssembledParts> {
  const w = new PackWriter();
  packParts(parts, w);
  const r = new PackReader(await packed(w));
  const back = unpackParts(r);
  r.end();
  return back;
}

test('parts come back equal, every field in the order the stages give it', async () => {
  const seed = await partsOf();
  // The optional fields, where their stages put them: a range's high end after the value, a period's end last.
  const { id, value, ...kf } = seed.keyFigures[0];
  const parts = { ...seed, keyFigures: [...seed.keyFigures, { id: `${id}-range`, value, valueMax: value * 2, ...kf }], timeline: [...seed.timeline, { ...seed.timeline[0], until: '2030' }] };
  // JSON text, not toEqual: the same text means the same values in the same key order.
  expect(JSON.stringify(await roundTrip(parts))).toBe(JSON.stringify(parts));
});

test('a field the codec does not know is an error at saving, not lost on the way', async () => {
  const parts = await partsOf();
  const story = { ...parts.stories[0], extra: 1 };
  await expect(roundTrip({ ...parts, stories: [story] })).rejects.toThrow(/story has a field the snapshot does not store: extra/);
});
