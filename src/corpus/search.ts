/**
 * Full-text search over the corpus: minisearch (BM25) over title + clean body, prefix and typo
 * tolerant, one hit per story with a snippet around the matched words.
 *
 * Building the index is the slow part at scale (see serializeSearchIndex / loadSearchIndex):
 * the caller can cache it and reload it when the same articles come back.
 */
import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import type { Article, SearchHit, SearchIndex } from './types.js';

interface Doc {
  id: string;
  title: string;
  body: string;
}

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

const asIs = (term: string) => term;

/**
 * Title matches weigh 3× body matches; a query word of 3+ letters also matches as a prefix
 * ("refin" → "refining"), one of 4+ letters with up to 20% typos ("lithum" → "lithium").
 * tokenize already processes terms, so minisearch's own processTerm step passes them through.
 */
const OPTIONS: Options<Doc> = {
  fields: ['title', 'body'],
  storeFields: [],
  tokenize,
  processTerm: asIs,
  searchOptions: {
    boost: { title: 3 },
    prefix: (term) => term.length >= 3,
    fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
    maxFuzzy: 2,
  },
};

/** Queries are validated by the command; this only bounds the work an odd caller can cause. */
const MAX_QUERY_CHARS = 500;

const toDoc = (a: Article): Doc => ({ id: a.id, title: a.title ?? '', body: a.body });

/** The engine and articles behind each index made here, for serializeSearchIndex. */
const built = new WeakMap<SearchIndex, { engine: MiniSearch<Doc>; articles: readonly Article[] }>();

/** Search with AND (every word must match), falling back to OR when AND finds nothing. */
function runQuery(engine: MiniSearch<Doc>, query: string): SearchResult[] {
  const q = query.slice(0, MAX_QUERY_CHARS);
  const all = engine.search(q, { combineWith: 'AND' });
  return all.length ? all : engine.search(q, { combineWith: 'OR' });
}

function wrap(engine: MiniSearch<Doc>, articles: readonly Article[]): SearchIndex {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const index: SearchIndex = {
    search(query: string, limit = 10): SearchHit[] {
      const max = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 10;
      const results = runQuery(engine, typeof query === 'string' ? query : '');
      const matched = new Map(results.map((r) => [String(r.id), r]));
      const hits: SearchHit[] = [];
      const stories = new Set<string>();
      // Results come best first: the first hit of a story is its best. A syndicated copy gives
      // way to the canonical copy when that matched too (same text, so the same words match).
      for (const r of results) {
        if (hits.length === max) break;
        const article = byId.get(String(r.id));
        if (!article || stories.has(article.storyId)) continue;
        stories.add(article.storyId);
        const shown = article.duplicateOf && matched.has(article.duplicateOf) ? byId.get(article.duplicateOf) : undefined;
        const shownArticle = shown ?? article;
        const terms = [...new Set(matched.get(shownArticle.id)!.terms)].sort();
        hits.push({
          articleId: shownArticle.id,
          storyId: article.storyId,
          score: r.score,
          snippet: makeSnippet(shownArticle.body, terms),
          terms,
        });
      }
      return hits;
    },
  };
  built.set(index, { engine, articles });
  return index;
}

export function createSearchIndex(articles: readonly Article[]): SearchIndex {
  const engine = new MiniSearch<Doc>(OPTIONS);
  engine.addAll(articles.map(toDoc));
  return wrap(engine, articles);
}

/** Bump when OPTIONS or processTerm change: older caches then rebuild instead of misleading. */
const INDEX_VERSION = 2;

/** FNV-1a over the articles' ids and content hashes: which texts an index was built from. */
function fingerprint(articles: readonly Article[]): string {
  let h = 0x811c9dc5;
  for (const key of articles.map((a) => `${a.id}\u0000${a.hash}`).sort()) {
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x0a, 0x01000193);
  }
  return `${INDEX_VERSION}:${articles.length}:${(h >>> 0).toString(16)}`;
}

interface SavedIndex {
  fingerprint: string;
  index: AsPlainObject;
}

/**
 * The index as JSON, to cache beside the corpus. Only indexes made here can be saved: the
 * articles they were built from are part of the file (as a fingerprint), so loadSearchIndex can
 * tell a stale cache from a good one.
 */
export function serializeSearchIndex(index: SearchIndex): string {
  const made = built.get(index);
  if (!made) throw new Error('serializeSearchIndex: not an index made by createSearchIndex or loadSearchIndex');
  return `{"fingerprint":${JSON.stringify(fingerprint(made.articles))},"index":${JSON.stringify(made.engine)}}`;
}

/**
 * Reloads a cached index (several times faster than building). When the JSON is unreadable, of
 * another version, or was built from other articles (ids or content hashes differ), it builds a
 * fresh index from `articles` instead: a bad cache costs time, never wrong results.
 */
export function loadSearchIndex(json: string, articles: readonly Article[]): SearchIndex {
  try {
    const saved = JSON.parse(json) as SavedIndex;
    if (saved?.fingerprint === fingerprint(articles)) return wrap(MiniSearch.loadJS(saved.index, OPTIONS), articles);
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
