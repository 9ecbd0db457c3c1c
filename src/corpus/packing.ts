/**
 * Records of strings and numbers in a binary form that reads back without JSON: every distinct
 * string once, in a latin1 block and a UTF-16 block, and the records as a stream of 32-bit
 * integers (string numbers, counts, flags) beside a stream of doubles. At 100k articles, parsing
 * the snapshot's ~110 MB of JSON was most of a warm start: the parsed text, its copy as a string
 * and the objects thrown away after it were each fresh memory, and fresh pages are slow here.
 * Reading this form allocates the strings (slices of two large ones) and the records, nothing else.
 *
 * A writer and its reader are used in mirror: the reader makes the same calls in the same order.
 *
 * Layout (host byte order, checked by the magic number): a header of six 32-bit words (magic,
 * string count, int count, double count, latin1 characters, UTF-16 characters), the doubles, the
 * ints, each string's length times two plus one when it is UTF-16, then the two string blocks.
 */

import { NumberStream } from './number-stream.js';

const MAGIC = 0x314b4150; // "PAK1" read in little-endian order
const HEADER_WORDS = 6;
const NULL_REF = -1;
/** Strings are written about this many bytes at a time. */
const WRITE_CHUNK = 1 << 20;
/** A character latin1 cannot hold: such a string goes to the UTF-16 block. */
const WIDE = /[^\u0000-\u00ff]/;

type Write = (chunk: Buffer[]) => Promise<number>;

