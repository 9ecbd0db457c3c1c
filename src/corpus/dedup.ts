/**
 * Duplicates and stories: two questions, two signals, both near-linear in the number of articles.
 *
 * 1. Same text? (a syndicated copy under other chrome) MinHash over word 5-shingles of the
 *    normalised body; LSH banding finds candidate pairs; the estimated Jaccard confirms them.
 * 2. Same event in other words? (a rewrite) Shingles miss rewrites, so each article also gets a
 *    short weighted term vector (distinctive words, capitalised names, numbers, word pairs; IDF
 *    over the corpus). An inverted index over those terms finds candidates, cosine confirms,
 *    and dates must be close when both are known. Union-find joins the accepted links.
 *
 * Worked example: one wire story on three sites plus two rewrites by other outlets → one Story
 * of five articles; two copies are `duplicateOf` the earliest (or most complete) copy, and
 * `why` says so in words: "b is a copy of a (94% of 5-word shingles shared)".
 */

import { FNV_OFFSET, FNV_PRIME } from './word-hash.js';

export interface DedupItem {
  id: string;
  /**
   * The body as its paragraphs: the text is them joined by blank lines. Read one by one and
   * joined only for a `why` line: at 100k articles, joined copies were most of this stage's
   * garbage, and collecting it in a heap that size most of the stage's growth per article.
   */
  paragraphs: readonly string[];
  /** ISO `YYYY-MM-DD`, or null when the article does not say. */
  published: string | null;
  /** From minhashSignature of the body; recomputed here when missing or of another size. */
  signature: ArrayLike<number>;
}

export interface StoryGroup {
  /** `s-` + the id of the story's first article: stable for the same articles. */
  id: string;
  /** Earliest published first, then originals before copies, then longest body, then id. */
  articleIds: string[];
  /** One sentence per copy and per link, in words a person can check. */
  why: string[];
}

export interface Grouping {
  /** article id → id of the copy it duplicates */
  duplicateOf: Map<string, string>;
  stories: StoryGroup[];
}

// ---------------------------------------------------------------------------------------------
// Characters and hashing (hot loops: no regex per word, no string per word)
// ---------------------------------------------------------------------------------------------

/** Values per signature. 128 keeps the Jaccard estimate within about ±0.09 (2σ). */
export const SIGNATURE_SIZE = 128;
const SHINGLE_WORDS = 5;

/** murmur3's finaliser: spreads every input bit over the whole word. Returns an int32. */
function fmix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Class bits and lowercase form of each UTF-16 code unit, filled on first sight (one Unicode
 * regex test per distinct character, not per word). Surrogates count as "other".
 */
const LETTER = 1;
const UPPER = 2;
const MARK = 4;
const NUMERIC = 8;
const SEEN = 128;
const CHAR_CLASS = new Uint8Array(65536);
const LOWER = new Uint16Array(65536);
const IS_LETTER = /\p{L}/u;
const IS_UPPER = /\p{Lu}/u;
const IS_MARK = /\p{M}/u;
const IS_NUMERIC = /\p{N}/u;

/**
 * The class of c: small, so that the scanning loops inline it. With the first-sight work in the
 * same function it was called out of line, and counting terms allocated ~10 KB per article.
 */
function charClass(c: number): number {
  const known = CHAR_CLASS[c];
  return known !== 0 ? known : learnChar(c);
}

function learnChar(c: number): number {
  const ch = String.fromCharCode(c);
  const lower = ch.toLowerCase();
  LOWER[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
  return (CHAR_CLASS[c] =
    SEEN |
    (IS_LETTER.test(ch) ? LETTER : 0) |
    (IS_UPPER.test(ch) ? UPPER : 0) |
    (IS_MARK.test(ch) ? MARK : 0) |
    (IS_NUMERIC.test(ch) ? NUMERIC : 0));
}

/** Apostrophes vanish inside words ("don’t" = "don't" = "dont") instead of splitting them. */
const isApostrophe = (c: number) => c === 0x27 || c === 0x2019 || c === 0x2018 || c === 0x60 || c === 0xb4;

/** 32-bit FNV-1a of a string, lowercased. */
function hashLower(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    charClass(c);
    h = Math.imul(h ^ LOWER[c], FNV_PRIME);
  }
  return h;
}

/** Word hashes of the last scanWords call that hashed: reused, so hashing a body allocates nothing. */
let words = new Int32Array(4096);

/**
 * Counts the words (letters, marks, digits) of the text on from `n` words already counted, and
 * returns the new count; with `hash`, also puts the FNV-1a hash of each, lowercased, in order,
 * into `words` from index n. Counting alone, for the shingle counts of containment checks,
 * skips half the work.
 */
