/**
 * A story's headline and 2–3 sentence extractive summary, from its members' clean body
 * sentences. Syndicated copies repeat the same sentences, so exact repeats are collapsed first
 * (one map lookup per sentence): a story of 50 copies costs about one article plus the hashing.
 */
import type { ArticleFacts, CleanArticle } from './types.js';
import { asciiLower, FNV_OFFSET, FNV_PRIME, hashOf, sameAsciiWord } from './word-hash.js';

export interface StorySummary {
  headline: string;
  summary: string[];
  /** Provenance: the article each summary sentence was read from (first member carrying it). */
  summaryFrom: string[];
}

export interface StoryMember {
  article: CleanArticle;
  facts: ArticleFacts;
}

const STOPWORDS = new Set(
  (
    'a an the and or but if then than so of to in on at by for from with without into onto over under about ' +
    'as is are was were be been being has have had do does did will would shall should can could may might must ' +
    'it its this that these those there here which who whom whose what when where why how not no nor also just ' +
    'he she they we you i his her their our your my me him them us one more most other such only own same very ' +
    'said says say after before while during between through against up down out off again further once all any ' +
    'both each few some s t'
  ).split(' '),
);

/**
 * Words: ASCII letters and digits, plus any non-ASCII character outside Latin-1's symbols and
 * General Punctuation (curly quotes and dashes split words). Faster in V8 than \p{L}.
 */
const TOKEN = /[a-z0-9\u00c0-\u1fff\u2070-\uffff]+/g;
const tokens = (text: string): string[] => text.toLowerCase().match(TOKEN) ?? [];