const bytesOf = (array: Int32Array | Float64Array | Uint32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

export class PackWriter {
  private readonly strings: string[] = [];
  private readonly refs = new Map<string, number>();
  private readonly ints = new NumberStream((n) => new Int32Array(n));
  private readonly floats = new NumberStream((n) => new Float64Array(n));

  int(n: number): void {
    if ((n | 0) !== n) throw new Error(`${n} is not a 32-bit integer`);
    this.ints.push(n);
  }

  num(x: number): void {
    this.floats.push(x);
  }

  bool(b: boolean): void {
    this.int(b ? 1 : 0);
  }

  str(s: string): void {
    let ref = this.refs.get(s);
    if (ref === undefined) this.refs.set(s, (ref = this.strings.push(s) - 1));
    this.int(ref);
  }

  optStr(s: string | null): void {
    if (s === null) this.int(NULL_REF);
    else this.str(s);
  }

  strs(list: readonly string[]): void {
    this.int(list.length);
    for (const s of list) this.str(s);
  }

  nums(list: readonly number[]): void {
    this.int(list.length);
    for (const x of list) this.num(x);
  }

  list<T>(items: readonly T[], each: (item: T, w: PackWriter) => void): void {
    this.int(items.length);
    for (const item of items) each(item, this);
  }

  /** Writes the packed bytes through `write`; returns how many. */
  async writeTo(write: Write): Promise<number> {
    const { strings } = this;
    const lengths = new Uint32Array(strings.length);
    let narrow = 0;
    let wide = 0;
    strings.forEach((s, i) => {
      const isWide = WIDE.test(s);
      lengths[i] = s.length * 2 + Number(isWide);
      if (isWide) wide += s.length;
      else narrow += s.length;
    });
    const header = new Uint32Array([MAGIC, strings.length, this.ints.count, this.floats.count, narrow, wide]);
    let written = await write([bytesOf(header), ...this.floats.pieces().map(bytesOf), ...this.ints.pieces().map(bytesOf), bytesOf(lengths)]);
    written += await writeStrings(strings, lengths, false, write);
    return written + (await writeStrings(strings, lengths, true, write));
  }
}

/** One block of strings, latin1 or UTF-16, a chunk at a time: never all of it in memory at once. */
async function writeStrings(strings: readonly string[], lengths: Uint32Array, wide: boolean, write: Write): Promise<number> {
  const encoding = wide ? 'utf16le' : 'latin1';
  const chunk = Buffer.allocUnsafe(WRITE_CHUNK);
  let used = 0;
  let written = 0;
  for (let i = 0; i < strings.length; i++) {
    if ((lengths[i] & 1) !== Number(wide)) continue;
    const s = strings[i];
    const size = s.length * (wide ? 2 : 1);
    if (used + size > WRITE_CHUNK && used > 0) {
      written += await write([chunk.subarray(0, used)]);
      used = 0;
    }
    if (size > WRITE_CHUNK) written += await write([Buffer.from(s, encoding)]);
    else used += chunk.write(s, used, size, encoding);
  }
  return used > 0 ? written + (await write([chunk.subarray(0, used)])) : written;
}

/** The bytes as they are if a typed array can view them where they lie, else an aligned copy. */
function aligned(bytes: Buffer): Buffer {
  if (bytes.byteOffset % Float64Array.BYTES_PER_ELEMENT === 0) return bytes;
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

/**
 * Reads what a PackWriter wrote. Throws on bytes that are not such a pack or end early, and on
 * a reference to no string: a corrupt file, never a record with an undefined in it.
 */
export class PackReader {
  private readonly ints: Int32Array;
  private readonly floats: Float64Array;
  private readonly table: string[];
  private at = 0;
  private floatAt = 0;

  constructor(input: Buffer) {
    const bytes = aligned(input);
    if (bytes.length < HEADER_WORDS * 4) throw new Error('the packed records are cut short');
    const [magic, stringCount, intCount, floatCount, narrow, wide] = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
    if (magic !== MAGIC) throw new Error('not packed records of this machine');
    let at = bytes.byteOffset + HEADER_WORDS * 4;
    const take = <T>(make: (offset: number) => T, size: number): T => {
      if (at + size > bytes.byteOffset + bytes.length) throw new Error('the packed records are cut short');
      const made = make(at);
      at += size;
      return made;
    };
    this.floats = take((o) => new Float64Array(bytes.buffer, o, floatCount), floatCount * 8);
    this.ints = take((o) => new Int32Array(bytes.buffer, o, intCount), intCount * 4);
    const lengths = take((o) => new Uint32Array(bytes.buffer, o, stringCount), stringCount * 4);
    const base = bytes.byteOffset;
    const narrowText = take((o) => bytes.toString('latin1', o - base, o - base + narrow), narrow);
    const wideText = take((o) => bytes.toString('utf16le', o - base, o - base + wide * 2), wide * 2);
    if (at !== base + bytes.length) throw new Error('the packed records have bytes past their end');
    this.table = sliceTable(lengths, narrowText, wideText);
  }

  int(): number {
    const n = this.ints[this.at++];
    if (n === undefined) throw new Error('the packed records end early');
    return n;
  }

  num(): number {
    const x = this.floats[this.floatAt++];
    if (x === undefined) throw new Error('the packed records end early');
    return x;
  }

  bool(): boolean {
    return this.int() !== 0;
  }

  str(): string {
    return this.string(this.int());
  }

  optStr(): string | null {
    const ref = this.int();
    return ref === NULL_REF ? null : this.string(ref);
  }

  strs(): string[] {
    const out = new Array<string>(this.count());
    for (let i = 0; i < out.length; i++) out[i] = this.str();
    return out;
  }

  nums(): number[] {
    const out = new Array<number>(this.count());
    const { floats } = this;
    const from = this.floatAt;
    if (from + out.length > floats.length) throw new Error('the packed records end early');
    // Straight from the array: these lists are long and read once, before num() is optimised.
    for (let i = 0; i < out.length; i++) out[i] = floats[from + i];
    this.floatAt += out.length;
    return out;
  }

  list<T>(each: (r: PackReader) => T): T[] {
    const out = new Array<T>(this.count());
    for (let i = 0; i < out.length; i++) out[i] = each(this);
    return out;
  }

  /** Throws unless every record was read: a reader out of step with its writer. */
  end(): void {
    if (this.at !== this.ints.length || this.floatAt !== this.floats.length) throw new Error('the packed records were not all read');
  }

  private string(ref: number): string {
    const s = this.table[ref];
    if (s === undefined) throw new Error(`string ${ref} is missing`);
    return s;
  }

  /** A count of items to come; more than the ints left is a corrupt count, not a huge list. */
  private count(): number {
    const n = this.int();
    if (n < 0 || n > this.ints.length - this.at + this.floats.length - this.floatAt) throw new Error(`a count of ${n} is corrupt`);
    return n;
  }
}

/** Each string as a slice of its block: one allocation per string, none for the blocks' copies. */
function sliceTable(lengths: Uint32Array, narrowText: string, wideText: string): string[] {
  const table = new Array<string>(lengths.length);
  let narrow = 0;
  let wide = 0;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i] >>> 1;
    if (lengths[i] & 1) table[i] = wideText.slice(wide, (wide += length));
    else table[i] = narrowText.slice(narrow, (narrow += length));
  }
  if (narrow !== narrowText.length || wide !== wideText.length) throw new Error('the packed strings do not add up');
  return table;
}