function scanWords(body: string, hash: boolean, n = 0): number {
  let h = FNV_OFFSET;
  let inWord = false;
  // One position past the end closes the last word.
  for (let i = 0; i <= body.length; i++) {
    const c = i < body.length ? body.charCodeAt(i) : 0x20;
    if (isApostrophe(c)) continue;
    if (charClass(c) & (LETTER | MARK | NUMERIC)) {
      if (hash) h = Math.imul(h ^ LOWER[c], FNV_PRIME);
      inWord = true;
    } else if (inWord) {
      if (hash) {
        if (n === words.length) words = grown(words, n);
        words[n] = h;
        h = FNV_OFFSET;
      }
      n++;
      inWord = false;
    }
  }
  return n;
}

/** Words of a body from its paragraphs: no word runs across the blank line between two. */
function wordCount(paragraphs: readonly string[]): number {
  let n = 0;
  for (const p of paragraphs) n = scanWords(p, false, n);
  return n;
}

/** The body of paragraphs, and its length without joining them. */
const bodyOf = (paragraphs: readonly string[]) => paragraphs.join('\n\n');
function bodyLength(paragraphs: readonly string[]): number {
  let n = 2 * Math.max(0, paragraphs.length - 1);
  for (const p of paragraphs) n += p.length;
  return n;
}

/** A typed array twice the size with the first `keep` values copied. */
function grown<T extends Int32Array | Uint32Array | Uint8Array>(a: T, keep: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(2 * a.length);
  bigger.set(a.subarray(0, keep));
  return bigger;
}

/** Bin of a shingle hash: its top 7 bits (SIGNATURE_SIZE = 2^7); the low 25 bits are its value. */
const BIN_SHIFT = 25;
const VALUE_MASK = 0x1ffffff;

/**
 * MinHash signature of a body, from its paragraphs (read on from one to the next, as their
 * joined text would be, without joining them): SIGNATURE_SIZE int32 values over the word
 * 5-shingles of the text lowercased, apostrophes dropped, every other non-word character a
 * separator (so curly and straight quotes, dashes and line breaks do not matter). A text shorter
 * than 5 words is one shingle; [] for a body without words. The fraction of equal positions in
 * two signatures estimates the Jaccard similarity of their shingle sets.
 *
 * One-permutation MinHash with optimal densification (Shrivastava, ICML 2017): each shingle is
 * hashed once, its top bits pick one of 128 bins and each bin keeps its smallest value; an empty
 * bin borrows the value of the first non-empty bin on a probe sequence fixed by its index, so
 * two texts with the same shingles fill it the same way. Same estimator as 128 separate
 * permutations, at one hash per shingle instead of 128 (~0.02 ms for 3 KB instead of ~0.15).
 */
export function minhashSignature(paragraphs: readonly string[]): number[] {
  let count = 0;
  for (const p of paragraphs) count = scanWords(p, true, count);
  if (count === 0) return [];
  const span = Math.min(SHINGLE_WORDS, count);
  const bins = new Int32Array(SIGNATURE_SIZE).fill(-1);
  for (let i = 0; i + span <= count; i++) {
    let x = 0x9747b28c | 0;
    for (let j = 0; j < span; j++) x = Math.imul(x ^ words[i + j], FNV_PRIME);
    x = fmix32(x);
    const bin = x >>> BIN_SHIFT;
    const value = x & VALUE_MASK;
    if (bins[bin] < 0 || value < bins[bin]) bins[bin] = value;
  }
  const signature = Array.from(bins);
  for (let bin = 0; bin < SIGNATURE_SIZE; bin++) {
    for (let probe = 1; signature[bin] < 0; probe++) {
      const from = fmix32(Math.imul(bin + 1, 0x9e3779b1) ^ probe) >>> BIN_SHIFT;
      if (bins[from] >= 0) signature[bin] = bins[from];
    }
  }
  return signature;
}

/** Fraction of equal positions; 0 when either signature is empty or the sizes differ. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === b[k]) same++;
  return same / a.length;
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

/** A copy shares at least this much (Jaccard of 5-shingle sets) with the text it copies… */
const DUPLICATE_JACCARD = 0.6;
/**
 * …or, when one page kept chrome the other lost, at least CONTAINED_JACCARD while the smaller
 * text lies CONTAINMENT inside the larger: 500 words of article + 450 of teasers against the
 * same 500 words alone gives J ≈ 0.53 and containment ≈ 1.
 */
const CONTAINED_JACCARD = 0.4;
const CONTAINMENT = 0.85;
/**
 * LSH: 32 bands of 4 rows. A pair with Jaccard J shares a band with probability
 * 1 − (1 − J⁴)³²: 0.9996 at 0.6, 0.87 at 0.5, 0.56 at 0.4, 0.002 at 0.1.
 */
const BANDS = 32;
const ROWS = SIGNATURE_SIZE / BANDS;
/** In a bucket, each member is checked against at most this many earlier members: keeps a
 * bucket of 1,000 identical copies linear, and one check per copy suffices to join them. */
const BUCKET_CHECKS = 8;