const BULLET = /^[-–—•*·▪●◦►✓]\s*/;
/** Ends like a statement: "." or "!" possibly inside closing quotes or brackets. */
const STATEMENT_END = /[.!…]["'”’)\]]*$/;
/** Starts like a sentence: a capital or digit, possibly after an opening quote or bracket. */
const SENTENCE_START = /^["'“‘(]?[\p{Lu}\p{N}]/u;
const MIN_WORDS = 8;
const MAX_WORDS = 70;

/**
 * A sentence fit for a summary: a statement of 8–70 words, not a heading (no end punctuation),
 * not a bullet, not a question, not a fragment starting mid-sentence.
 */
export function isSummarySentence(sentence: string, wordCount: number): boolean {
  return (
    wordCount >= MIN_WORDS &&
    wordCount <= MAX_WORDS &&
    !BULLET.test(sentence) &&
    SENTENCE_START.test(sentence) &&
    STATEMENT_END.test(sentence)
  );
}

interface Candidate {
  text: string;
  articleId: string;
  /** Order key: member index, then position among that member's sentences. */
  member: number;
  position: number;
  /** Rank among that member's summary-fit sentences: 0 = its lede. */
  leadRank: number;
  /** How many words, repeats included. */
  wordCount: number;
  /** Distinct words, as ids of the story's vocabulary (for the near-repeat test). */
  words: number[];
  /** Distinct content words (stopwords and single letters dropped), in order of first use. */
  content: number[];
  score: number;
}

const MESSY_SPACE = /\s\s|[\n\r\t]|^\s|\s$/;
const DIGIT = /\d/;
/** A word character of TOKEN past ASCII (an accented letter, a CJK character): lowercasing it takes toLowerCase. */
const NON_ASCII_WORD_UNIT = /[\u00c0-\u1fff\u2070-\uffff]/;

/** ASCII letters and digits: what TOKEN matches in an ASCII text once lowercased. */
const isAsciiWordUnit = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** Per word id of the story being summarised: 1 when a content word (written as ids are given). */
let contentFlags = new Uint8Array(1024);
/** Per word id: the stamp of the last list marked. Stamps only grow, so no story clears it. */
let marks = new Int32Array(1024);
let lastStamp = 0;

/**
 * The word table of the story being summarised, open addressing: a slot is the story's when its
 * stamp is the story's, so no story clears it. An ASCII word is looked up straight from its
 * sentence (hashed as it is scanned, compared in place), so it costs no string unless new.
 */
let slotStamps = new Int32Array(4096);
let slotHashes = new Int32Array(4096);
let slotIds = new Int32Array(4096);
let lastVocabulary = 0;

/**
 * The words of one story as small integers: a set of words is then a list of ids, compared by
 * stamping one list's ids in a shared array, where Sets of strings cost a hash per word and
 * an object per set (summaries were ~90 µs per article, most of it building and comparing sets).
 * One story at a time: the flags, marks and word table are shared by all.
 */
class Vocabulary {
  /** Lowercased words by id. */
  private readonly words: string[] = [];
  private readonly stamp = ++lastVocabulary;

  get size(): number {
    return this.words.length;
  }

  /** Id of a lowercased word. */
  id(word: string): number {
    return this.idAt(word, 0, word.length, hashOf(word));
  }

  /**
   * Id of the word text[start … end−1], its ASCII capitals lowercased (any other character must
   * be lowercase already); `h` is the FNV-1a hash of its lowercased characters.
   */
  idAt(text: string, start: number, end: number, h: number): number {
    const mask = slotStamps.length - 1;
    let at = h & mask;
    for (; slotStamps[at] === this.stamp; at = (at + 1) & mask) {
      if (slotHashes[at] === h && sameAsciiWord(this.words[slotIds[at]], text, start, end)) return slotIds[at];
    }
    return this.add(text.slice(start, end).toLowerCase(), h, at);
  }

  /**
   * Appends the ids of a text's words (as `tokens` finds them) to `out`. Words of ASCII letters
   * and digits only, the rest being separators (curly quotes, dashes), are scanned in place;
   * any other text goes through `tokens`.
   */
  idsOf(text: string, out: number[]): void {
    if (NON_ASCII_WORD_UNIT.test(text)) {
      for (const w of tokens(text)) out.push(this.id(w));
      return;
    }
    let start = -1;
    let h = FNV_OFFSET;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0x20;
      if (isAsciiWordUnit(c)) {
        if (start < 0) {
          start = i;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ asciiLower(c), FNV_PRIME);
      } else if (start >= 0) {
        out.push(this.idAt(text, start, i, h));
        start = -1;
      }
    }
  }

  private add(word: string, h: number, at: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id === contentFlags.length) growScratch();
    contentFlags[id] = !STOPWORDS.has(word) && (word.length > 1 || DIGIT.test(word)) ? 1 : 0;
    this.occupy(at, h, id);
    if (2 * this.words.length > slotStamps.length) this.growTable();
    return id;
  }

  /** A table twice the size, holding this story's words only (no other story reads it again). */
  private growTable(): void {
    const size = 2 * slotStamps.length;
    slotStamps = new Int32Array(size);
    slotHashes = new Int32Array(size);
    slotIds = new Int32Array(size);
    const mask = size - 1;
    this.words.forEach((word, id) => {
      const h = hashOf(word);
      let at = h & mask;
      while (slotStamps[at] === this.stamp) at = (at + 1) & mask;
      this.occupy(at, h, id);
    });
  }

  private occupy(at: number, h: number, id: number): void {
    slotStamps[at] = this.stamp;
    slotHashes[at] = h;
    slotIds[at] = id;
  }

  isContent(id: number): boolean {
    return contentFlags[id] === 1;
  }

  /** Distinct ids of a list, in order of first appearance; `keep` filters them. */
  distinct(ids: readonly number[], keep?: (id: number) => boolean): number[] {
    const stamp = ++lastStamp;
    const seen = marks;
    const out: number[] = [];
    for (const id of ids) {
      if (seen[id] === stamp || (keep && !keep(id))) continue;
      seen[id] = stamp;
      out.push(id);
    }
    return out;
  }

  /** Jaccard of two distinct-id lists, as the same ratio of counts a Set comparison gives. */
  jaccard(a: readonly number[], b: readonly number[]): number {
    const stamp = ++lastStamp;
    const inA = marks;
    for (const id of a) inA[id] = stamp;
    let shared = 0;
    for (const id of b) if (inA[id] === stamp) shared++;
    const union = a.length + b.length - shared;
    return union === 0 ? 1 : shared / union;
  }
}

function growScratch(): void {
  const flags = new Uint8Array(contentFlags.length * 2);
  flags.set(contentFlags);
  contentFlags = flags;
  const grown = new Int32Array(marks.length * 2);
  grown.set(marks);
  marks = grown;
}

