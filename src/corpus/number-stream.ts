/** Numbers per piece of a stream. */
const PIECE_BITS = 16;
const PIECE = 1 << PIECE_BITS;
const IN_PIECE = PIECE - 1;

type Numbers = Int32Array | Uint32Array | Uint16Array | Float64Array;

/**
 * Numbers appended in fixed pieces of a typed array: an array doubled as it grew copied the whole
 * stream each time (~27 MB of snapshot ints at 100k, and twice the search index's postings), and
 * fresh memory is slow here (~18 µs per 4 KB page touched on the bench machine).
 */
export class NumberStream<T extends Numbers> {
  private readonly full: T[] = [];
  private current: T;
  private used = 0;

  constructor(private readonly make: (length: number) => T) {
    this.current = make(PIECE);
  }

  push(x: number): void {
    if (this.used === PIECE) {
      this.full.push(this.current);
      this.current = this.make(PIECE);
      this.used = 0;
    }
    this.current[this.used++] = x;
  }

  get count(): number {
    return this.full.length * PIECE + this.used;
  }

  /** The i-th number pushed (i < count). */
  at(i: number): number {
    const piece = i >>> PIECE_BITS;
    return (piece < this.full.length ? this.full[piece] : this.current)[i & IN_PIECE];
  }

  /** The pieces, the last cut to what it holds. */
  pieces(): T[] {
    return [...this.full, this.current.subarray(0, this.used) as T];
  }
}