/** Every item's signature in one typed array (item i's at i·SIGNATURE_SIZE); has[i] 0 for a body without words. */
interface Signatures {
  values: Int32Array;
  /** Each value's low byte, four to an element: a pair check reads these first, a quarter of the memory. */
  low4: Uint32Array;
  has: Uint8Array;
}

/**
 * The items' signatures packed: one contiguous array instead of an array per item keeps the
 * millions of pair comparisons at 100k articles in cache. Missing or odd-sized ones are recomputed.
 */
function packSignatures(items: readonly DedupItem[]): Signatures {
  const values = new Int32Array(items.length * SIGNATURE_SIZE);
  const low = new Uint8Array(values.length);
  const has = new Uint8Array(items.length);
  items.forEach((it, i) => {
    const sig = it.signature.length === SIGNATURE_SIZE ? it.signature : minhashSignature(it.paragraphs);
    if (sig.length !== SIGNATURE_SIZE) return;
    for (let k = 0; k < SIGNATURE_SIZE; k++) low[i * SIGNATURE_SIZE + k] = values[i * SIGNATURE_SIZE + k] = sig[k];
    has[i] = 1;
  });
  return { values, low4: new Uint32Array(low.buffer), has };
}

/** High bit set in each byte of x that is zero, and nowhere else (no carry crosses a byte). */
const zeroBytes = (x: number) => ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);

/** How many bytes of x are zero (0-4). */
const zeroByteCount = (x: number) => Math.imul((zeroBytes(x) >>> 7) & 0x01010101, 0x01010101) >>> 24;

/**
 * estimateJaccard of items a and b; 0 when it is sure to fall below `floor`. Most candidate
 * pairs are far below the lowest threshold. At 100k articles the values of ~5 million pairs no
 * longer fit in cache, so the low bytes decide first: equal values have equal low bytes, so the
 * low bytes that agree (four compared in one step, without a branch) bound the count, and unequal
 * values share their low byte only once in 256. Only a pair that can reach the floor has its
 * values compared.
 */
function jaccardOf(sigs: Signatures, a: number, b: number, floor = 0): number {
  if (!sigs.has[a] || !sigs.has[b]) return 0;
  const { values, low4 } = sigs;
  const words = SIGNATURE_SIZE / 4;
  const offset = (b - a) * words;
  if (floor > 0) {
    let lowSame = 0;
    for (let w = a * words; w < (a + 1) * words; w++) lowSame += zeroByteCount(low4[w] ^ low4[w + offset]);
    if (lowSame < floor * SIGNATURE_SIZE) return 0;
  }
  let same = 0;
  const at = (b - a) * SIGNATURE_SIZE;
  for (let k = a * SIGNATURE_SIZE; k < (a + 1) * SIGNATURE_SIZE; k++) if (values[k] === values[k + at]) same++;
  return same / SIGNATURE_SIZE;
}

/**
 * Visits candidate pairs (i < j) that share at least one LSH band. A pair may come again from
 * another band: remembering the pairs seen cost more than meeting them again (at 100k articles,
 * a Set of ~5 million pair keys took ~7 s and ~200 MB; a repeat costs two union-find lookups).
 */
function forEachCandidate(sigs: Signatures, visit: (i: number, j: number) => void): void {
  // (band key, item) packed in one float: key · 2^21 + item, sorted, then read in runs.
  const keys = new Float64Array(sigs.has.length * BANDS);
  let filled = 0;
  for (let i = 0; i < sigs.has.length; i++) {
    if (!sigs.has[i]) continue;
    const at = i * SIGNATURE_SIZE;
    for (let band = 0; band < BANDS; band++) {
      let h = Math.imul(band + 1, 0x9e3779b1);
      for (let r = band * ROWS; r < (band + 1) * ROWS; r++) h = Math.imul(h ^ sigs.values[at + r], 0x01000193);
      keys[filled++] = (fmix32(h) >>> 0) * 2 ** 21 + i;
    }
  }
  const packed = keys.subarray(0, filled).sort();
  // Keys and items unpacked once each, into integers: a float division or modulo per visit cost more than the visit.
  const bucket = new Uint32Array(filled);
  const item = new Int32Array(filled);
  for (let k = 0; k < filled; k++) {
    bucket[k] = Math.floor(packed[k] / 2 ** 21);
    item[k] = packed[k] - bucket[k] * 2 ** 21;
  }
  for (let start = 0; start < filled; ) {
    let end = start + 1;
    while (end < filled && bucket[end] === bucket[start]) end++;
    for (let x = start + 1; x < end; x++) {
      const j = item[x];
      for (let y = Math.max(start, x - BUCKET_CHECKS); y < x; y++) if (item[y] !== j) visit(item[y], j);
    }
    start = end;
  }
}

/**
 * How much of the smaller text lies inside the larger, from the Jaccard estimate and the
 * shingle counts: |A∩B| = J·(|A|+|B|)/(1+J).
 */
