/**
 * Full-text search over the corpus: BM25 over title + clean body, prefix and typo tolerant, one
 * hit per story with a snippet around the matched words.
 *
 * An own compact inverted index, not minisearch: at 10k articles minisearch took 0.37 ms per
 * article to build, its JSON reloaded only ~2.5× faster, and fuzzy + prefix on every query word
 * gave 39/430 ms p50/p99 per query. Here the dictionary is one sorted string array, postings are
 * typed arrays (CSR: one offsets array, one doc array, one packed term-frequency array), and the
 * whole index serialises to one binary buffer that loads with a few copies.
 *
 * Query words: exact terms always; the last word (3+ letters) also as a prefix ("refin" →
 * "refinery", "refining"); a word of 5+ letters that is no term of the corpus also matches terms
 * within 1 edit (2 from 9 letters: "lithum" → "lithium"). Every word must match (AND), falling
 * back to any word (OR) when no article has them all.
 */
import type { Article, SearchHit, SearchIndex } from './types.js';
import { asciiLower, FNV_OFFSET, FNV_PRIME, hashOf, sameAsciiWord } from './word-hash.js';
import { NumberStream } from './number-stream.js';

/**
 * Words too common to find anything; dropped from the index and from queries. They are about
 * 40% of English running text, so dropping them also makes the index that much faster to build.
 * Not here on purpose: "us" (the US), "may" (the month), "new" (New York), "will" (a name).
 */
const STOPWORDS = new Set(
  (
    'a about after all also an and any are as at be because been before being between both but by can could did ' +
    'do does during each for from had has have he her here his how if in into is it its just more most no not of ' +
    'on one only or other our out over said says she should so some such than that the their them then there ' +
    'these they this those through to too under up very was we were what when where which while who whom why ' +
    'with would you your'
  ).split(' '),
);
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;

/**
 * Index and query terms: lowercase, English stopwords and single letters dropped (digits kept:
 * "5" of "5G"), accents folded ("Thế" → "the", "Thé" → "the"). Applied to documents and queries
 * alike, so "the" finds nothing but "Thế" finds "Thế Anh".
 */
export function processTerm(term: string): string | null {
  const lower = term.toLowerCase();
  // Stopwords are English: checked before folding, so a name such as "Thế" stays findable.
  if (STOPWORDS.has(lower)) return null;
  const t = NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
  return t.length < 2 && !/\d/.test(t) ? null : t;
}

/**
 * Word characters: ASCII letters and digits, and any non-ASCII character outside Latin-1's
 * symbols and the General Punctuation block (so curly quotes, dashes and "…" split words). A
 * plain class, not \p{L}: several times faster in V8, and tokenizing is a quarter of build time.
 */
const WORD_CHARS = /[a-z0-9\u00c0-\u1fff\u2070-\uffff]+/gi;

/** Text → processed terms in order (repeats kept: BM25 counts them). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  WORD_CHARS.lastIndex = 0;
  for (let m = WORD_CHARS.exec(text); m; m = WORD_CHARS.exec(text)) {
    const term = processTerm(m[0]);
    if (term) out.push(term);
  }
  return out;
}

/** Queries are validated by the command; this only bounds the work an odd caller can cause. */
const MAX_QUERY_CHARS = 500;
const MAX_QUERY_TERMS = 32;
/** A prefix expands to at most this many terms, the most frequent first. */
const MAX_PREFIX_TERMS = 48;
const MIN_PREFIX = 3;
const MIN_FUZZY = 5;
const FUZZY_2_FROM = 9;

/** BM25+ as minisearch had it (k1, b, delta), with title matches weighing 3× body matches. */
const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;
const TITLE_BOOST = 3;
/** A derived term counts less than the word typed; more so the more it differs (minisearch's weights). */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/**
 * Term frequencies, packed per posting in a Uint16: title count in the top 4 bits (capped at
 * 15), body count in the low 12 (capped at 4095).
 */
const TITLE_SHIFT = 12;
const BODY_MASK = 0xfff;
const packTf = (title: number, body: number) => (Math.min(title, 15) << TITLE_SHIFT) | Math.min(body, BODY_MASK);

