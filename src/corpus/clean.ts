/**
 * Boilerplate removal for pages saved as plain text, by general rules on the shape of lines.
 *
 * A saved news page is: a header (site chrome, date bar, weather, headline, "Published", byline),
 * a body (a run of long lines written in sentences), and a footer (sign-off, author, teaser
 * lists of other stories under markers like "Latest" or "Related Articles"). The cleaner
 *   1. classifies every line by its shape (prose, heading, date, byline, stamp, credit, prompt,
 *      marker…),
 *   2. turns markers that open a box of links inside the article ("Related" + headlines, then the
 *      article again) into dropped lines, so they do not end the body,
 *   3. splits the page at the remaining section markers and takes the part carrying the most prose,
 *   4. keeps the run from its first to its last prose "anchor" line (lines that repeat on the
 *      page, reader prompts and truncated teaser blurbs never anchor), then trims teaser
 *      headline + blurb pairs whose words the rest of the body does not share, below the
 *      article and above it,
 *   5. keeps the sentence lines and bullets of that run, plus a bullet list ("Key Takeaways")
 *      directly above it, and drops everything else, counting each dropped line; headlines
 *      inside the run are kept apart as subheadings.
 * One pass per step over the lines (a box looks ahead a few lines): linear in the page's length.
 */
import type { CleanArticle, RawArticle, Subheading } from './types.js';
import { dateOnlyLine, parseByline, publishedLine, readMetadata, signoffName, splitDateline, UNDER_HEADLINE } from './metadata.js';

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
  /** A link to another story inside the body: "Read more: …", or a "Related" box and its headlines. */
  | 'related'
  /** "By Jane Roe", "Post by : Jane Roe". */
  | 'byline'
  /** Only a date, or "Published on <date>". */
  | 'date'
  /** A time without a date or a reading time: "Updated 3 hours ago", "5 min read". */
  | 'stamp'
  /** A media or production credit, or a photo caption ending in one: "Image: Getty Images", "Editing by Tom Brown". */
  | 'credit'
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
  /** Also counted in removed: they are not paragraphs. */
  subheadings: Subheading[];
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
  /^(?:\d+ (?:comments?|responses?|replies)|(?:tags|topics|filed under|categories|keywords|suggested topics)\s*:.*|latest(?: news| posts| stories| articles| updates)?|related(?: articles| posts| stories| news| content| coverage| topics)?|you (?:may|might) (?:also )?(?:like|enjoy)|more (?:from|on|in|stories|news|articles|to read)\b.*|read (?:more|also|next)|also read|see also|trending(?: now| news| stories| topics)?|popular(?: categories| posts| stories| articles| news| now| tags)?|most (?:read|popular|viewed|shared)|top stories|editor'?s? picks|recommended(?: for you| stories| articles)?|topics|tags|categories|comments?|leave a (?:reply|comment)|recent (?:posts|news|stories|articles)|don'?t miss|what to read next|in other news)\s*:?$/i;
const RELATED_LINK = /^(?:read (?:more|also|next)|also read|see also|related|recommended|watch)\s*[:|–—-]\s*\S/i;
/** A link label that says where it opens: "Purchase Licensing Rights, opens new tab". */
const OPENS_NEW_TAB = /\bopens? (?:in )?(?:a )?new (?:tab|window)\W*$/i;
/** A consent banner: cookies and the site's "we/you", at any length a banner runs to. */
const COOKIE_WORDS = /\bcookies?\b/i;
const COOKIE_BANNER_MAX_WORDS = 60;
/**
 * A time that is not a date, or a reading time: "Updated 3 hours ago", "2 hrs ago", "5 min read",
 * "Reading time: 4 minutes". They say nothing about the story, and no day can be read from them.
 */
const STAMP =
  /^(?:(?:last )?(?:updated|published|posted|edited)\s*:?\s*)?(?:(?:\d+|an?|one)\s+(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?)\s+ago|just now|yesterday|today)$|^\d+\s*(?:-\s*)?(?:min(?:ute)?s?)\.?\s+read(?:ing time)?$|^(?:reading|read) time\s*:?\s*\d+\s*min(?:ute)?s?$/i;