/** Whether two id lists are equal. */
function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Unique sentences across members in member order, first occurrence kept. */
function collectUnique(members: readonly StoryMember[], vocabulary: Vocabulary): Candidate[] {
  // Exact repeats by their word ids (case, quotes, dashes and spacing do not matter): hash → sequences.
  const seen = new Map<number, number[][]>();
  // Copies repeat sentences verbatim: a raw-string hit skips the tokenising altogether.
  const seenRaw = new Set<string>();
  const isContent = (id: number) => vocabulary.isContent(id);
  const ids: number[] = [];
  const out: Candidate[] = [];
  members.forEach(({ article, facts }, member) => {
    let leadRank = 0;
    facts.sentences.forEach((raw, position) => {
      if (seenRaw.has(raw)) return;
      seenRaw.add(raw);
      const text = MESSY_SPACE.test(raw) ? raw.replace(/\s+/g, ' ').trim() : raw;
      ids.length = 0;
      vocabulary.idsOf(text, ids);
      if (ids.length === 0) return;
      let key = FNV_OFFSET;
      for (const id of ids) key = Math.imul(key ^ id, FNV_PRIME);
      const same = seen.get(key);
      if (same?.some((s) => sameIds(s, ids))) return;
      const sequence = ids.slice();
      if (same) same.push(sequence);
      else seen.set(key, [sequence]);
      const fit = isSummarySentence(text, ids.length);
      out.push({
        text,
        articleId: article.id,
        member,
        position,
        leadRank: fit ? leadRank++ : Number.POSITIVE_INFINITY,
        wordCount: ids.length,
        words: vocabulary.distinct(ids),
        content: vocabulary.distinct(ids, isContent),
        score: 0,
      });
    });
  });
  return out;
}

/** Jaccard on word sets at or above this counts as the same sentence reworded. */
export const NEAR_REPEAT = 0.7;
const WEIGHTS = { centrality: 0.5, lead: 0.35, title: 0.15 };
const OTHER_MEMBER_LEAD = 0.8;

/**
 * Lead-aware centrality, in [0, 1]:
 *   score = 0.5·centrality + 0.35·lead + 0.15·title
 * - centrality: Σ ln(df(w)) / √|C| over the sentence's distinct content words C, where df(w) is
 *   how many of the story's unique sentences use w (words used once add nothing), divided by the
 *   story's best. A sentence made of the words the story keeps returning to is central.
 * - lead: 1 / (1 + r/2), r = the sentence's rank among its article's summary-fit sentences
 *   (lede 1, second 0.67, fifth 0.33): news puts the gist first. ×0.8 outside the lead article
 *   (the first member, the most complete copy), so its lede wins over another outlet's.
 * - title: share of the headline's content words the sentence contains.
 */
function scoreCandidates(candidates: Candidate[], titleWords: readonly number[], vocabulary: Vocabulary): void {
  const df = new Int32Array(vocabulary.size);
  for (const c of candidates) for (const w of c.content) df[w]++;
  const centrality = candidates.map((c) => {
    let sum = 0;
    for (const w of c.content) sum += Math.log(df[w]);
    return c.content.length ? sum / Math.sqrt(c.content.length) : 0;
  });
  const best = centrality.reduce((m, x) => (x > m ? x : m), Number.MIN_VALUE);
  const inTitle = new Uint8Array(vocabulary.size);
  for (const w of titleWords) inTitle[w] = 1;
  candidates.forEach((c, i) => {
    let shared = 0;
    for (const w of c.content) shared += inTitle[w];
    c.score =
      WEIGHTS.centrality * (centrality[i] / best) +
      (WEIGHTS.lead * (c.member === 0 ? 1 : OTHER_MEMBER_LEAD)) / (1 + c.leadRank / 2) +
      WEIGHTS.title * (titleWords.length ? shared / titleWords.length : 0);
  });
}

const MAX_SENTENCES = 3;
/** A third sentence only while the summary stays this short (characters). */
const MAX_SUMMARY_CHARS = 600;

/** Only the best-scored sentences compete in the redundancy-aware pick. */
const POOL = 30;
/** How much overlap with an already picked sentence costs (maximal marginal relevance). */
const REDUNDANCY = 1;

/**
 * Maximal marginal relevance over the top POOL: each step takes the sentence with the best
 * score − 1 · (highest Jaccard of its content words with a picked one), never a near repeat
 * (Jaccard on all words ≥ 0.7), a third one only within MAX_SUMMARY_CHARS. Two ledes of one
 * event from two outlets share many content words, so the second gives way to a sentence that
 * adds something. The picks are returned in reading order: lead article first, by position.
 */
