/**
 * Topic relevance: how much an article is about the followed topic (by default rare earths and
 * critical minerals), as a score in [0, 1]. One pass of one precompiled regex over the lowercase
 * text; no NLP.
 */

export interface TopicProfile {
  /** The keywords as configured (lowercase, trimmed), e.g. "rare earth", "lithium". */
  keywords: string[];
  /**
   * One alternation with a capture group per keyword, in `keywords` order: group i + 1 matched
   * ⇒ keyword i. Global, so callers must reset `lastIndex` (scoreRelevance does).
   */
  pattern: RegExp;
}

/**
 * Singular forms are enough: matching tolerates plurals and hyphens ("rare earth" matches
 * "rare earths", "rare-earth", "Rare Earth"). Ambiguous everyday words ("mine", "metal", "ore"
 * in other languages' loanwords…) are left out on purpose: one stray hit in a film review must
 * not make it on topic.
 */
export const DEFAULT_TOPIC_KEYWORDS: readonly string[] = [
  'rare earth',
  'critical mineral',
  'mineral',
  'lithium',
  'cobalt',
  'nickel',
  'graphite',
  'gallium',
  'germanium',
  'antimony',
  'tungsten',
  'manganese',
  'neodymium',
  'dysprosium',
  'terbium',
  'praseodymium',
  'yttrium',
  'lanthanide',
  'magnet',
  'refining',
  'refinery',
  'smelter',
  'mining',
  'miner',
  'export control',
  'supply chain',
  'battery metal',
  'stockpile',
];

const SEPARATOR = '[\\s\\-‐‑–—]+';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Plural-tolerant pattern for one word: "battery" → "batter(?:y|ies)", "controls" →
 * "control(?:s|es)?", "lithium" → "lithium(?:s|es)?" (harmless).
 */