/** A line that is only a media credit: "Image: Getty Images", "Photo by Jane Roe/Reuters", "(Credit: Site)". */
const MEDIA_CREDIT = /^\(?(?:image|photo(?:graph)?|picture|illustration|video|credit|file photo)s?(?:\s+credit)?\s*(?::|by\b)\s*\S/i;
/**
 * The credit a photo caption ends with: "…in January 2026. REUTERS/Jane Roe/File Photo",
 * "…(Photo by Jane Roe/AFP via Getty Images)", "…Photograph: Jane Roe/Bloomberg". Agency names
 * alone are not enough ("…, according to AFP." is a sentence): the slash or the label is.
 */
const CAPTION_CREDIT =
  /(?:\(?(?:image|photo(?:graph)?|picture|illustration|credit)s?(?:\s+credit)?\s*(?::|by\b)[^()]{2,80}\)?|\b(?:[A-Z]{2,}(?: PHOTO| Photo| Images)?|AP Photo)\/[A-Z][^/]{1,40}(?:\/[^/]{1,30})?|\bvia Getty Images\)?)\.?$/;
/** Captions are rarely longer; the credit tail is looked for in the last characters only. */
const CAPTION_MAX_CHARS = 400;
const CREDIT_TAIL_CHARS = 100;
/** Production credits under a wire story: "Editing by Tom Brown", "Additional reporting by Li Wei". */
const PRODUCTION_CREDIT = /^(?:additional reporting|reporting|writing|editing|compiled|produced|graphics?|research|translated)(?:\s+and\s+\w+)?\s+by\s/i;
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

/** Kana and CJK ideographs: scripts written without spaces, where one character stands for about a word. */
function isIdeograph(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * Space-separated tokens that contain a letter or digit (lines arrive whitespace-collapsed): "– " is
 * not a word. Each ideograph counts as a word, so a Chinese sentence is as long as it reads.
 */
function countWords(text: string): number {
  let words = 0;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) counted = false;
    else if (c >= 0x3040 && isIdeograph(c)) {
      words++;
      counted = false;
    } else if (!counted && (isLetter(c) || isDigit(c))) {
      words++;
      counted = true;
    }
  }
  return words;
}

/**
 * The first four letters of each run of 4+ letters: "U.S.-Japan rare-earth deal’s" → ["Japa",
 * "rare", "eart", "deal"]. Cut straight from the text: no string per whole word.
 */
function longWordStems(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const letter = i < text.length && isLetter(text.charCodeAt(i));
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      if (i - start >= CONTENT_MIN_LETTERS) out.push(text.slice(start, start + CONTENT_MIN_LETTERS));
      start = -1;
    }
  }
  return out;
}

const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '」', '』', '）']);
/** Latin, CJK full-width, Devanagari danda and Urdu full stops. */
const SENTENCE_ENDS = new Set(['.', '!', '?', '…', ':', ';', '。', '！', '？', '；', '：', '।', '۔']);

/** Ends like a sentence, allowing closing quotes and brackets: `…world.”`, `…(2024).`, `…follows:`. */
function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.has(text[i])) i--;
  return i >= 0 && SENTENCE_ENDS.has(text[i]);
}

/** A code unit that lower-casing changes; ASCII without building a one-letter string. */
function isCapital(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 0x80 ? c >= 65 && c <= 90 : text[i] !== text[i].toLowerCase();
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
        if (isCapital(text, start)) capitalised++;
      }
      start = -1;
    }
  }
  return words >= 2 && capitalised / words >= 0.6;
}

/**
 * The site talking to its reader (subscribe, bookmark, follow, "Connect with us", a cookie banner,
 * a link that "opens new tab"), not the story.
 */
function isReaderPrompt(text: string, words: number): boolean {
  if (OPENS_NEW_TAB.test(text)) return true;
  if (words <= PROMPT_MAX_WORDS && PROMPT_WORDS.test(text) && (words <= 4 || READER_ADDRESS.test(text))) return true;
  return words <= COOKIE_BANNER_MAX_WORDS && COOKIE_WORDS.test(text) && READER_ADDRESS.test(text);
}

