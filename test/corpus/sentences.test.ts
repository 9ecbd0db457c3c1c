import { expect, test } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.js';

test('splits at full stops, question and exclamation marks before a capital or a quote', () => {
  expect(splitSentences('Lithium rose. Did cobalt? Yes! “Nickel fell,” she said.')).toEqual([
    'Lithium rose.',
    'Did cobalt?',
    'Yes!',
    '“Nickel fell,” she said.',
  ]);
});

test('a closing quote stays with its sentence', () => {
  expect(splitSentences('He said “the mine is open.” Output doubled.')).toEqual(['He said “the mine is open.”', 'Output doubled.']);
});

test('abbreviations, initials and decimals do not end a sentence', () => {
  expect(splitSentences('Mr. Okafor of Acme Corp. Ltd. paid $8.5 billion to J. R. Moreau on Oct. 3 last year.')).toHaveLength(1);
});

test('a dotted acronym runs on into a name but ends before a sentence opener', () => {
  expect(splitSentences('The U.S. Treasury agreed. Talks moved to the U.K. The deal followed.')).toEqual([
    'The U.S. Treasury agreed.',
    'Talks moved to the U.K.',
    'The deal followed.',
  ]);
});

test('a lower-case continuation after a dot is not a new sentence', () => {
  expect(splitSentences('Prices rose 3 p.m. local time and fell later.')).toHaveLength(1);
});

test('empty and whitespace-only input gives no sentences', () => {
  expect(splitSentences('   ')).toEqual([]);
});