function containment(jaccard: number, shinglesA: number, shinglesB: number): number {
  const shared = (jaccard * (shinglesA + shinglesB)) / (1 + jaccard);
  return Math.min(1, shared / Math.max(1, Math.min(shinglesA, shinglesB)));
}

/**
 * Joins in `copies` the candidate pairs confirmed as copies of one text. A pair already in one
 * group is not checked: it cannot change the groups, and most candidates are copies met again
 * in another band or through a third copy. A rejected pair met again is checked again (same
 * answer).
 */
function joinCopies(items: readonly DedupItem[], sigs: Signatures, copies: UnionFind): void {
  const shingleCounts = new Map<number, number>();
  const shingles = (i: number) => {
    let c = shingleCounts.get(i);
    if (c === undefined) shingleCounts.set(i, (c = Math.max(1, wordCount(items[i].paragraphs) - SHINGLE_WORDS + 1)));
    return c;
  };
  forEachCandidate(sigs, (a, b) => {
    if (copies.find(a) === copies.find(b)) return;
    const jaccard = jaccardOf(sigs, a, b, CONTAINED_JACCARD);
    const copy =
      jaccard >= DUPLICATE_JACCARD ||
      (jaccard >= CONTAINED_JACCARD && containment(jaccard, shingles(a), shingles(b)) >= CONTAINMENT);
    if (copy) copies.union(a, b);
  });
}

const DAY_MS = 86_400_000;
/** Day number of an ISO date, NaN when unknown or unreadable. */
const dayOf = (published: string | null) => (published ? Math.floor(Date.parse(published) / DAY_MS) : NaN);
/** Sort key for a day number: unknown dates last. */
const dayKey = (d: number) => (Number.isNaN(d) ? Infinity : d);

/** Bodies within 10% of the longest carry the same text give or take a line of chrome. */
const SAME_LENGTH = 0.9;

/**
 * The copy the others point to: the earliest published when any copy states a date; among
 * those, the most complete (`length`: of the body), where lengths within 10% of the longest count as
 * equal; then the smallest id, so the choice is stable. Example: a dated copy beats a longer
 * undated one; two undated copies of 2,400 and 2,310 characters tie, and the smaller id wins.
 */
export function chooseCanonical<T extends { id: string; length: number; published: string | null }>(copies: T[]): T {
  const days = copies.map((c) => dayKey(dayOf(c.published)));
  const earliest = days.reduce((m, d) => Math.min(m, d), Infinity);
  const dated = copies.filter((_, k) => days[k] === earliest);
  const longest = dated.reduce((m, c) => Math.max(m, c.length), 0);
  return dated
    .filter((c) => c.length >= longest * SAME_LENGTH)
    .reduce((best, c) => (c.id < best.id ? c : best));
}

// ---------------------------------------------------------------------------------------------
// Stories
// ---------------------------------------------------------------------------------------------

/** Function words and newsroom verbs: they say nothing about which event is reported. */
const STOPWORDS = new Set(
  (
    'a about above according across after again against ago ahead all almost also although always am among an and ' +
    'another any anyone are around as at away back be became because become been before being below between both ' +
    'but by can could did do does doing done down during each either else even ever every few for from further ' +
    'get gets got had has have having he her here hers him his how however i if in including into is it its itself ' +
    'just last late later least less like made make makes many may me meanwhile might more most much must my near ' +
    'nearly need new news next no nor not now of off often on once one only or other others our out over own per ' +
    'percent put rather really said same say saying says see seen several she should since so some still such than ' +
    'that the their theirs them then there these they this those though three through thus to today told too ' +
    'toward towards two under until up upon us very via was way we week weeks well were what when where whether ' +
    'which while who whom whose why will with within without would year years yet you your ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april june july august ' +
    'september october november december mr mrs ms dr million billion trillion first second time times'
  )
    .split(' ')
    .map(hashLower),
);

const NAME_BOOST = 2;
const NUMBER_BOOST = 1.5;
/** Term kinds, as bits: a pair of capitalised words is a name too. */
const NAME = 1;
const NUMBER = 2;

/** Receives each term: its hash, where it lies in the body, and NAME / NUMBER bits. */
type TermSink = (hash: number, start: number, end: number, kind: number) => void;

const isAsciiDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** Words separated only by spaces or hyphens form a pair; other punctuation breaks it. */
const isPairGap = (c: number) => c === 0x20 || c === 0x2d || c === 0x2010 || c === 0x2013 || c === 0xa0;

/**
 * Terms of one paragraph of a body, which starts at `base` in the body: words (3+ letters, not
 * stopwords), numbers with two or more digits ("2030", "8.5", "70%"), and pairs of adjacent kept
 * words ("rare earth", "Akasaka Palace"); no pair spans paragraphs. A capitalised word is
 * name-like: names and numbers tell one event from another.
 */
