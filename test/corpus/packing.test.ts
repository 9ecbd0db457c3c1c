import { expect, test } from 'vitest';
import { PackReader, PackWriter } from '../../src/corpus/packing.js';
import { packed } from '../helpers/packed.js';

const WIDE = 'Tōkyō 東京 “rare earths” 🚀 lone \ud800 surrogate';
const NARROW = 'naïve café ½ – but latin1';
const LONG = `${'x'.repeat(1 << 20)}é`;

test('strings of either width, numbers, flags and lists come back in order, each string stored once', async () => {
  const w = new PackWriter();
  w.str(NARROW);
  w.str(WIDE);
  w.optStr(null);
  w.str('');
  w.strs([NARROW, WIDE, NARROW]);
  w.int(-7);
  w.num(0.1);
  w.num(-0);
  w.nums([1.5, 2 ** 53, Number.NaN]);
  w.bool(true);
  w.list([{ a: 'x', n: 1 }, { a: 'y', n: 2 }], (item, p) => (p.str(item.a), p.int(item.n)));
  w.str(LONG);
  const bytes = await packed(w);
  // Once each: the repeated ones add four bytes of reference, not their text again.
  expect(bytes.length).toBeLessThan(NARROW.length + WIDE.length * 2 + LONG.length + 400);

  const r = new PackReader(bytes);
  expect([r.str(), r.str(), r.optStr(), r.str()]).toEqual([NARROW, WIDE, null, '']);
  expect(r.strs()).toEqual([NARROW, WIDE, NARROW]);
  expect([r.int(), r.num(), r.num()]).toEqual([-7, 0.1, -0]);
  expect(r.nums()).toEqual([1.5, 2 ** 53, Number.NaN]);
  expect(r.bool()).toBe(true);
  expect(r.list((p) => ({ a: p.str(), n: p.int() }))).toEqual([{ a: 'x', n: 1 }, { a: 'y', n: 2 }]);
  expect(r.str()).toBe(LONG);
  expect(() => r.end()).not.toThrow();
});

test('streams longer than one piece of the writer come back whole', async () => {
  const w = new PackWriter();
  const many = Array.from({ length: 150_000 }, (_, i) => i - 75_000);
  w.list(many, (n, p) => (p.int(n), p.num(n / 7)));
  const r = new PackReader(await packed(w));
  expect(r.list((p) => [p.int(), p.num()])).toEqual(many.map((n) => [n, n / 7]));
  r.end();
});

test('bytes that are cut, misaligned, out of step or refer to no string are errors, not records', async () => {
  const w = new PackWriter();
  w.str('a');
  w.int(3);
  const bytes = await packed(w);
  expect(() => new PackReader(bytes.subarray(0, bytes.length - 1))).toThrow(/cut short|add up/);
  expect(() => new PackReader(Buffer.alloc(bytes.length))).toThrow(/not packed/);
  // At an odd offset the reader copies rather than fail to view the numbers.
  const odd = Buffer.alloc(bytes.length + 1);
  bytes.copy(odd, 1);
  expect(new PackReader(odd.subarray(1)).str()).toBe('a');

  const r = new PackReader(bytes);
  r.str();
  expect(() => r.end()).toThrow(/not all read/);
  r.int();
  expect(() => r.int()).toThrow(/end early/);

  const corrupt = Buffer.from(bytes);
  corrupt.writeInt32LE(99, 24); // the first int: the string's number
  expect(() => new PackReader(corrupt).str()).toThrow(/string 99 is missing/);
  corrupt.writeInt32LE(1 << 30, 24);
  expect(() => new PackReader(corrupt).strs()).toThrow(/corrupt/);
  expect(() => new PackWriter().int(2 ** 31)).toThrow(/32-bit/);
});
