/**
 * Boilerplate removal for pages saved as plain text, by general rules on the shape of lines.
 *
 * A saved news page is: a header (site chrome, date bar, weather, headline, "Published", byline),
 * a body (a run of long lines written in sentences), and a footer (sign-off, author, teaser
 * lists of other stories under markers like "Latest" or "Related Articles"). The cleaner
 *   1. classifies every line by its shape (prose, heading, date, byline, prompt, marker…),
 *   2. splits the page at section markers and takes the part carrying the most prose,
 *   3. keeps the run from its first to its last prose "anchor" line (lines that repeat on the
 *      page, reader prompts and truncated teaser blurbs never anchor), then trims teaser
 *      headline + blurb pairs whose words the rest of the body does not share,
 *   4. keeps the sentence lines and bullets of that run, plus a bullet list ("Key Takeaways")
 *      directly above it, and drops everything else, counting each dropped line.
 * One pass per step over the lines: linear in the page's length.
 */
import type { CleanArticle, RawArticle } from './types.js';
import { dateOnlyLine, parseByline, publishedLine, readMetadata, signoffName, splitDatestampPrefix } from './metadata.js';

export type LineKind =
  /** A long line written in sentences: the body is a run of these. */
  | 'prose'
  /** A short line ending like a sentence: "He declined to comment." */
  | 'sentence'
  /** A headline-shaped line: 4+ words, no closing full stop. */
  | 'heading'
  /** A long sentence-case line cut off without punctuation: a teaser blurb. */
  | 'truncated'
  /** "- item", "• item", "1. item". */
  | 'bullet'
  /** One to three words without sentence punctuation: "Published", "on", "Business", "Delhi". */
  | 'label'
  /** Opens a block of other stories: "Latest", "Related Articles", "More from X". */
  | 'marker'
  /** A one-line link to another story: "Read more: …", "Also read: …". */
  | 'related'
  /** "By Jane Roe", "Post by : Jane Roe". */
  | 'byline'
  /** Only a date, or "Published on <date>". */
  | 'date'
  /** "6.1 C", "21°F". */
  | 'weather'
  /** The site addressing the reader: subscribe, bookmark, follow, share, "Connect with us". */
  | 'prompt'
  /** Template debris: "spot_img", "ad_slot-2". */
  | 'token'
  /** "Site.com", "© 2024 Site". */
  | 'signoff'
  /** A headline above the body whose words the body does not share: another story's. */
  | 'teaser';

export type Zone = 'header' | 'body' | 'footer';

export interface ClassifiedLine {
  /** The line as printed, whitespace collapsed. */
  text: string;
  kind: LineKind;
  zone: Zone;
  /** True when the line (or, for a bullet, its text) is a body paragraph. */
  kept: boolean;
}

export interface Cleaned {
  paragraphs: string[];
  removed: string[];
  /** Every non-blank line with its kind and zone: what metadata reads. */
  lines: ClassifiedLine[];
}

// ---- line shape -------------------------------------------------------------------------

const BULLET = /^(?:[-*•·▪◦●‣–—]|\d{1,2}[.)])\s+(?=\S)/;
const WEATHER = /^-?\d{1,3}(?:[.,]\d)?\s*°?\s*[CF]$/;
/** One whitespace-free token with an underscore or a snake/kebab identifier shape. */
const TEMPLATE_TOKEN = /^(?=\S*[_])\S+$|^[a-z]+(?:[-_][a-z0-9]+){2,}$/;
const MARKER =
  /^(?:latest(?: news| posts| stories| articles| updates)?|related(?: articles| posts| stories| news| content| coverage| topics)?|you (?:may|might) (?:also )?(?:like|enjoy)|more (?:from|on|in|stories|news|articles|to read)\b.*|read (?:more|also|next)|also read|see also|trending(?: now| news| stories| topics)?|popular(?: categories| posts| stories| articles| news| now| tags)?|most (?:read|popular|viewed|shared)|top stories|editor'?s? picks|recommended(?: for you| stories| articles)?|topics|tags|categories|comments?|leave a (?:reply|comment)|recent (?:posts|news|stories|articles)|don'?t miss|what to read next|in other news)\s*:?$/i;