function forEachTerm(body: string, base: number, emit: TermSink): void {
  // The previous kept term, for pairs; prevStart -1 when a dropped word came between.
  let prevHash = 0;
  let prevStart = -1;
  let prevEnd = -1;
  let prevKind = 0;
  let i = 0;
  while (i < body.length) {
    const start = i;
    let c = body.charCodeAt(i);
    let h = FNV_OFFSET;
    let kind = 0;
    let kept: boolean;
    if (isAsciiDigit(c)) {
      // 8.5, 1,300, 70%: separators count only between digits.
      let digits = 0;
      while (i < body.length) {
        c = body.charCodeAt(i);
        const separator = (c === 0x2e || c === 0x2c) && isAsciiDigit(body.charCodeAt(i + 1));
        if (!isAsciiDigit(c) && !separator) break;
        if (!separator) digits++;
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
      }
      if (body.charCodeAt(i) === 0x25) {
        h = Math.imul(h ^ 0x25, FNV_PRIME);
        i++;
      }
      kind = NUMBER;
      kept = digits >= 2;
    } else if (charClass(c) & LETTER) {
      if (CHAR_CLASS[c] & UPPER) kind = NAME;
      while (i < body.length && charClass((c = body.charCodeAt(i))) & (LETTER | MARK)) {
        h = Math.imul(h ^ LOWER[c], FNV_PRIME);
        i++;
      }
      kept = i - start >= 3 && !STOPWORDS.has(h);
    } else {
      i++;
      continue;
    }
    if (!kept) {
      prevStart = -1;
      continue;
    }
    emit(h, base + start, base + i, kind);
    if (prevStart >= 0 && start - prevEnd <= 3) {
      let gap = prevEnd;
      while (gap < start && isPairGap(body.charCodeAt(gap))) gap++;
      if (gap === start) emit(fmix32(Math.imul(prevHash, 31) ^ h), base + prevStart, base + i, prevKind & kind & NAME);
    }
    prevHash = h;
    prevStart = start;
    prevEnd = i;
    prevKind = kind;
  }
}

/** Terms kept per article; the vector is normalised over these. */
const TOP_TERMS = 32;
/** Per term, only the most recent postings are scanned (articles are visited in date order). */
const POSTINGS_SCANNED = 48;
/** Cosine over the top-term vectors, and shared terms, needed to call two articles one story. */
const STORY_SCORE = 0.25;
const STORY_SHARED_TERMS = 5;
/** Both dated: at most this many days apart; a whole story spans at most twice this. */
const STORY_WINDOW_DAYS = 7;

/**
 * The top-term vectors of all articles in flat typed arrays (no object or array per article):
 * article i's terms lie at i·TOP_TERMS … i·TOP_TERMS + count[i] − 1, strongest first.
 */
interface TermVectors {
  count: Uint8Array;
  hashes: Int32Array;
  /** Divided by the norm of the article's top terms. */
  weights: Float64Array;
  /** Where each term first occurs in the body, and whether it is a name (1): for `why` only. */
  starts: Uint32Array;
  ends: Uint32Array;
  names: Uint8Array;
}

function createTermVectors(n: number): TermVectors {
  const slots = n * TOP_TERMS;
  return {
    count: new Uint8Array(n),
    hashes: new Int32Array(slots),
    weights: new Float64Array(slots),
    starts: new Uint32Array(slots),
    ends: new Uint32Array(slots),
    names: new Uint8Array(slots),
  };
}

/**
 * Open-addressing table from int32 keys to dense ids 0, 1, 2… in order of first sight. clear()
 * is one increment (entries of older generations count as empty). A lookup costs a fraction of
 * a Map<number, number> one, and no entry is a heap object.
 */
class IdTable {
  size = 0;
  private keys = new Int32Array(1024);
  private ids = new Int32Array(1024);
  private stamps = new Uint32Array(1024);
  private generation = 1;

  /** The key's id; an unseen key gets the next one, `size` before the call. */
  idOf(key: number): number {
    if (2 * this.size >= this.keys.length) this.rehash(2 * this.keys.length);
    const mask = this.keys.length - 1;
    let at = fmix32(key) & mask;
    while (this.stamps[at] === this.generation) {
      if (this.keys[at] === key) return this.ids[at];
      at = (at + 1) & mask;
    }
    this.stamps[at] = this.generation;
    this.keys[at] = key;
    this.ids[at] = this.size;
    return this.size++;
  }

  clear(): void {
    this.size = 0;
    this.generation++;
  }

  private rehash(capacity: number): void {
    const { keys, ids, stamps, generation } = this;
    this.keys = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.stamps = new Uint32Array(capacity);
    const mask = capacity - 1;
    for (let old = 0; old < keys.length; old++) {
      if (stamps[old] !== generation) continue;
      let at = fmix32(keys[old]) & mask;
      while (this.stamps[at] === generation) at = (at + 1) & mask;
      this.stamps[at] = generation;
      this.keys[at] = keys[old];
      this.ids[at] = ids[old];
    }
  }
}