/** The index proper: everything search needs besides the articles, all of it serialisable. */
interface IndexData {
  /** Sorted, distinct. */
  terms: string[];
  /** Postings of terms[t] lie at offsets[t] … offsets[t+1]-1 of docs / tfs; docs ascending. */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
  /** Per article (index into the articles array): processed terms in title and body. */
  titleLengths: Uint32Array;
  bodyLengths: Uint32Array;
}

/** A copy of `a` of the given length, the first values kept. */
function resized<T extends Uint32Array | Uint16Array | Int32Array>(a: T, make: (n: number) => T, length: number): T {
  const b = make(length);
  b.set(a.subarray(0, Math.min(a.length, length)));
  return b;
}

/**
 * A copy of a string that does not pin the text it was cut from: V8 keeps a substring of 13+
 * characters as a view into its parent, so a dictionary term cut from a body would hold the
 * whole body for as long as the index lives.
 */
const detached = (s: string) => ` ${s}`.slice(1);

/** Per UTF-16 code unit: 1 when WORD_CHARS matches it, 2 when not, 0 not yet asked. */
const WORD_UNITS = new Uint8Array(65536);
const WORD_UNIT = new RegExp(`^${WORD_CHARS.source.slice(0, -1)}$`, 'i');
function isWordUnit(c: number): boolean {
  let known = WORD_UNITS[c];
  if (known === 0) known = WORD_UNITS[c] = WORD_UNIT.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}
for (let c = 0; c < 0x80; c++) isWordUnit(c);

/** Term id of a word that is no term (a stopword, a single letter). */
const NO_TERM = -1;

/**
 * The dictionary being built: term → id in order of first sight. ASCII words (nearly all of
 * them) are looked up straight from the text in an open-addressing table keyed by their
 * lowercased characters, so a word costs no string, no regex and no Map lookup; any other word
 * goes through processTerm. Both ways give the ids tokenize + processTerm would.
 */
function createDictionary() {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const idOf = (term: string | null) => {
    if (term === null) return NO_TERM;
    let id = ids.get(term);
    if (id === undefined) {
      id = names.length;
      term = detached(term);
      ids.set(term, id);
      names.push(term);
    }
    return id;
  };
  // The ASCII table: lowercased word → term id or NO_TERM; keys stay alive in `words`.
  let hashes = new Int32Array(1 << 12);
  let values = new Int32Array(1 << 12);
  let words: (string | undefined)[] = new Array<string | undefined>(1 << 12);
  let size = 0;
  const insert = (h: number, word: string, value: number) => {
    const mask = words.length - 1;
    let at = h & mask;
    while (words[at] !== undefined) at = (at + 1) & mask;
    hashes[at] = h;
    values[at] = value;
    words[at] = word;
    size++;
  };
  const grow = () => {
    const old = { hashes, values, words };
    hashes = new Int32Array(2 * old.words.length);
    values = new Int32Array(2 * old.words.length);
    words = new Array<string | undefined>(2 * old.words.length);
    size = 0;
    old.words.forEach((w, at) => w !== undefined && insert(old.hashes[at], w, old.values[at]));
  };
  // Every ASCII word processTerm drops is a stopword or a single letter: known up front.
  for (const w of [...STOPWORDS, ...'abcdefghijklmnopqrstuvwxyz']) insert(hashOf(w), w, NO_TERM);
  return {
    names,
    /** Term id of a word with a character past ASCII (processTerm folds it), or NO_TERM. */
    wordId: (word: string) => idOf(processTerm(word)),
    /**
     * Term id of the ASCII word text[start … end−1], or NO_TERM; `h` is the FNV-1a hash of its
     * lowercased characters.
     */
    asciiWordId(text: string, start: number, end: number, h: number): number {
      const mask = words.length - 1;
      for (let at = h & mask; words[at] !== undefined; at = (at + 1) & mask) {
        if (hashes[at] === h && sameAsciiWord(words[at]!, text, start, end)) return values[at];
      }
      const id = idOf(processTerm(text.slice(start, end)));
      if (id === NO_TERM) return id;
      if (2 * (size + 1) > words.length) grow();
      insert(h, names[id], id);
      return id;
    },
  };
}