const RELATED_LINK = /^(?:read (?:more|also|next)|also read|see also|related|recommended|watch)\s*[:|–—-]\s*\S/i;
/** Words a site uses to address its reader, not words a news story uses. */
const PROMPT_WORDS =
  /\b(?:bookmarks?|subscribe[ds]?|subscription|newsletters?|sign(?:ing)? ?up|log ?in|sign ?in|notified|notifications?|spam|cookies?|follow us|connect with us|share (?:this|on|via)|download (?:our|the) app|whatsapp|telegram|privacy policy|terms of (?:use|service)|all rights reserved|advertisement|sponsored)\b/i;
/** …and the signs that the line talks to the reader: second person, "we/us/our", an imperative. */
const READER_ADDRESS = /\b(?:you|your|we|us|our)\b|^(?:join|subscribe|follow|sign|share|download|click|tap|get|never miss|stay)\b/i;
/** Content words have 4+ letters; the first four stand in for a stem ("signed" ~ "sign"). */
const CONTENT_MIN_LETTERS = 4;
/** Space characters other than " " and newlines, one at a time (a "+" class scan costs more per line). */
const ODD_SPACE = /[\t\v\f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const SPACE_RUN = / {2,}/g;

const PROSE_MIN_WORDS = 8;
const TRUNCATED_MIN_WORDS = 14;
const LABEL_MAX_WORDS = 3;
const PROMPT_MAX_WORDS = 20;

// Character tests by code unit: Unicode-property regexes (\p{L}) cost ~4 µs a line, these ~0.1.

/** A letter of any script: ASCII letters, and code units from U+00C0 except ×, ÷ and general punctuation (’ “ – …). */
function isLetter(c: number): boolean {
  if (c < 0xc0) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return c !== 0xd7 && c !== 0xf7 && (c < 0x2000 || c > 0x206f);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space-separated tokens that contain a letter or digit (lines arrive whitespace-collapsed): "– " is not a word. */
function countWords(text: string): number {
  let words = 0;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) counted = false;
    else if (!counted && (isLetter(c) || isDigit(c))) {
      words++;
      counted = true;
    }
  }
  return words;
}

/** Runs of 4+ letters: "U.S.-Japan rare-earth deal’s" → ["Japan", "rare", "earth", "deal"]. */
function longWords(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const letter = i < text.length && isLetter(text.charCodeAt(i));
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      if (i - start >= CONTENT_MIN_LETTERS) out.push(text.slice(start, i));
      start = -1;
    }
  }
  return out;
}

const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']']);
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', ':', ';']);

/** Ends like a sentence, allowing closing quotes and brackets: `…world.”`, `…(2024).`, `…follows:`. */
function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.has(text[i])) i--;
  return i >= 0 && SENTENCE_ENDS.has(text[i]);
}

/** Most long words capitalised: "US-Japan Sign Rare Earth Deal to Counter China’s Dominance". One scan, no slices. */
function isTitleCase(text: string): boolean {
  let words = 0;
  let capitalised = 0;
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const letter = i < text.length && isLetter(text.charCodeAt(i));
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      if (i - start >= CONTENT_MIN_LETTERS) {
        words++;
        if (text[start] !== text[start].toLowerCase()) capitalised++;
      }
      start = -1;
    }
  }
  return words >= 2 && capitalised / words >= 0.6;
}

/** The site talking to its reader (subscribe, bookmark, follow, "Connect with us"), not the story. */
function isReaderPrompt(text: string, words: number): boolean {
  return words <= PROMPT_MAX_WORDS && PROMPT_WORDS.test(text) && (words <= 4 || READER_ADDRESS.test(text));
}

/** Chrome and metadata lines are all shorter than this; longer lines skip those tests. */
const CHROME_MAX_CHARS = 160;

/** The specific chrome and metadata shapes of a short line, most specific first; null for none. */
function chromeKind(text: string, words: number): LineKind | null {
  if (WEATHER.test(text)) return 'weather';
  if (dateOnlyLine(text) || publishedLine(text)) return 'date';
  if (parseByline(text)) return 'byline';
  if (MARKER.test(text) && words <= 6) return 'marker';
  if (RELATED_LINK.test(text) && words <= 20) return 'related';
  if (isReaderPrompt(text, words)) return 'prompt';
  if (TEMPLATE_TOKEN.test(text)) return 'token';
  if (signoffName(text) && words <= 8) return 'signoff';
  return null;
}