/**
 * The distinct terms of the article last counted, by IdTable id (first occurrence first): hash,
 * count, NAME / NUMBER bits, and where the term first occurs. Reused by every article.
 */
const counted = {
  ids: new IdTable(),
  hashes: new Int32Array(1024),
  tf: new Uint32Array(1024),
  kinds: new Uint8Array(1024),
  starts: new Uint32Array(1024),
  ends: new Uint32Array(1024),
};

function countTerm(hash: number, start: number, end: number, kind: number): void {
  const c = counted;
  const known = c.ids.size;
  const s = c.ids.idOf(hash);
  if (s < known) {
    c.tf[s]++;
    c.kinds[s] |= kind;
    return;
  }
  if (s === c.hashes.length) {
    c.hashes = grown(c.hashes, s);
    c.tf = grown(c.tf, s);
    c.kinds = grown(c.kinds, s);
    c.starts = grown(c.starts, s);
    c.ends = grown(c.ends, s);
  }
  c.hashes[s] = hash;
  c.tf[s] = 1;
  c.kinds[s] = kind;
  c.starts[s] = start;
  c.ends[s] = end;
}

/** Counts the distinct terms of a body into `counted`; returns how many. */
function countTerms(paragraphs: readonly string[]): number {
  counted.ids.clear();
  let base = 0;
  for (const p of paragraphs) {
    forEachTerm(p, base, countTerm);
    base += p.length + 2;
  }
  return counted.ids.size;
}

/**
 * Document frequency in a hashed table (one Uint32 per bucket, sized to the corpus): counts
 * may merge on a collision, which only lowers an IDF a little.
 */
function documentFrequencies(items: readonly DedupItem[], docs: readonly number[]): { df: Uint32Array; mask: number } {
  let size = 4096;
  while (size < docs.length * 64 && size < 2 ** 23) size *= 2;
  const df = new Uint32Array(size);
  const mask = size - 1;
  for (const i of docs) {
    const n = countTerms(items[i].paragraphs);
    for (let s = 0; s < n; s++) df[counted.hashes[s] & mask]++;
  }
  return { df, mask };
}

/**
 * IDF with 10 pseudo-documents: ln(1 + (N + 10) / (df + 10)). Over a handful of articles that
 * are mostly about one event, raw IDF would rank each article's one-off words above the names
 * they all share; the prior flattens IDF until the corpus is big enough to trust (N = 5:
 * df 1 → 0.80, df 5 → 0.69; N = 100,000: df 1 → 9.1, df 50,000 → 1.1).
 */
const IDF_PRIOR_DOCS = 10;
const idf = (df: number, docs: number) => Math.log(1 + (docs + IDF_PRIOR_DOCS) / (df + IDF_PRIOR_DOCS));

/** The running top list of termVector: counted ids and their weights, strongest first. */
const top = { ids: new Int32Array(TOP_TERMS), weights: new Float64Array(TOP_TERMS) };

/**
 * Article i's TOP_TERMS terms by (1 + ln tf) · idf · boost, normalised over those terms, so
 * the dot product of two vectors is a cosine over their top terms. Terms found in this article
 * only count in the norm but are not stored: they cannot link it to another. Ties go to the
 * smaller hash, so the choice does not depend on word order.
 */
function fillTermVector(v: TermVectors, i: number, paragraphs: readonly string[], df: Uint32Array, mask: number, docs: number): void {
  const n = countTerms(paragraphs);
  const { hashes, tf, kinds } = counted;
  const { ids, weights } = top;
  // Top TOP_TERMS by insertion into a short sorted list: most terms fail the first comparison.
  let kept = 0;
  for (let s = 0; s < n; s++) {
    const k = kinds[s];
    const w = (1 + Math.log(tf[s])) * idf(df[hashes[s] & mask], docs) * (k & NAME ? NAME_BOOST : k & NUMBER ? NUMBER_BOOST : 1);
    if (kept === TOP_TERMS && !ranksAbove(w, hashes[s], weights[TOP_TERMS - 1], hashes[ids[TOP_TERMS - 1]])) continue;
    let at = Math.min(kept, TOP_TERMS - 1);
    while (at > 0 && ranksAbove(w, hashes[s], weights[at - 1], hashes[ids[at - 1]])) {
      ids[at] = ids[at - 1];
      weights[at] = weights[at - 1];
      at--;
    }
    ids[at] = s;
    weights[at] = w;
    kept = Math.min(kept + 1, TOP_TERMS);
  }
  let norm2 = 0;
  for (let r = 0; r < kept; r++) norm2 += weights[r] * weights[r];
  const norm = Math.sqrt(norm2) || 1;
  let slot = i * TOP_TERMS;
  for (let r = 0; r < kept; r++) {
    const s = ids[r];
    if (df[hashes[s] & mask] < 2) continue;
    v.hashes[slot] = hashes[s];
    v.weights[slot] = weights[r] / norm;
    v.starts[slot] = counted.starts[s];
    v.ends[slot] = counted.ends[s];
    v.names[slot] = kinds[s] & NAME;
    slot++;
  }
  v.count[i] = slot - i * TOP_TERMS;
}