type Dictionary = ReturnType<typeof createDictionary>;

/**
 * Calls visit with the term id of every word of text (a maximal run of word units, as
 * WORD_CHARS matches) that is a term, in order; returns how many. ASCII words are hashed as
 * they are scanned.
 */
function forEachTermId(text: string, dict: Dictionary, visit: (id: number) => void): number {
  let terms = 0;
  let start = -1;
  let h = FNV_OFFSET;
  let ascii = true;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (c < 0x80 ? WORD_UNITS[c] === 1 : isWordUnit(c)) {
      if (start < 0) {
        start = i;
        h = FNV_OFFSET;
        ascii = true;
      }
      if (c < 0x80) h = Math.imul(h ^ asciiLower(c), FNV_PRIME);
      else ascii = false;
    } else if (start >= 0) {
      const id = ascii ? dict.asciiWordId(text, start, i, h) : dict.wordId(text.slice(start, i));
      start = -1;
      if (id === NO_TERM) continue;
      visit(id);
      terms++;
    }
  }
  return terms;
}

/**
 * Builds the index in one pass: each article's terms are counted with per-term scratch slots
 * (no Map per article), its postings appended as (term, tf) pairs (the doc is implied by
 * where each doc's pairs end), then a counting sort by term turns them into CSR with the terms
 * in sorted order. O(total terms), and no string per word.
 */
function buildIndex(articles: readonly Article[]): IndexData {
  const dict = createDictionary();
  let lastDoc = new Int32Array(1024).fill(-1);
  let titleCount = new Uint16Array(1024);
  let bodyCount = new Uint16Array(1024);
  const postTerm = new NumberStream((n) => new Uint32Array(n));
  const postTf = new NumberStream((n) => new Uint16Array(n));
  const docEnds = new Uint32Array(articles.length);
  const titleLengths = new Uint32Array(articles.length);
  const bodyLengths = new Uint32Array(articles.length);
  /** The current doc's distinct term ids, in order of first sight. */
  const docTerms: number[] = [];
  let doc = 0;

  const seen = (id: number) => {
    if (id >= lastDoc.length) {
      const length = 2 * lastDoc.length;
      lastDoc = resized(lastDoc, (n) => new Int32Array(n).fill(-1), length);
      titleCount = resized(titleCount, (n) => new Uint16Array(n), length);
      bodyCount = resized(bodyCount, (n) => new Uint16Array(n), length);
    }
    if (lastDoc[id] !== doc) {
      lastDoc[id] = doc;
      titleCount[id] = 0;
      bodyCount[id] = 0;
      docTerms.push(id);
    }
  };
  const inTitle = (id: number) => {
    seen(id);
    titleCount[id] = Math.min(titleCount[id] + 1, 0xffff);
  };
  const inBody = (id: number) => {
    seen(id);
    bodyCount[id] = Math.min(bodyCount[id] + 1, 0xffff);
  };

  for (; doc < articles.length; doc++) {
    const a = articles[doc];
    docTerms.length = 0;
    titleLengths[doc] = forEachTermId(a.title ?? '', dict, inTitle);
    bodyLengths[doc] = forEachTermId(a.body, dict, inBody);
    for (const id of docTerms) {
      postTerm.push(id);
      postTf.push(packTf(titleCount[id], bodyCount[id]));
    }
    docEnds[doc] = postTerm.count;
  }

  // Sorted dictionary: rank[id] is a term's place in it.
  const { names } = dict;
  const order = names.map((_, id) => id).sort((x, y) => (names[x] < names[y] ? -1 : 1));
  const rank = new Uint32Array(names.length);
  order.forEach((id, r) => (rank[id] = r));
  const offsets = new Uint32Array(names.length + 1);
  for (let i = 0; i < postTerm.count; i++) offsets[rank[postTerm.at(i)] + 1]++;
  for (let t = 0; t < names.length; t++) offsets[t + 1] += offsets[t];
  const fill = offsets.slice(0, names.length);
  const docs = new Uint32Array(postTerm.count);
  const tfs = new Uint16Array(postTerm.count);
  for (let d = 0, i = 0; d < articles.length; d++) {
    for (; i < docEnds[d]; i++) {
      const at = fill[rank[postTerm.at(i)]]++;
      docs[at] = d;
      tfs[at] = postTf.at(i);
    }
  }
  return { terms: order.map((id) => names[id]), offsets, docs, tfs, titleLengths, bodyLengths };
}