function pick(candidates: Candidate[], vocabulary: Vocabulary): Candidate[] {
  // Each entry keeps its near-repeat flag and highest overlap against the sentences picked so
  // far, updated with each new pick only: the same values as comparing with every pick, at a
  // third fewer Jaccards.
  const pool = [...candidates]
    .sort((a, b) => b.score - a.score || a.member - b.member || a.position - b.position)
    .slice(0, POOL)
    .map((c) => ({ c, out: false, overlap: 0 }));
  const picked: typeof pool = [];
  let chars = 0;
  while (picked.length < MAX_SENTENCES) {
    let best: (typeof pool)[number] | null = null;
    let bestValue = -Infinity;
    for (const entry of pool) {
      if (entry.out) continue;
      if (picked.length >= 2 && chars + entry.c.text.length > MAX_SUMMARY_CHARS) continue;
      const value = entry.c.score - REDUNDANCY * entry.overlap;
      if (value > bestValue) {
        best = entry;
        bestValue = value;
      }
    }
    if (!best) break;
    picked.push(best);
    chars += best.c.text.length;
    best.out = true;
    if (picked.length === MAX_SENTENCES) break;
    for (const entry of pool) {
      if (entry.out) continue;
      if (vocabulary.jaccard(best.c.words, entry.c.words) >= NEAR_REPEAT) entry.out = true;
      else entry.overlap = Math.max(entry.overlap, vocabulary.jaccard(best.c.content, entry.c.content));
    }
  }
  return picked.map((p) => p.c).sort((a, b) => a.member - b.member || a.position - b.position);
}

export const MAX_HEADLINE = 110;
/** Words a cut headline must not end on. */
const DANGLING = new Set(
  'a an the and or but of to in on at by for from with as that which its their his her our is are was were be has have than into over after before while'.split(
    ' ',
  ),
);

/** A final "U.S.", "Inc.", "Jr.", "...": the full stop belongs to the word. */
const ABBREVIATION_END = /(?:\.\S*|\b\p{Lu}\p{L}{0,2})\.$/u;

/**
 * Shortens at a word boundary to at most `max` characters, "…" included, dropping dangling
 * function words and punctuation at the cut. A text that fits loses only a final full stop.
 * Example: "Canada and Germany sign a cobalt supply pact worth $2 billion and agree to …" →
 * "Canada and Germany sign a cobalt supply pact worth $2 billion…" (at max 70).
 */
export function shortenHeadline(text: string, max = MAX_HEADLINE): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return ABBREVIATION_END.test(clean) ? clean : clean.replace(/\.$/, '');
  const words = clean.slice(0, max).split(' ');
  // The last piece may be a word cut in half: drop it.
  if (/[\p{L}\p{N}]/u.test(clean[max])) words.pop();
  const trimPunct = (w: string) => w.replace(/[\s,;:–—\-(“"‘'/&]+$/, '');
  while (words.length > 1 && (DANGLING.has(trimPunct(words.at(-1)!).toLowerCase()) || !trimPunct(words.at(-1)!))) {
    words.pop();
  }
  const cut = trimPunct(words.join(' '));
  return `${cut.length + 1 > max ? cut.slice(0, max - 1) : cut}…`;
}

/**
 * A dateline before the lede ("TOKYO — ", "Springfield, Oregon – ", "Example News (3/4/2025): ")
 * is no headline: up to five capitalised words, then a dash or colon, then a capital.
 */
const DATELINE = /^(?:[\p{Lu}\d(][^\s]*\s?){1,5}(?:\s[—–-]|:)\s+(?=\p{Lu})/u;

export function summarizeStory(members: readonly StoryMember[]): StorySummary {
  const titled = members.find((m) => m.article.title?.trim());
  const vocabulary = new Vocabulary();
  const unique = collectUnique(members, vocabulary);
  const fit = unique.filter((c) => Number.isFinite(c.leadRank));
  // A story with no statement-like sentence (a short notice, a list) still gets its best lines.
  const candidates = fit.length ? fit : unique.filter((c) => c.wordCount >= 3);
  const lede = candidates[0];
  const headline = titled
    ? shortenHeadline(titled.article.title!)
    : lede
      ? shortenHeadline(lede.text.replace(DATELINE, ''))
      : (members[0]?.article.id ?? '');
  const titleWords = vocabulary.distinct(tokens(headline).filter((w) => !STOPWORDS.has(w)).map((w) => vocabulary.id(w)));
  scoreCandidates(candidates, titleWords, vocabulary);
  const picked = pick(candidates, vocabulary);
  return { headline, summary: picked.map((c) => c.text), summaryFrom: picked.map((c) => c.articleId) };
}