const ranksAbove = (w: number, hash: number, otherW: number, otherHash: number) =>
  w > otherW || (w === otherW && hash < otherHash);

/** A term (vector slot) as a reader would write it: "Akasaka Palace", "rare earth", "70%". */
function display(body: string, v: TermVectors, slot: number): string {
  const words = body.slice(v.starts[slot], v.ends[slot]).split(/[\s\-‐–]+/u);
  return words.map((w) => (v.names[slot] ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase())).join(' ');
}

/** The terms articles a and b share, strongest contribution first, as `a` wrote them. */
function sharedTerms(bodyA: string, v: TermVectors, a: number, b: number): string[] {
  const inB = new Map<number, number>();
  for (let k = b * TOP_TERMS; k < b * TOP_TERMS + v.count[b]; k++) inB.set(v.hashes[k], k);
  const shared: { slot: number; w: number }[] = [];
  for (let k = a * TOP_TERMS; k < a * TOP_TERMS + v.count[a]; k++) {
    const other = inB.get(v.hashes[k]);
    const w = other === undefined ? 0 : v.weights[k] * v.weights[other];
    if (w > 0) shared.push({ slot: k, w });
  }
  return shared.sort((x, y) => y.w - x.w).map((t) => display(bodyA, v, t.slot));
}

interface StoryLink {
  a: number;
  b: number;
  score: number;
}

/**
 * Every term's postings in visit order, as CSR: the postings of term t lie at offsets[t] …
 * offsets[t+1]−1, and slot k sits at position at[k] of its term's list. A posting holds its
 * article and the term's weight there, side by side: read from the vectors by slot, they were
 * a cache miss per posting once the corpus outgrew the cache (scans grew 1.8× per article from
 * 10k to 100k). "The earlier articles with this term" are the positions before at[k]: the same
 * lists a Map of growing arrays would hold at that point of the visit, without an object per term.
 */
function termPostings(v: TermVectors, order: readonly number[]) {
  const ids = new IdTable();
  const termOf = new Uint32Array(v.hashes.length);
  const slotsOf = (a: number) => [a * TOP_TERMS, a * TOP_TERMS + v.count[a]] as const;
  for (const a of order) {
    const [from, to] = slotsOf(a);
    for (let k = from; k < to; k++) termOf[k] = ids.idOf(v.hashes[k]);
  }
  const offsets = new Uint32Array(ids.size + 1);
  for (const a of order) {
    const [from, to] = slotsOf(a);
    for (let k = from; k < to; k++) offsets[termOf[k] + 1]++;
  }
  for (let t = 0; t < ids.size; t++) offsets[t + 1] += offsets[t];
  const fill = offsets.slice(0, ids.size);
  const articles = new Uint32Array(offsets[ids.size]);
  const weights = new Float64Array(offsets[ids.size]);
  const at = new Uint32Array(v.hashes.length);
  for (const a of order) {
    const [from, to] = slotsOf(a);
    for (let k = from; k < to; k++) {
      at[k] = fill[termOf[k]]++;
      articles[at[k]] = a;
      weights[at[k]] = v.weights[k];
    }
  }
  return { termOf, offsets, postings: { articles, weights }, at };
}

/**
 * Candidate links between articles visited in `order` (by date): each article meets, through
 * its top terms, the most recent earlier articles that share them. Cost per article:
 * TOP_TERMS × POSTINGS_SCANNED additions, whatever the corpus size.
 */
function findStoryLinks(v: TermVectors, days: readonly number[], order: readonly number[]): StoryLink[] {
  const { termOf, offsets, postings, at } = termPostings(v, order);
  const score = new Float64Array(v.count.length);
  const shared = new Uint16Array(v.count.length);
  const touched: number[] = [];
  const links: StoryLink[] = [];
  for (const a of order) {
    for (let k = a * TOP_TERMS; k < a * TOP_TERMS + v.count[a]; k++) {
      for (let x = Math.max(offsets[termOf[k]], at[k] - POSTINGS_SCANNED); x < at[k]; x++) {
        const b = postings.articles[x];
        if (shared[b] === 0) touched.push(b);
        score[b] += v.weights[k] * postings.weights[x];
        shared[b]++;
      }
    }
    for (const b of touched) {
      const close = !(Math.abs(days[a] - days[b]) > STORY_WINDOW_DAYS);
      if (score[b] >= STORY_SCORE && shared[b] >= STORY_SHARED_TERMS && close) {
        links.push({ a, b, score: score[b] });
      }
      score[b] = 0;
      shared[b] = 0;
    }
    touched.length = 0;
  }
  return links;
}