/** Index of the first term ≥ key in the sorted dictionary. */
function lowerBound(terms: readonly string[], key: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Levenshtein distance of a and b when it is ≤ max, else max + 1. One row, stopped as soon as
 * a whole row exceeds max: most dictionary terms stop after two or three letters.
 */
function boundedDistance(a: string, b: string, max: number, row: Int32Array): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    let rowMin = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      const v = Math.min(above + 1, row[j - 1] + 1, diagonal + (c === b.charCodeAt(j - 1) ? 0 : 1));
      diagonal = above;
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return row[b.length];
}

/** Terms of the dictionary grouped by length (CSR again), for typo lookups. */
function byLength(terms: readonly string[]): { offsets: Uint32Array; ids: Uint32Array } {
  let longest = 0;
  for (const t of terms) longest = Math.max(longest, t.length);
  const offsets = new Uint32Array(longest + 2);
  for (const t of terms) offsets[t.length + 1]++;
  for (let l = 0; l <= longest; l++) offsets[l + 1] += offsets[l];
  const fill = offsets.slice(0, longest + 1);
  const ids = new Uint32Array(terms.length);
  terms.forEach((t, id) => (ids[fill[t.length]++] = id));
  return { offsets, ids };
}

/** A dictionary term a query word stands for, and how much a match on it counts. */
interface Expansion {
  term: number;
  weight: number;
}

interface Engine {
  data: IndexData;
  articles: readonly Article[];
  lengths: { offsets: Uint32Array; ids: Uint32Array };
  /** BM25's length normalisation per article and field, K1·(1 − B + B·length/avg), computed once. */
  titleNorm: Float64Array;
  bodyNorm: Float64Array;
  row: Int32Array;
  scratch: Scratch;
}

/**
 * Per-article accumulators reused by every query (search is synchronous), not four arrays of
 * corpus size allocated per query: at 100k articles that garbage showed up as GC pauses in the
 * p99. Only the entries of the last query's touched articles are reset.
 */
interface Scratch {
  scores: Float64Array;
  /** How many query words article d matched. */
  matchedWords: Uint8Array;
  /** The last query word counted for d, plus one (0: untouched), so a word counts once however many of its expansions match. */
  lastWord: Uint8Array;
  /** Articles with any match, in order of first match; `count` of them are valid. */
  touched: Uint32Array;
  count: number;
}

function createEngine(data: IndexData, articles: readonly Article[]): Engine {
  const n = articles.length;
  let title = 0;
  let body = 0;
  for (let d = 0; d < n; d++) {
    title += data.titleLengths[d];
    body += data.bodyLengths[d];
  }
  const avgTitle = title / Math.max(1, n) || 1;
  const avgBody = body / Math.max(1, n) || 1;
  const titleNorm = new Float64Array(n);
  const bodyNorm = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    titleNorm[d] = K1 * (1 - B + (B * data.titleLengths[d]) / avgTitle);
    bodyNorm[d] = K1 * (1 - B + (B * data.bodyLengths[d]) / avgBody);
  }
  const scratch = { scores: new Float64Array(n), matchedWords: new Uint8Array(n), lastWord: new Uint8Array(n), touched: new Uint32Array(n), count: 0 };
  return { data, articles, lengths: byLength(data.terms), titleNorm, bodyNorm, row: new Int32Array(MAX_QUERY_CHARS + 2), scratch };
}

const postingsOf = (data: IndexData, t: number) => data.offsets[t + 1] - data.offsets[t];