/** A photo caption that ends with its credit, or a line that is only a credit; both say who took a picture, not what happened. */
function isCredit(text: string): boolean {
  if (text.length > CAPTION_MAX_CHARS) return false;
  if (MEDIA_CREDIT.test(text) || PRODUCTION_CREDIT.test(text)) return true;
  return CAPTION_CREDIT.test(text.length > CREDIT_TAIL_CHARS ? text.slice(-CREDIT_TAIL_CHARS) : text);
}

/** A copyright notice runs on ("…All rights reserved. This material may not be published…") and is still one. */
const COPYRIGHT_START = /^(?:©|\(c\)|copyright\b)/i;

/** Chrome and metadata lines are all shorter than this; longer lines skip those tests. */
const CHROME_MAX_CHARS = 160;

/** The specific chrome and metadata shapes of a short line, most specific first; null for none. */
function chromeKind(text: string, words: number): LineKind | null {
  if (WEATHER.test(text)) return 'weather';
  if (parseByline(text)) return 'byline';
  if (dateOnlyLine(text) || publishedLine(text)) return 'date';
  if (STAMP.test(text)) return 'stamp';
  if (MARKER.test(text) && words <= 6) return 'marker';
  if (RELATED_LINK.test(text) && words <= 20) return 'related';
  if (isReaderPrompt(text, words)) return 'prompt';
  if (TEMPLATE_TOKEN.test(text)) return 'token';
  if ((words <= 8 || COPYRIGHT_START.test(text)) && signoffName(text)) return 'signoff';
  return null;
}


/** The kind of one line from its shape alone: chrome and metadata shapes first, then sentence / heading / label. */
export function classifyLine(text: string): LineKind {
  if (BULLET.test(text)) return 'bullet';
  const words = countWords(text);
  const chrome = text.length <= CHROME_MAX_CHARS ? chromeKind(text, words) : null;
  if (chrome) return chrome;
  if (isCredit(text)) return 'credit';
  const ended = endsSentence(text);
  const titled = isTitleCase(text);
  // A title-case line ending in "?", "!" or ":" is a headline: "Can Canada Break China’s Grip?".
  const headline = titled && !text.endsWith('.');
  if (ended && !headline) return words >= PROSE_MIN_WORDS && !titled ? 'prose' : 'sentence';
  if (words <= LABEL_MAX_WORDS) return 'label';
  return words >= TRUNCATED_MIN_WORDS && !titled ? 'truncated' : 'heading';
}

/**
 * Kinds of short lines already classified. Site chrome ("Home", "Subscribe", "Share this article")
 * repeats across a site's pages, and a short line runs every chrome test; the kind depends on the
 * text alone. Cleared when full, so memory stays bounded whatever the corpus.
 */
const shortKinds = new Map<string, LineKind>();
const SHORT_KINDS_MAX = 20_000;

function kindOf(text: string): LineKind {
  if (text.length > CHROME_MAX_CHARS) return classifyLine(text);
  let kind = shortKinds.get(text);
  if (kind === undefined) {
    kind = classifyLine(text);
    if (shortKinds.size >= SHORT_KINDS_MAX) shortKinds.clear();
    // A copy as the key: a line cut from the page would keep the whole page's text alive.
    shortKinds.set(JSON.parse(JSON.stringify(text)) as string, kind);
  }
  return kind;
}

// ---- lines ------------------------------------------------------------------------------

/**
 * Trimmed lines, whitespace collapsed, with hard-wrapped sentences joined: a line that does
 * not end a sentence continues when the next line starts in lower case ("…said the / company").
 * Blank lines become "".
 */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  const spaced = text.replace(ODD_SPACE, ' ');
  // A string separator splits several times faster than a pattern; most pages have no \r.
  for (const rawLine of spaced.includes('\r') ? spaced.split(/\r\n?|\n/) : spaced.split('\n')) {
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

/** Index of the nearest non-blank line after (step 1) or before (step -1) i; -1 when none. */
function nonBlankFrom(lines: readonly string[], i: number, step: 1 | -1): number {
  for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j] !== '') return j;
  return -1;
}

