import { describe, expect, test } from 'vitest';
import { checkOptions, parseLine, tokenize } from '../../src/core/parse.js';
import type { Subcommand } from '../../src/core/command.js';
import { isUserError } from '../../src/core/errors.js';

const noop = () => ({ title: '', blocks: [] });
const specs: Subcommand[] = [
  { name: 'search', description: '', examples: [], options: [{ name: 'query', description: '', type: 'string', required: true, rest: true }], run: noop },
  { name: 'digest', description: '', examples: [], options: [{ name: 'days', description: '', type: 'integer', min: 1, max: 30 }], run: noop },
  {
    name: 'subscribe',
    description: '',
    examples: [],
    options: [
      { name: 'when', description: '', type: 'string', required: true },
      { name: 'timezone', description: '', type: 'string' },
    ],
    run: noop,
  },
];

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return e.code;
    throw e;
  }
  return null;
};

describe('tokenize', () => {
  test('keeps quoted runs together, straight or curly', () => {
    expect(tokenize('search "rare earth magnets" now')).toEqual(['search', 'rare earth magnets', 'now']);
    expect(tokenize('search “rare earth” ‘x y’')).toEqual(['search', 'rare earth', 'x y']);
  });
  test('an unclosed quote takes the rest of the line', () => {
    expect(tokenize('search "open ended')).toEqual(['search', 'open ended']);
  });
});

describe('parseLine', () => {
  test('strips the /rareearth prefix and reads --json and --private as flags', () => {
    const p = parseLine('/rareearth search "cobalt price" --json --private', specs);
    expect(p).toEqual({ command: 'search', options: { query: 'cobalt price' }, flags: { json: true, private: true } });
  });
  test('a rest option takes all remaining words', () => {
    expect(parseLine('search lithium mine in Quebec', specs).options.query).toBe('lithium mine in Quebec');
  });
  test('a quoted word keeps its spaces in a positional option', () => {
    expect(parseLine('subscribe "daily 09:00" Europe/Berlin', specs).options).toEqual({ when: 'daily 09:00', timezone: 'Europe/Berlin' });
  });
  test('named options work in both forms', () => {
    expect(parseLine('subscribe --when=hourly --timezone UTC', specs).options).toEqual({ when: 'hourly', timezone: 'UTC' });
  });
  test('an empty line asks for help', () => {
    expect(parseLine('', specs).command).toBe('help');
  });
  test('extra words and unknown options are refused with a stable code', () => {
    expect(codeOf(() => parseLine('digest 3 4', specs))).toBe('too-many-arguments');
    expect(codeOf(() => parseLine('digest --weeks 2', specs))).toBe('unknown-option');
  });
});

describe('checkOptions', () => {
  test('converts integers and tolerates a unit letter ("7d")', () => {
    expect(checkOptions(specs[1], { days: '7d' })).toEqual({ days: 7 });
  });
  test('refuses out-of-range, non-numeric and missing values', () => {
    expect(codeOf(() => checkOptions(specs[1], { days: '99' }))).toBe('out-of-range');
    expect(codeOf(() => checkOptions(specs[1], { days: 'week' }))).toBe('bad-option');
    expect(codeOf(() => checkOptions(specs[0], {}))).toBe('missing-option');
  });
});