/** The dictionary terms one query word stands for (see the module comment). */
function expand(e: Engine, word: string, isLast: boolean): Expansion[] {
  const { terms } = e.data;
  const out = new Map<number, number>();
  const at = lowerBound(terms, word);
  const exact = terms[at] === word;
  if (exact) out.set(at, 1);
  if (isLast && word.length >= MIN_PREFIX) {
    const found: number[] = [];
    for (let t = exact ? at + 1 : at; t < terms.length && terms[t].startsWith(word); t++) found.push(t);
    found.sort((x, y) => postingsOf(e.data, y) - postingsOf(e.data, x) || x - y);
    for (const t of found.slice(0, MAX_PREFIX_TERMS)) {
      const extra = terms[t].length - word.length;
      out.set(t, (PREFIX_WEIGHT * terms[t].length) / (terms[t].length + 0.3 * extra));
    }
  }
  if (!exact && word.length >= MIN_FUZZY) {
    const max = word.length >= FUZZY_2_FROM ? 2 : 1;
    const { offsets, ids } = e.lengths;
    const from = offsets[Math.min(offsets.length - 1, Math.max(0, word.length - max))];
    const to = offsets[Math.min(offsets.length - 1, word.length + max + 1)];
    for (let k = from; k < to; k++) {
      const t = ids[k];
      const d = boundedDistance(word, terms[t], max, e.row);
      if (d <= max && !out.has(t)) out.set(t, (FUZZY_WEIGHT * terms[t].length) / (terms[t].length + d));
    }
  }
  return [...out].map(([term, weight]) => ({ term, weight }));
}

/** BM25+ of one field; `norm` is the article's titleNorm or bodyNorm. */
const bm25 = (tf: number, norm: number, idf: number) => (tf === 0 ? 0 : idf * (DELTA + (tf * (K1 + 1)) / (tf + norm)));

interface Ranked {
  /** The matching articles: touched[0 … count-1] of the scratch. */
  docs: Uint32Array;
  /** Whether article d is among docs. */
  isMatch: (d: number) => boolean;
  scores: Float64Array;
  /** Expansions per query word, for the terms a hit matched. */
  words: Expansion[][];
}

/**
 * Scores every article matching the query words: AND when some article has them all, else OR.
 * Cost: the postings of the expanded terms, plus one pass over the dictionary terms of similar
 * length for each word that is no term at all.
 */
function rank(e: Engine, query: string): Ranked {
  const tokens = [...new Set(tokenize(query.slice(0, MAX_QUERY_CHARS)))].slice(0, MAX_QUERY_TERMS);
  const n = e.articles.length;
  const words = tokens.map((w, i) => expand(e, w, i === tokens.length - 1));
  const { data, titleNorm, bodyNorm, scratch } = e;
  const { scores, matchedWords, lastWord, touched } = scratch;
  for (let i = 0; i < scratch.count; i++) {
    const d = touched[i];
    scores[d] = 0;
    matchedWords[d] = 0;
    lastWord[d] = 0;
  }
  let count = 0;
  for (let w = 0; w < words.length; w++) {
    for (const { term, weight } of words[w]) {
      const start = data.offsets[term];
      const end = data.offsets[term + 1];
      const idf = Math.log(1 + (n - (end - start) + 0.5) / (end - start + 0.5));
      for (let p = start; p < end; p++) {
        const d = data.docs[p];
        const tf = data.tfs[p];
        if (lastWord[d] !== w + 1) {
          if (lastWord[d] === 0) touched[count++] = d;
          lastWord[d] = w + 1;
          matchedWords[d]++;
        }
        scores[d] += weight * (TITLE_BOOST * bm25(tf >>> TITLE_SHIFT, titleNorm[d], idf) + bm25(tf & BODY_MASK, bodyNorm[d], idf));
      }
    }
  }
  scratch.count = count;
  let all = 0;
  for (let i = 0; i < count; i++) if (matchedWords[touched[i]] === words.length) all++;
  if (all === 0) return { docs: touched.subarray(0, count), isMatch: (d) => lastWord[d] !== 0, scores, words };
  const docs = new Uint32Array(all);
  for (let i = 0, k = 0; i < count; i++) if (matchedWords[touched[i]] === words.length) docs[k++] = touched[i];
  return { docs, isMatch: (d) => lastWord[d] !== 0 && matchedWords[d] === words.length, scores, words };
}