type UnionFind = ReturnType<typeof createUnionFind>;

function createUnionFind(n: number) {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  return {
    find,
    /** Joins the sets of a and b under a's root; false when they were already one. */
    union(a: number, b: number): boolean {
      const ra = find(a);
      const rb = find(b);
      if (ra === rb) return false;
      parent[rb] = ra;
      return true;
    },
  };
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** Groups indices 0..n-1 by key, in index order. */
function groupBy(n: number, key: (i: number) => number): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const k = key(i);
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  }
  return groups;
}

/** First and last known day of a set of articles; NaN when none is dated. */
interface Span {
  first: number;
  last: number;
}
const mergeSpans = (x: Span, y: Span): Span => ({
  first: Number.isNaN(x.first) ? y.first : Number.isNaN(y.first) ? x.first : Math.min(x.first, y.first),
  last: Number.isNaN(x.last) ? y.last : Number.isNaN(y.last) ? x.last : Math.max(x.last, y.last),
});

/**
 * Marks syndicated copies and groups articles that report the same event into stories.
 * Every article lands in exactly one story; an article with no match is a story of one.
 * Deterministic: the same items (in any order) give the same grouping and ids.
 */
export function groupStories(input: DedupItem[]): Grouping {
  const items = [...input].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const n = items.length;
  const sigs = packSignatures(items);
  const days = items.map((it) => dayOf(it.published));
  // Lengths once each, for canonical copies and story order.
  const lengths = items.map((it) => bodyLength(it.paragraphs));

  // 1. Copies: join confirmed pairs, then point every member at its group's canonical copy.
  const copies = createUnionFind(n);
  joinCopies(items, sigs, copies);
  const canonicalOf = new Int32Array(n);
  const duplicateOf = new Map<string, string>();
  const why: { at: number; line: string }[] = [];
  for (const members of groupBy(n, copies.find).values()) {
    const canonical = chooseCanonical(members.map((i) => ({ id: items[i].id, length: lengths[i], published: items[i].published, index: i }))).index;
    for (const i of members) {
      canonicalOf[i] = canonical;
      if (i === canonical) continue;
      duplicateOf.set(items[i].id, items[canonical].id);
      const shared = percent(jaccardOf(sigs, i, canonical));
      why.push({ at: i, line: `${items[i].id} is a copy of ${items[canonical].id} (${shared} of 5-word shingles shared)` });
    }
  }

  // 2. Stories: link the canonical copies by their terms, strongest links first.
  const originals = [...new Set(canonicalOf)];
  const { df, mask } = documentFrequencies(items, originals);
  const vectors = createTermVectors(n);
  for (const i of originals) fillTermVector(vectors, i, items[i].paragraphs, df, mask, originals.length);
  const byDate = [...originals].sort((a, b) => dayKey(days[a]) - dayKey(days[b]) || a - b);
  const links = findStoryLinks(vectors, days, byDate).sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);

  const stories = createUnionFind(n);
  const spans = new Map<number, Span>(originals.map((i) => [i, { first: days[i], last: days[i] }]));
  for (const { a, b, score } of links) {
    const ra = stories.find(a);
    const rb = stories.find(b);
    if (ra === rb) continue;
    const span = mergeSpans(spans.get(ra)!, spans.get(rb)!);
    if (span.last - span.first > 2 * STORY_WINDOW_DAYS) continue; // would chain separate events
    stories.union(ra, rb);
    spans.set(ra, span);
    const terms = sharedTerms(bodyOf(items[a].paragraphs), vectors, a, b).slice(0, 4).map((t) => `'${t}'`);
    why.push({
      at: a,
      line: `${items[a].id} reports the same event as ${items[b].id}: shares ${terms.join(', ')} (score ${score.toFixed(2)})`,
    });
  }

  // 3. Assemble: every item joins the story of its canonical copy.
  const storyOf = (i: number) => stories.find(canonicalOf[i]);
  const whyOf = groupBy(why.length, (k) => storyOf(why[k].at));
  const storyOrder = (a: number, b: number) =>
    dayKey(days[a]) - dayKey(days[b]) ||
    Number(canonicalOf[a] !== a) - Number(canonicalOf[b] !== b) ||
    lengths[b] - lengths[a] ||
    a - b;
  const groups: StoryGroup[] = [...groupBy(n, storyOf)].map(([root, list]) => {
    const ordered = list.sort(storyOrder);
    return {
      id: `s-${items[ordered[0]].id}`,
      articleIds: ordered.map((i) => items[i].id),
      why: (whyOf.get(root) ?? []).map((k) => why[k].line),
    };
  });
  groups.sort((x, y) => (x.id < y.id ? -1 : 1));
  return { duplicateOf, stories: groups };
}