/** The markers that open a box of links inside an article; "Latest", "Most read" or "Comments" open page sections. */
const BOX_MARKER =
  /^(?:related(?: articles| stories| coverage| content| news| posts| reading)?|read (?:more|also|next)|also read|see also|recommended(?: for you| stories| articles)?|more on (?:this|that)(?: story| topic)?)\s*:?$/i;
/** A box of links inside the body holds at most this many headline lines. */
const BOX_MAX_LINES = 4;
const BOX_LINE: ReadonlySet<LineKind> = new Set(['heading', 'label', 'related', 'bullet', 'truncated']);

/**
 * Where the article resumes after a marker that opens a box of links inside the body, or -1 when
 * the marker really ends the body. Worked example:
 *   "…paragraph. / Related / Lithium slumps to a four-year low / Zambia signs copper deal / Traders said…. / The ministry…."
 * The article goes on when a box marker ("Related", "Read more", "See also") follows a body
 * paragraph and, after at most four headline lines, two prose paragraphs follow in a row: a
 * teaser list below the article alternates headline and blurb, so it never does. (Word overlap
 * cannot decide it: one paragraph shares too few words with the few above it.)
 */
function resumeAfterBox(lines: readonly string[], kinds: readonly LineKind[], anchors: readonly boolean[], marker: number): number {
  if (!BOX_MARKER.test(lines[marker])) return -1;
  const before = nonBlankFrom(lines, marker, -1);
  if (before < 0 || !anchors[before]) return -1;
  let resume = nonBlankFrom(lines, marker, 1);
  for (let headlines = 0; resume >= 0 && !anchors[resume]; headlines++) {
    if (!BOX_LINE.has(kinds[resume]) || headlines === BOX_MAX_LINES) return -1;
    resume = nonBlankFrom(lines, resume, 1);
  }
  const second = resume < 0 ? -1 : nonBlankFrom(lines, resume, 1);
  return second >= 0 && anchors[second] ? resume : -1;
}

/**
 * Turns markers that open a box of links inside the body, and the box's headlines, into
 * 'related' lines: dropped from the body, which runs on across them instead of ending there.
 */
function bridgeInlineBoxes(lines: readonly string[], kinds: LineKind[], anchors: readonly boolean[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'marker') continue;
    const resume = resumeAfterBox(lines, kinds, anchors, i);
    for (let j = i; j < resume; j++) if (lines[j] !== '') kinds[j] = 'related';
  }
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
  return longWordStems(text.toLowerCase());
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
 * How many (headline, blurb) teaser pairs open `seq` (line indexes in reading order, or reversed
 * when scanning up from the tail: then each pair meets its blurb first). A pair counts while both
 * lines have teaser shapes and share few words with the body.
 */
function countTeaserPairs(
  seq: readonly number[],
  order: 'headline-first' | 'blurb-first',
  lines: readonly string[],
  kinds: readonly LineKind[],
  body: () => ReadonlyMap<string, number>,
): number {
  let pairs = 0;
  while (2 * pairs + 1 < seq.length) {
    const [headline, blurb] =
      order === 'headline-first' ? [seq[2 * pairs], seq[2 * pairs + 1]] : [seq[2 * pairs + 1], seq[2 * pairs]];
    const isPair = TEASER_HEADLINE.has(kinds[headline]) && TEASER_BLURB.has(kinds[blurb]);
    if (!isPair || overlapWithBody(`${lines[headline]} ${lines[blurb]}`, body(), true) >= TEASER_MAX_OVERLAP) break;
    pairs++;
  }
  return pairs;
}

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
  const pairs = countTeaserPairs(nonBlank, 'blurb-first', lines, kinds, body);
  if (pairs < TEASER_MIN_PAIRS) return end;
  const firstTeaser = nonBlank[2 * pairs - 1];
  let last = firstTeaser - 1;
  while (last > start && !anchors[last]) last--;
  return last;
}