/** The kind of one line from its shape alone: chrome and metadata shapes first, then sentence / heading / label. */
export function classifyLine(text: string): LineKind {
  if (BULLET.test(text)) return 'bullet';
  const words = countWords(text);
  const chrome = text.length <= CHROME_MAX_CHARS ? chromeKind(text, words) : null;
  if (chrome) return chrome;
  const ended = endsSentence(text);
  const titled = isTitleCase(text);
  // A title-case line ending in "?", "!" or ":" is a headline: "Can Canada Break China’s Grip?".
  const headline = titled && !text.endsWith('.');
  if (ended && !headline) return words >= PROSE_MIN_WORDS && !titled ? 'prose' : 'sentence';
  if (words <= LABEL_MAX_WORDS) return 'label';
  return words >= TRUNCATED_MIN_WORDS && !titled ? 'truncated' : 'heading';
}

// ---- lines ------------------------------------------------------------------------------

/**
 * Trimmed lines, whitespace collapsed, with hard-wrapped sentences joined: a line that does
 * not end a sentence continues when the next line starts in lower case ("…said the / company").
 * Blank lines become "".
 */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.replace(ODD_SPACE, ' ').split(/\r\n?|\n/)) {
    let line = rawLine.trim();
    if (line.includes('  ')) line = line.replace(SPACE_RUN, ' ');
    const last = out.length - 1;
    const joins =
      line !== '' && last >= 0 && out[last] !== '' && line[0] !== line[0].toUpperCase() &&
      !endsSentence(out[last]) && countWords(out[last]) >= 6;
    if (joins) out[last] = `${out[last]} ${line}`;
    else out.push(line);
  }
  return out;
}

/** Lines (lower-cased keys) that occur more than once on the page: teaser lists are often printed twice. */
function findRepeated(keys: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const key of keys) {
    if (key === '') continue;
    if (seen.has(key)) repeated.add(key);
    else seen.add(key);
  }
  return repeated;
}

/**
 * The body's first and last anchor (indices into lines) in the marker-delimited part of the
 * page that carries the most anchor text; null when the page has no prose at all.
 */
function findBodyRun(lines: readonly string[], kinds: readonly LineKind[], anchors: readonly boolean[]): [number, number] | null {
  let best: [number, number] | null = null;
  let bestMass = 0;
  let start = -1;
  let end = -1;
  let mass = 0;
  const close = () => {
    if (mass > bestMass) [best, bestMass] = [[start, end], mass];
    [start, end, mass] = [-1, -1, 0];
  };
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] === 'marker') close();
    else if (anchors[i]) {
      if (start < 0) start = i;
      end = i;
      mass += lines[i].length;
    }
  }
  close();
  return best;
}

function contentStems(text: string): string[] {
  return longWords(text.toLowerCase()).map((w) => w.slice(0, CONTENT_MIN_LETTERS));
}

/** Word stems of the body run with their counts, so a line's overlap with "the rest" is O(line). */
function countStems(lines: readonly string[], from: number, to: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = from; i <= to; i++) for (const s of contentStems(lines[i])) counts.set(s, (counts.get(s) ?? 0) + 1);
  return counts;
}

/**
 * Share of a text's stems that also occur elsewhere in the body. When the text lies inside the
 * counted run (inRun), its own occurrences are discounted: a teaser does not vouch for itself.
 */
function overlapWithBody(text: string, body: ReadonlyMap<string, number>, inRun: boolean): number {
  const stems = contentStems(text);
  if (stems.length === 0) return 1;
  const own = new Map<string, number>();
  if (inRun) for (const s of stems) own.set(s, (own.get(s) ?? 0) + 1);
  const shared = stems.filter((s) => (body.get(s) ?? 0) > (own.get(s) ?? 0)).length;
  return shared / stems.length;
}

/** Below this share of shared words, a headline + blurb pair is about another story. */
const TEASER_MAX_OVERLAP = 0.35;
/** A lone pair at the end may be the article's last section; two or more in a row are a teaser list. */
const TEASER_MIN_PAIRS = 2;

const TEASER_HEADLINE: ReadonlySet<LineKind> = new Set(['heading', 'label']);
const TEASER_BLURB: ReadonlySet<LineKind> = new Set(['prose', 'sentence', 'truncated']);

/**
 * Moves the body's last anchor back over a tail of teaser pairs (short headline, one-line
 * blurb, few words shared with the rest of the body), for pages that list other stories under
 * the article without a "Latest"/"Related" marker. Returns the new last index.
 */