/** Binary search of doc d in a term's postings. */
function hasPosting(data: IndexData, term: number, d: number): boolean {
  let lo = data.offsets[term];
  let hi = data.offsets[term + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (data.docs[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo < data.offsets[term + 1] && data.docs[lo] === d;
}

/** The matched dictionary terms of article d, sorted. */
function matchedTerms(e: Engine, words: Expansion[][], d: number): string[] {
  const out = new Set<string>();
  for (const expansions of words) for (const x of expansions) if (hasPosting(e.data, x.term, d)) out.add(e.data.terms[x.term]);
  return [...out].sort();
}

/** Whether doc x ranks above doc y: higher score, then earlier article. */
const above = (scores: Float64Array, x: number, y: number) => scores[x] > scores[y] || (scores[x] === scores[y] && x < y);

/**
 * The `k` best of docs, best first: one pass keeping a min-heap of k (most docs fail the single
 * comparison with its root), then a sort of those k. O(n + m·log k), m the docs that enter the
 * heap, instead of a heap of all 100k matches.
 */
function topK(docs: Uint32Array, scores: Float64Array, k: number): number[] {
  const heap: number[] = [];
  // Root = the worst kept doc; sift moves x down from i while a child ranks below it.
  const sift = (i: number) => {
    const x = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const c = l + 1 < heap.length && above(scores, heap[l], heap[l + 1]) ? l + 1 : l;
      if (!above(scores, x, heap[c])) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = x;
  };
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    if (heap.length < k) {
      heap.push(d);
      if (heap.length === k) for (let j = (k >>> 1) - 1; j >= 0; j--) sift(j);
    } else if (above(scores, d, heap[0])) {
      heap[0] = d;
      sift(0);
    }
  }
  return heap.sort((x, y) => (above(scores, x, y) ? -1 : 1));
}

/** The engine and articles behind each index made here, for searchIndexPieces. */
const built = new WeakMap<SearchIndex, Engine>();

function wrap(e: Engine): SearchIndex {
  const { articles } = e;
  const byId = new Map(articles.map((a, d) => [a.id, d]));
  const index: SearchIndex = {
    search(query: string, limit = 10): SearchHit[] {
      const max = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 10;
      const { docs, isMatch, scores, words } = rank(e, typeof query === 'string' ? query : '');
      // Several hits of one story collapse to one, so take more than `max` best docs; in the
      // rare case those hold fewer than `max` stories, take four times as many and retry.
      let hits: SearchHit[] = [];
      let shownDocs: number[] = [];
      for (let k = Math.min(docs.length, 4 * max + 16); ; k = Math.min(docs.length, 4 * k)) {
        hits = [];
        shownDocs = [];
        const stories = new Set<string>();
        // Best first: the first hit of a story is its best. A syndicated copy gives way to the
        // canonical copy when that matched too (same text, so the same words match).
        for (const d of topK(docs, scores, k)) {
          if (hits.length === max) break;
          const article = articles[d];
          if (stories.has(article.storyId)) continue;
          stories.add(article.storyId);
          const canonical = article.duplicateOf === null ? undefined : byId.get(article.duplicateOf);
          const shown = canonical !== undefined && isMatch(canonical) ? canonical : d;
          shownDocs.push(shown);
          hits.push({ articleId: articles[shown].id, storyId: article.storyId, score: scores[d], snippet: '', terms: matchedTerms(e, words, shown) });
        }
        if (hits.length === max || k === docs.length) break;
      }
      // Snippets only for the hits returned.
      hits.forEach((hit, i) => (hit.snippet = makeSnippet(articles[shownDocs[i]].body, hit.terms)));
      return hits;
    },
  };
  built.set(index, e);
  return index;
}

export function createSearchIndex(articles: readonly Article[]): SearchIndex {
  return wrap(createEngine(buildIndex(articles), articles));
}

/** Bump when the format, tokenize or processTerm change: older caches then rebuild instead of misleading. */
const INDEX_VERSION = 3;
const MAGIC = 0x52455349; // "RESI"

/** FNV-1a over the articles' ids and content hashes, in order: which texts an index was built from. */
function fingerprint(articles: readonly Article[]): string {
  let h = 0x811c9dc5;
  for (const a of articles) {
    const key = `${a.id}\u0000${a.hash}\u0001`;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return `${INDEX_VERSION}:${articles.length}:${(h >>> 0).toString(16)}`;
}

/**
 * The index as bytes to cache beside the corpus, which loadSearchIndex reads back whole: a header
 * (magic, version, fingerprint of the articles it was built from, so loadSearchIndex can tell a
 * stale cache from a good one), the dictionary as newline-joined UTF-8, then the typed arrays,
 * each 4-byte aligned. Only indexes made here can be saved. Given in the pieces they are made of,
 * for a writer to take one after the other: joined, they were a copy of ~90 MB at 100k, all of it
 * fresh memory, which costs ~4.5 ms a MB to touch on the bench machine.
 */
export function searchIndexPieces(index: SearchIndex): Buffer[] {
  const e = built.get(index);
  if (!e) throw new Error('searchIndexPieces: not an index made by createSearchIndex or loadSearchIndex');
  const { data } = e;
  const print = Buffer.from(fingerprint(e.articles));
  const dict = Buffer.from(data.terms.join('\n'));
  const pad = (n: number) => (4 - (n % 4)) % 4;
  const arrays = [data.offsets, data.docs, data.titleLengths, data.bodyLengths, data.tfs];
  const head = new Uint32Array([MAGIC, INDEX_VERSION, print.length, dict.length, data.terms.length, data.docs.length, e.articles.length]);
  const parts: Buffer[] = [Buffer.from(head.buffer), print, Buffer.alloc(pad(print.length)), dict, Buffer.alloc(pad(dict.length))];
  for (const a of arrays) parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.alloc(pad(a.byteLength)));
  return parts;
}

/** The index in `bytes`, or null when they are not a current index of exactly these articles. */
function readIndex(bytes: Uint8Array, articles: readonly Article[]): IndexData | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 28) return null;
  const u32 = (at: number) => buf.readUInt32LE(at);
  const [magic, version, printLength, dictLength, termCount, postings, docCount] = [0, 4, 8, 12, 16, 20, 24].map(u32);
  if (magic !== MAGIC || version !== INDEX_VERSION || docCount !== articles.length) return null;
  let at = 28;
  const align = () => (at += (4 - (at % 4)) % 4);
  const take = (n: number) => {
    if (at + n > buf.length) throw new Error('truncated');
    const piece = buf.subarray(at, at + n);
    at += n;
    align();
    return piece;
  };
  if (take(printLength).toString() !== fingerprint(articles)) return null;
  const dict = take(dictLength).toString();
  const terms = termCount === 0 ? [] : dict.split('\n');
  // Views when the bytes are a buffer of their own (the snapshot reads the index into one) and
  // aligned: no copy of ~90 MB at 100k. Otherwise copies, which must not pin a larger buffer.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const u32s = (n: number) => {
    const piece = take(n * 4);
    return own && piece.byteOffset % 4 === 0 ? new Uint32Array(piece.buffer, piece.byteOffset, n) : new Uint32Array(new Uint8Array(piece).buffer);
  };
  const offsets = u32s(termCount + 1);
  const docs = u32s(postings);
  const titleLengths = u32s(docCount);
  const bodyLengths = u32s(docCount);
  const tfBytes = take(postings * 2);
  const tfs = own ? new Uint16Array(tfBytes.buffer, tfBytes.byteOffset, postings) : new Uint16Array(new Uint8Array(tfBytes).buffer);
  if (terms.length !== termCount || offsets[termCount] !== postings) return null;
  return { terms, offsets, docs, tfs, titleLengths, bodyLengths };
}