/**
 * Moves the body's first anchor past a head of teaser pairs (headline, one-line blurb in full
 * sentences, few words shared with the rest of the body): a "Top stories" list printed above the
 * article. The pairs' headlines become 'teaser' lines so they are never read as the title.
 * Returns the new first index. Two pairs at least, as at the tail: one headline + sentence above
 * the body is as likely the article's own title and standfirst.
 */
function trimTeaserHead(
  lines: readonly string[],
  kinds: LineKind[],
  anchors: readonly boolean[],
  [start, end]: [number, number],
  body: () => ReadonlyMap<string, number>,
): number {
  const first = nonBlankFrom(lines, start, -1);
  if (first < 0 || !TEASER_HEADLINE.has(kinds[first])) return start;
  const seq = [first];
  for (let i = start; i <= end; i++) if (lines[i] !== '') seq.push(i);
  const pairs = countTeaserPairs(seq, 'headline-first', lines, kinds, body);
  if (pairs < TEASER_MIN_PAIRS) return start;
  for (let p = 0; p < pairs; p++) kinds[seq[2 * p]] = 'teaser';
  let next = seq[2 * pairs - 1] + 1;
  while (next < end && !anchors[next]) next++;
  return next;
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

/**
 * Header lines shaped like headlines whose words the body does not share are other stories. A
 * headline directly above a byline or date is the article's, however few words it shares
 * ("Nickel boom reshapes Sulawesi" over a body that never names the island again).
 */
function markHeaderTeasers(lines: ClassifiedLine[], body: () => ReadonlyMap<string, number>): void {
  for (let i = 0; i < lines.length && lines[i].zone === 'header'; i++) {
    const line = lines[i];
    if (line.kind !== 'heading' || UNDER_HEADLINE.has(lines[i + 1]?.kind)) continue;
    if (overlapWithBody(line.text, body(), false) < TEASER_MAX_OVERLAP) line.kind = 'teaser';
  }
}

/** Inside the body run: sentences, long unpunctuated text and bullets are the article; the rest is chrome. */
const BODY_KINDS: ReadonlySet<LineKind> = new Set(['prose', 'sentence', 'truncated', 'bullet']);

/** The paragraph a kept line contributes: bullets lose their bullet, the first line its dateline ("Site (date):", "CITY (Agency) -"). */
function paragraphText(line: ClassifiedLine, isFirst: boolean): string {
  if (line.kind === 'bullet') return line.text.replace(BULLET, '');
  return isFirst ? (splitDateline(line.text)?.rest ?? line.text) : line.text;
}

export function cleanText(text: string): Cleaned {
  const all = splitLines(text);
  const keys = all.map((l) => l.toLowerCase());
  const kinds = all.map((l): LineKind => (l === '' ? 'label' : kindOf(l)));
  const repeated = findRepeated(keys);
  // A line the body may start or end on: long sentence text, printed once on the page.
  const anchors = kinds.map((k, i) => k === 'prose' && !repeated.has(keys[i]));
  bridgeInlineBoxes(all, kinds, anchors);
  const run = findBodyRun(all, kinds, anchors);
  let [start, end] = run ?? [all.length, -1];
  let stems: Map<string, number> | undefined;
  // Counted once, on first need: most pages never ask.
  const bodyStems = () => (stems ??= run ? countStems(all, run[0], run[1]) : new Map());
  if (run) {
    end = trimTeaserTail(all, kinds, anchors, run, bodyStems);
    start = bulletsAbove(all, kinds, trimTeaserHead(all, kinds, anchors, [start, end], bodyStems));
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
  const subheadings: Subheading[] = [];
  const removed: string[] = [];
  for (const line of lines) {
    if (line.kept) paragraphs.push(paragraphText(line, paragraphs.length === 0));
    else removed.push(line.text);
    // Inside the body run a headline shape is a section title: the body goes on below it.
    if (line.zone === 'body' && line.kind === 'heading') subheadings.push({ text: line.text, paragraph: paragraphs.length });
  }
  return { paragraphs, subheadings, removed, lines };
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
    subheadings: cleaned.subheadings,
  };
}