function wordPattern(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${escape(word.slice(0, -1))}(?:y|ies)`;
  const stem = /[^su]s$/.test(word) ? word.slice(0, -1) : word;
  return `${escape(stem)}(?:s|es)?`;
}

/** Words of a phrase joined by spaces or any dash; only the last word takes a plural. */
function phrasePattern(keyword: string): string {
  const words = keyword.split(/[\s\-‐‑–—]+/);
  const last = words.pop()!;
  return [...words.map(escape), wordPattern(last)].join(SEPARATOR);
}

/** One keyword's alternative: its leading word-edge guard (or '') apart, so that alternatives can share it. */
interface Alternative {
  lead: string;
  rest: string;
}

/**
 * Word-edge guards for one keyword, only on edges that are word characters ("c++" has none at
 * its end). `\b` is ~8× faster than Unicode lookarounds in V8 but only knows ASCII word
 * characters, so a profile with any non-ASCII keyword uses lookarounds throughout.
 */
function guarded(keyword: string, unicode: boolean): Alternative {
  const isWordChar = unicode ? (c: string) => /[\p{L}\p{N}_]/u.test(c) : (c: string) => /\w/.test(c);
  const before = unicode ? '(?<![\\p{L}\\p{N}_])' : '\\b';
  const after = unicode ? '(?![\\p{L}\\p{N}_])' : '\\b';
  return { lead: isWordChar(keyword[0]) ? before : '', rest: `(${phrasePattern(keyword)})${isWordChar(keyword.at(-1)!) ? after : ''}` };
}

/**
 * The alternatives in keyword order, each run of neighbours with the same leading guard sharing
 * one: "\b(?:(a)\b|(b)\b)" matches exactly as "\b(a)\b|\b(b)\b" (the guard is zero-width), but
 * V8 tests the guard once per position instead of once per keyword (~1.7× faster scan).
 */
function alternation(alternatives: Alternative[]): string {
  const out: string[] = [];
  for (let i = 0; i < alternatives.length; ) {
    let j = i;
    while (j < alternatives.length && alternatives[j].lead === alternatives[i].lead) j++;
    const rests = alternatives.slice(i, j).map((a) => a.rest).join('|');
    out.push(alternatives[i].lead ? `${alternatives[i].lead}(?:${rests})` : rests);
    i = j;
  }
  return out.join('|');
}

/** `keywords` null → DEFAULT_TOPIC_KEYWORDS (the `TOPIC_KEYWORDS` setting unset). */
export function createTopicProfile(keywords: readonly string[] | null): TopicProfile {
  const list = [...new Set((keywords ?? DEFAULT_TOPIC_KEYWORDS).map((k) => k.trim().toLowerCase()).filter(Boolean))];
  const unicode = !list.every((k) => /^[\x00-\x7f]*$/.test(k));
  // An empty list compiles to a regex that never matches: everything scores 0.
  const alternatives = alternation(list.map((k) => guarded(k, unicode))) || '(?!)';
  return { keywords: list, pattern: new RegExp(alternatives, unicode ? 'gu' : 'g') };
}

/** Which keywords occur (by index) and how many hits in all. */
function countHits(text: string, pattern: RegExp): { hits: number; found: Set<number> } {
  const found = new Set<number>();
  let hits = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    hits++;
    for (let g = 1; g < m.length; g++) {
      if (m[g] !== undefined) {
        found.add(g - 1);
        break;
      }
    }
  }
  return { hits, found };
}

/** Whitespace-separated words: a char-code loop, 5× cheaper than a Unicode word regex. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const isSpace = text.charCodeAt(i) <= 32;
    if (!isSpace && !inWord) words++;
    inWord = !isSpace;
  }
  return words;
}

/**
 * Short texts count as this many words, so one keyword in a 20-word teaser does not read as a
 * dense article.
 */
const MIN_WORDS = 250;
/** Hits per 100 words at which density is ~63% saturated. */
const DENSITY_SCALE = 1.5;
/** Distinct keywords at which coverage is ~63% saturated. */
const COVERAGE_SCALE = 3;
const WEIGHTS = { density: 0.45, coverage: 0.35, title: 0.2 };

/**
 * Score in [0, 1] = 0.45·density + 0.35·coverage + 0.2·title, each part in [0, 1]:
 * - density = 1 − e^(−h/1.5), h = keyword hits per 100 body words (at least 250 words counted);
 * - coverage = 1 − e^(−k/3), k = distinct keywords in title and body;
 * - title = 1 when the title holds a keyword.
 * Worked example: a 400-word lithium-mine story with 10 hits of 4 keywords and "lithium" in the
 * title → 0.45·0.81 + 0.35·0.74 + 0.2 = 0.82; a 500-word match report mentioning "a mining
 * town" once → 0.45·0.13 + 0.35·0.28 = 0.16.
 */
export function scoreRelevance(sentences: readonly string[], title: string | null, profile: TopicProfile): number {
  const body = sentences.join(' ').toLowerCase();
  const inBody = countHits(body, profile.pattern);
  const inTitle = title ? countHits(title.toLowerCase(), profile.pattern) : { hits: 0, found: new Set<number>() };
  const per100 = (inBody.hits * 100) / Math.max(countWords(body), MIN_WORDS);
  const distinct = new Set([...inBody.found, ...inTitle.found]).size;
  const score =
    WEIGHTS.density * (1 - Math.exp(-per100 / DENSITY_SCALE)) +
    WEIGHTS.coverage * (1 - Math.exp(-distinct / COVERAGE_SCALE)) +
    WEIGHTS.title * (inTitle.hits > 0 ? 1 : 0);
  return Math.round(score * 1000) / 1000;
}

/**
 * On topic from 0.3: one passing mention in a long article stays below (≈0.2), a short piece
 * that names the topic in its title or twice in its body passes.
 */
export const ON_TOPIC_THRESHOLD = 0.3;

export const isOnTopic = (score: number): boolean => score >= ON_TOPIC_THRESHOLD;