/**
 * Reloads a cached index (a buffer read, no tokenizing). When the bytes are unreadable, of
 * another version, or were built from other articles (ids or content hashes differ), it builds a
 * fresh index from `articles` instead: a bad cache costs time, never wrong results.
 */
export function loadSearchIndex(bytes: Uint8Array | string, articles: readonly Article[]): SearchIndex {
  try {
    const data = typeof bytes === 'string' ? null : readIndex(bytes, articles);
    if (data) return wrap(createEngine(data, articles));
  } catch {
    // Unreadable cache: rebuilt below.
  }
  return createSearchIndex(articles);
}

// ---------------------------------------------------------------------------------------------
// Snippets
// ---------------------------------------------------------------------------------------------

/** Target snippet length in characters; a cut at word boundaries lands within ~160–220. */
export const SNIPPET_CHARS = 200;
/** A sentence end followed by a space: a good place to start a snippet. */
const SENTENCE_BREAK = /[.!?]["”’)]?\s/g;

interface Occurrence {
  start: number;
  end: number;
  term: string;
}

function occurrences(text: string, terms: ReadonlySet<string>): Occurrence[] {
  const out: Occurrence[] = [];
  WORD_CHARS.lastIndex = 0;
  for (let m = WORD_CHARS.exec(text); m; m = WORD_CHARS.exec(text)) {
    const term = processTerm(m[0]);
    if (term && terms.has(term)) out.push({ start: m.index, end: m.index + m[0].length, term });
  }
  return out;
}

/**
 * The window of at most `width` characters with the most distinct matched terms, then the most
 * matches: two pointers over the occurrences, O(n).
 */
function bestWindow(occ: readonly Occurrence[], width: number): { start: number; end: number } {
  const counts = new Map<string, number>();
  let best = { distinct: -1, total: -1, i: 0, j: 0 };
  let i = 0;
  for (let j = 0; j < occ.length; j++) {
    counts.set(occ[j].term, (counts.get(occ[j].term) ?? 0) + 1);
    while (occ[j].end - occ[i].start > width) {
      const left = counts.get(occ[i].term)! - 1;
      if (left) counts.set(occ[i].term, left);
      else counts.delete(occ[i].term);
      i++;
    }
    const total = j - i + 1;
    if (counts.size > best.distinct || (counts.size === best.distinct && total > best.total)) {
      best = { distinct: counts.size, total, i, j };
    }
  }
  return { start: occ[best.i].start, end: occ[best.j].end };
}

/**
 * About SNIPPET_CHARS of `body` around the best window of `terms` (processed terms, as in
 * SearchHit.terms), cut at word boundaries with "…" where text was left out. It starts at the
 * sentence start when that is close enough to keep the matches in. With no match in the body
 * (a title-only hit) it is the body's opening.
 * Example: terms ["cobalt", "congo"] in a 3 KB text → "The Congo produces about 70% of the
 * world's cobalt, most of it shipped to refineries in China for use in battery cathodes. Traders
 * said…".
 */
export function makeSnippet(body: string, terms: readonly string[], width = SNIPPET_CHARS): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text.length <= width) return text;
  const occ = occurrences(text, new Set(terms));
  const span = occ.length ? bestWindow(occ, width) : { start: 0, end: 0 };
  const slack = width - (span.end - span.start);
  let start = 0;
  if (span.start > slack) {
    // The nearest sentence start that still keeps the matches in, else a quarter of the slack.
    start = span.start - Math.floor(slack / 4);
    SENTENCE_BREAK.lastIndex = span.start - slack;
    for (let m = SENTENCE_BREAK.exec(text); m && m.index < span.start; m = SENTENCE_BREAK.exec(text)) {
      start = m.index + m[0].length;
    }
  }
  let end = Math.min(text.length, start + width);
  // Snap both ends to word boundaries, never cutting into the matched span.
  if (start > 0 && text[start - 1] !== ' ') {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < span.start ? space + 1 : span.start;
  }
  if (end < text.length && text[end] !== ' ') {
    const space = text.lastIndexOf(' ', end);
    end = space >= span.end ? space : span.end;
  }
  const piece = text.slice(start, end).replace(/[\s,;:–—-]+$/, '');
  return `${start > 0 ? '…' : ''}${piece}${end < text.length ? '…' : ''}`;
}