function trimTeaserTail(
  lines: readonly string[],
  kinds: readonly LineKind[],
  anchors: readonly boolean[],
  [start, end]: [number, number],
  body: () => ReadonlyMap<string, number>,
): number {
  const nonBlank: number[] = [];
  for (let i = end; i >= start; i--) if (lines[i] !== '') nonBlank.push(i);
  let pairs = 0;
  while (2 * pairs + 1 < nonBlank.length) {
    const blurb = nonBlank[2 * pairs];
    const headline = nonBlank[2 * pairs + 1];
    const isPair = TEASER_BLURB.has(kinds[blurb]) && TEASER_HEADLINE.has(kinds[headline]);
    if (!isPair || overlapWithBody(`${lines[headline]} ${lines[blurb]}`, body(), true) >= TEASER_MAX_OVERLAP) break;
    pairs++;
  }
  if (pairs < TEASER_MIN_PAIRS) return end;
  const firstTeaser = nonBlank[2 * pairs - 1];
  let last = firstTeaser - 1;
  while (last > start && !anchors[last]) last--;
  return last;
}

/** A bullet list directly above the body ("Key Takeaways"): where it starts, or start itself. */
function bulletsAbove(lines: readonly string[], kinds: readonly LineKind[], start: number): number {
  let first = start;
  for (let i = start - 1; i >= 0; i--) {
    if (lines[i] === '') continue;
    if (kinds[i] !== 'bullet' || countWords(lines[i]) < 4) break;
    first = i;
  }
  return first;
}

/** Header lines shaped like headlines whose words the body does not share are other stories. */
function markHeaderTeasers(lines: ClassifiedLine[], body: () => ReadonlyMap<string, number>): void {
  for (const line of lines) {
    if (line.zone === 'header' && line.kind === 'heading' && overlapWithBody(line.text, body(), false) < TEASER_MAX_OVERLAP) {
      line.kind = 'teaser';
    }
  }
}

/** Inside the body run: sentences, long unpunctuated text and bullets are the article; the rest is chrome. */
const BODY_KINDS: ReadonlySet<LineKind> = new Set(['prose', 'sentence', 'truncated', 'bullet']);

/** The paragraph a kept line contributes: bullets lose their bullet, the first line its "Site (date):" prefix. */
function paragraphText(line: ClassifiedLine, isFirst: boolean): string {
  if (line.kind === 'bullet') return line.text.replace(BULLET, '');
  return isFirst ? (splitDatestampPrefix(line.text)?.rest ?? line.text) : line.text;
}

export function cleanText(text: string): Cleaned {
  const all = splitLines(text);
  const keys = all.map((l) => l.toLowerCase());
  const kinds = all.map((l) => (l === '' ? 'label' : classifyLine(l)));
  const repeated = findRepeated(keys);
  // A line the body may start or end on: long sentence text, printed once on the page.
  const anchors = kinds.map((k, i) => k === 'prose' && !repeated.has(keys[i]));
  const run = findBodyRun(all, kinds, anchors);
  let [start, end] = run ?? [all.length, -1];
  let stems: Map<string, number> | undefined;
  // Counted once, on first need: most pages never ask.
  const bodyStems = () => (stems ??= run ? countStems(all, run[0], run[1]) : new Map());
  if (run) {
    end = trimTeaserTail(all, kinds, anchors, run, bodyStems);
    start = bulletsAbove(all, kinds, start);
  }

  const lines: ClassifiedLine[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    if (all[i] === '') continue;
    const zone: Zone = i < start ? 'header' : i > end ? 'footer' : 'body';
    const key = keys[i];
    const kept = zone === 'body' && BODY_KINDS.has(kinds[i]) && !seen.has(key) && (kinds[i] !== 'bullet' || countWords(all[i]) >= 3);
    if (kept) seen.add(key);
    lines.push({ text: all[i], kind: kinds[i], zone, kept });
  }
  markHeaderTeasers(lines, bodyStems);

  const paragraphs: string[] = [];
  const removed: string[] = [];
  for (const line of lines) {
    if (line.kept) paragraphs.push(paragraphText(line, paragraphs.length === 0));
    else removed.push(line.text);
  }
  return { paragraphs, removed, lines };
}

export function cleanArticle(raw: RawArticle): CleanArticle {
  const cleaned = cleanText(raw.text);
  const meta = readMetadata(raw, cleaned);
  return {
    id: raw.id,
    file: raw.file,
    hash: raw.hash,
    url: raw.url,
    ...meta,
    paragraphs: cleaned.paragraphs,
    body: cleaned.paragraphs.join('\n\n'),
    removedLines: cleaned.removed.length,
    removed: cleaned.removed,
  };
}
