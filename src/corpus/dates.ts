/**
 * Dated events: every sentence that states when something happened (or will) gives one
 * TimelineEvent per distinct date it states.
 *
 * Three readers, in order; a later one ignores words an earlier one already took:
 * 1. periods, our rule: "over the next six months" → date = published, until = published + 6
 *    months; "could take a decade" → published … published + 10 years; "the past two years" →
 *    published − 2 years … published;
 * 2. bare years, our rule (chrono reads none): "in 2010" → "2010", "by 2030" → "2030",
 *    "from 2020 to 2025" → 2020 until 2025. A year must follow a preposition or "the", so ages
 *    ("at 31"), ordinals ("250th anniversary", "21st-century"), money ("$2030") and figures
 *    ("2,030 tonnes", "2030 tonnes") are not dates;
 * 3. chrono-node's en-GB parser (day-first: 29/10/2025) for calendar dates ("5 March 2024",
 *    "October 2025") and relative words ("on Tuesday", "yesterday", "two days ago", "last year").
 *    A day and month without a year must follow "on" ("on March 5"), and a month alone is
 *    dropped: "for July 4th celebrations" or "in June" name no event we can place.
 *
 * Relative expressions resolve against `published`. When it is null they cannot be resolved
 * and are dropped (the type wants a date, and a guess is worse than nothing). An article
 * without its own date may instead be passed its story's earliest date as `published`: the
 * pipeline can re-run `extractEvents(facts.sentences, id, story.published)` after grouping,
 * which is how "on Tuesday" in an undated copy becomes 2025-10-28 when a sister copy is dated
 * Wednesday 2025-10-29.
 *
 * Cost: chrono costs ~0.02 ms per sentence, so it only sees sentences holding a month or
 * weekday name, dd/mm/yy, or a relative word (today, ago, last week…); each of our readers
 * likewise runs only where a cheap test finds its kind of word.
 */
import * as chrono from 'chrono-node';
import type { TimelineEvent } from './types.js';

/** Cheap tests that let each reader skip sentences it cannot match. */
const YEAR_HINT_RE = /\b(?:1[89]|20)\d\d\b/;
const PERIOD_HINT_RE = /\b(?:day|week|month|year|decade)s?\b/i;
/**
 * Month and weekday names, dd/mm/yyyy, relative words; "may" only where it is the month. One
 * leading \b for all the word alternatives: measured 2.5× faster than one \b per alternative.
 */
const CHRONO_HINT_RE =
  /\b(?:(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|ago|(?:last|next|this)\s+(?:week|month|year))\b|(?:in|on|of|since|until|by|from|early|late|mid)[\s-]+may\b|may\s+\d)|\d\d?\/\d\d?\/\d\d/i;

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, eighteen: 18, twenty: 20, thirty: 30,
};
const COUNT = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = '(day|week|month|year|decade)s?';
/** "over the next six months", "the past two years", "the coming decade". */
const NEXT_PERIOD_RE = new RegExp(
  `\\b(?:(?:over|within|in|during|for)\\s+)?the\\s+(next|coming|past|last)\\s+(?:${COUNT}\\s+)?${UNIT}\\b`,
  'gi',
);
/** "could take a decade", "requires about five years", "within two years". */
const SPAN_PERIOD_RE = new RegExp(
  `\\b(?:takes?|taking|took|requires?|requiring|needs?|needing|within)\\s+(?:(?:about|around|roughly|nearly|almost|at least|more than|up to|over)\\s+)?${COUNT}\\s+(?:more\\s+)?${UNIT}\\b`,
  'gi',
);
const YEAR = '((?:1[89]|20)\\d\\d)';
const YEAR_RANGE_RE = new RegExp(`\\b(?:from|between)\\s+${YEAR}\\s+(?:to|and|until|through)\\s+${YEAR}\\b`, 'gi');
/** A year after a preposition or "the", not followed by more digits, a unit or an ordinal. */
const BARE_YEAR_RE = new RegExp(
  `\\b(?:in|by|since|until|till|from|before|after|through|throughout|during|of|early|late|mid|around|circa|the|as of|end of)[\\s-]+(?:(?:early|late|mid)[\\s-]+)?${YEAR}(?![\\d,.]\\d|\\d|%|s\\b|th\\b|\\s*(?:tonnes|tons|t|kg|units|people|vehicles|cars|barrels|mw|gw|km|miles)\\b|[-\\s]century)`,
  'gi',
);
const FOUR_DIGIT_YEAR_RE = /\b(?:1[89]|20)\d\d\b/;
const RELATIVE_WORD_RE = /\b(?:yesterday|today|tomorrow|ago|last|next|this)\b/i;
const ON_START_RE = /^on\s/i;
const ON_BEFORE_RE = /\bon\s+$/i;
/** Words before a bare weekday that date it: "since Monday", "until Friday". */
const ANCHOR_BEFORE_RE = /\b(?:since|until|by|from|on|last|next|this)\s+$/i;
const MONTH_ONLY_DAY_RE = /\b\d{1,2}(?:st|nd|rd|th)?\b/;
const MAX_TEXT = 400;
/** A date bar ("Friday, January 16, 2026") states no event: the sentence needs words besides its date. */
const MIN_OTHER_WORDS = 3;
const WORD_RE = /\p{L}+/gu;
/** Whether `s` holds at least `n` words: stops counting there, as sentences are long and n is small. */
function hasWords(s: string, n: number): boolean {
  let seen = 0;
  WORD_RE.lastIndex = 0;
  while (seen < n && WORD_RE.exec(s) !== null) seen++;
  return seen >= n;
}

const parser = chrono.en.GB;

/**
 * chrono runs every parser's regex over the whole sentence (~28 µs a call once warm), yet most
 * parsers cannot match without some word or a digit that one cheap test rules out. Each gate here
 * is implied by its parser's pattern (chrono-node 2.10, casual configuration, strict or not): a
 * parser whose gate fails would return nothing, so skipping it changes no result. Parsers not
 * listed (or renamed by a chrono upgrade) always run.
 */
const DIGIT_GATE = /[0-9]/;
const MONTH_GATE = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
/**
 * The number forms of chrono's time-unit phrases, widened ("5", "1.5", "half an", "a few", "the",
 * "a couple of"), then a unit word or abbreviation: "5 days", "a couple of weeks", "2 hrs".
 */
const TIME_NUMBER =
  '(?:\\d+(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half(?:\\s*an?)?|an?\\b(?:\\s*few)?|few|several|the|a?\\s*couple\\s*(?:of)?)';
const TIME_UNIT = '(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|mo|mon|mos|months?|qtr|quarters?|y|yr|years?)';
const TIME_PHRASE = `${TIME_NUMBER}\\s*${TIME_UNIT}`;
/** A test a sentence must pass for a parser to run. */
type Gate = Pick<RegExp, 'test'>;
/** `precise` only where the cheap `first` passes: a scan of `precise` costs more, and most sentences fail `first`. */
const both = (first: RegExp, precise: RegExp): Gate => ({ test: (s) => first.test(s) && precise.test(s) });
/**
 * A time-unit phrase right before one of `words` ("two years ago", "5 days later"). These parsers'
 * own patterns repeat the phrase eleven times and take ~120 ms each to compile on first use; this
 * test keeps them uncompiled until a sentence could match.
 */
const phraseThen = (words: string): Gate => both(new RegExp(words, 'i'), new RegExp(`${TIME_PHRASE}\\s*(?:${words})(?=\\W|$)`, 'i'));
const PARSER_GATES: Record<string, Gate> = {
  ISOFormatParser: DIGIT_GATE,
  ENYearMonthDayParser: DIGIT_GATE,
  SlashDateFormatParser: DIGIT_GATE,
  ENSlashMonthFormatParser: DIGIT_GATE,
  ENTimeExpressionParser: DIGIT_GATE,
  ENYearMonthNameParser: DIGIT_GATE,
  // A day (a number or an ordinal word, which all end in st/nd/rd/th), then "-", "/" or "of", then the month.
  ENMonthNameLittleEndianParser: both(MONTH_GATE, /(?:\d|st|nd|rd|th)(?:-|\/|\s*(?:of)?\s*)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i),
  ENMonthNameMiddleEndianParser: MONTH_GATE,
  ENMonthNameParser: MONTH_GATE,
  ENWeekdayParser: /sun|mon|tue|wed|thu|fri|sat|week/i,
  ENTimeUnitAgoFormatParser: phraseThen('ago|before|earlier'),
  ENTimeUnitLaterFormatParser: phraseThen('later|after|from now|henceforth|forward|out'),
  ENCasualDateParser: /now|today|tonight|tomorrow|overmorrow|tmr|yesterday|last\s*night/i,
  ENCasualTimeParser: /morning|afternoon|evening|night|midday|noon/i,
  ENEndOfCurrentMonthParser: /month/i,
  ENRelativeDateFormatParser: /this|last|past|next|after/i,
  // A prefix, then a time-unit phrase: "next 3 months", "+2 weeks", "past few days".
  ENTimeUnitCasualRelativeFormatParser: new RegExp(`(?:this|last|past|next|after|\\+|-)\\s*(?:(?:about|around)\\s*)?${TIME_PHRASE}`, 'i'),
};
const gates = parser.parsers.map((p) => PARSER_GATES[p.constructor.name] ?? null);
/** One chrono per set of parsers that pass their gates, keyed by that set as a bit mask. */
const gatedParsers = new Map<number, chrono.Chrono>();

/** `parser.parse`, running only the parsers whose gates pass (same results, see PARSER_GATES). */
function parseDates(sentence: string, ref: Date): chrono.ParsedResult[] {
  let mask = 0;
  for (let i = 0; i < gates.length; i++) if (gates[i]?.test(sentence) ?? true) mask |= 1 << i;
  let gated = gatedParsers.get(mask);
  if (gated === undefined) {
    gated = new chrono.Chrono({ parsers: parser.parsers.filter((_, i) => (mask & (1 << i)) !== 0), refiners: parser.refiners });
    gatedParsers.set(mask, gated);
  }
  return gated.parse(sentence, ref);
}

type Granularity = 'year' | 'month' | 'day';

interface Found {
  date: string;
  until?: string;
  expression: string;
  start: number;
  end: number;
  /** Resolved against the publication date ("on Tuesday", "over the next six months"). */
  relative: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local-time calendar fields: chrono computes in local time, and so do we. */
function formatDate(d: Date, g: Granularity): string {
  const y = String(d.getFullYear());
  if (g === 'year') return y;
  if (g === 'month') return `${y}-${pad(d.getMonth() + 1)}`;
  return `${y}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "2025-10-29" → that day at local noon (noon keeps day arithmetic clear of DST edges). */
function parsePublished(published: string | null): Date | null {
  if (published === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) : null;
}

function shift(d: Date, n: number, unit: string): Date {
  const r = new Date(d);
  if (unit === 'day') r.setDate(r.getDate() + n);
  else if (unit === 'week') r.setDate(r.getDate() + 7 * n);
  else if (unit === 'month') r.setMonth(r.getMonth() + n);
  else r.setFullYear(r.getFullYear() + n * (unit === 'decade' ? 10 : 1));
  return r;
}

function countOf(word: string | undefined, unit: string): number | null {
  if (word === undefined) return unit === 'decade' ? 1 : null;
  const n = NUMBER_WORDS[word.toLowerCase()] ?? Number(word);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function periods(sentence: string, ref: Date): Found[] {
  const out: Found[] = [];
  for (const m of sentence.matchAll(NEXT_PERIOD_RE)) {
    const unit = m[3].toLowerCase();
    const n = countOf(m[2], unit);
    if (n === null) continue;
    const back = /^(?:past|last)$/i.test(m[1]);
    const [from, to] = back ? [shift(ref, -n, unit), ref] : [ref, shift(ref, n, unit)];
    out.push({ date: formatDate(from, 'day'), until: formatDate(to, 'day'), expression: m[0], start: m.index, end: m.index + m[0].length, relative: true });
  }
  for (const m of sentence.matchAll(SPAN_PERIOD_RE)) {
    const unit = m[2].toLowerCase();
    const n = countOf(m[1], unit);
    if (n === null) continue;
    out.push({ date: formatDate(ref, 'day'), until: formatDate(shift(ref, n, unit), 'day'), expression: m[0], start: m.index, end: m.index + m[0].length, relative: true });
  }
  return out;
}

function years(sentence: string): Found[] {
  const out: Found[] = [];
  for (const m of sentence.matchAll(YEAR_RANGE_RE)) {
    out.push({ date: m[1], until: m[2], expression: m[0], start: m.index, end: m.index + m[0].length, relative: false });
  }
  for (const m of sentence.matchAll(BARE_YEAR_RE)) out.push({ date: m[1], expression: m[0], start: m.index, end: m.index + m[0].length, relative: false });
  return out;
}

/** Year for a day and month stated without one: the latest such date no more than a month after publication. */
function yearForDayMonth(month: number, day: number, ref: Date): number {
  const candidate = new Date(ref.getFullYear(), month - 1, day, 12);
  return candidate.getTime() > shift(ref, 1, 'month').getTime() ? ref.getFullYear() - 1 : ref.getFullYear();
}

/** Calendar dates and relative words; everything but a date stating its own year is `relative`. */
function chronoDates(sentence: string, ref: Date): Found[] {
  const out: Found[] = [];
  for (const r of parseDates(sentence, ref)) {
    const known = r.start;
    const absolute = FOUR_DIGIT_YEAR_RE.test(r.text);
    if (absolute) {
      const g: Granularity = known.isCertain('day') ? 'day' : known.isCertain('month') ? 'month' : 'year';
      out.push({ date: formatDate(known.date(), g), expression: r.text, start: r.index, end: r.index + r.text.length, relative: false });
      continue;
    }
    const at = { expression: r.text, start: r.index, end: r.index + r.text.length, relative: true };
    const month = known.get('month');
    if (known.isCertain('month') && !known.isCertain('weekday')) {
      // "on March 5" (chrono sometimes reads "October 28" as month + year 2028: the day is the number).
      const dayText = MONTH_ONLY_DAY_RE.exec(r.text);
      if (RELATIVE_WORD_RE.test(r.text)) {
        out.push({ date: formatDate(known.date(), known.isCertain('day') ? 'day' : 'month'), ...at });
      } else if (dayText !== null && month !== null && (ON_START_RE.test(r.text) || ON_BEFORE_RE.test(sentence.slice(0, r.index)))) {
        const day = Number.parseInt(dayText[0], 10);
        out.push({ date: formatDate(new Date(yearForDayMonth(month, day, ref), month - 1, day, 12), 'day'), ...at });
      }
      continue;
    }
    if (known.isCertain('year') && !known.isCertain('day')) {
      if (RELATIVE_WORD_RE.test(r.text)) out.push({ date: formatDate(known.date(), 'year'), ...at });
      continue;
    }
    const anchored =
      ON_START_RE.test(r.text) || RELATIVE_WORD_RE.test(r.text) || ANCHOR_BEFORE_RE.test(sentence.slice(0, r.index));
    if ((known.isCertain('day') || known.isCertain('weekday')) && anchored) out.push({ date: formatDate(known.date(), 'day'), ...at });
  }
  return out;
}

const overlaps = (a: Found, taken: Found[]): boolean => taken.some((b) => a.start < b.end && b.start < a.end);

function trimText(sentence: string): string {
  const s = sentence.trim();
  return s.length <= MAX_TEXT ? s : `${s.slice(0, MAX_TEXT - 1).trimEnd()}…`;
}

/** Everything the three readers find in one sentence, in reader order (periods, years, chrono). */
function candidates(sentence: string, ref: Date): Found[] {
  const out: Found[] = [];
  if (PERIOD_HINT_RE.test(sentence)) out.push(...periods(sentence, ref));
  if (YEAR_HINT_RE.test(sentence)) out.push(...years(sentence));
  if (CHRONO_HINT_RE.test(sentence)) out.push(...chronoDates(sentence, ref));
  return out;
}

/**
 * The events one sentence states, from its candidates: an earlier reader's words win over a
 * later one's, a date bar alone is no event, one event per distinct date (and end).
 */
function sentenceEvents(sentence: string, found: Found[], articleId: string): TimelineEvent[] {
  const taken: Found[] = [];
  for (const f of found) if (!overlaps(f, taken)) taken.push(f);
  const events: TimelineEvent[] = [];
  const seen = new Set<string>();
  for (const f of taken.sort((a, b) => a.start - b.start)) {
    if (!hasWords(sentence.slice(0, f.start) + sentence.slice(f.end), MIN_OTHER_WORDS)) continue;
    const key = `${f.date}/${f.until ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const event: TimelineEvent = { date: f.date, expression: f.expression.trim(), text: trimText(sentence), articleIds: [articleId] };
    if (f.until !== undefined) event.until = f.until;
    events.push(event);
  }
  return events;
}

/**
 * Stands in for a missing publication date while reading: any fixed day serves, since what it
 * resolves is only used to tell which sentences hold a relative date, never kept.
 */
const PROBE_REF = new Date(2000, 0, 5, 12);

export interface ArticleEvents {
  events: TimelineEvent[];
  /**
   * Only when `published` is null: the sentences holding a relative date that a publication
   * date would resolve ("on Tuesday"), for the pipeline to re-read against the story's date.
   */
  unanchored: string[];
}

/**
 * Events of one article, reading each sentence once. `published` is `YYYY-MM-DD` or null;
 * when null, relative expressions are dropped from `events` (see the module comment) and the
 * sentences holding them are listed in `unanchored`.
 * Example: published 2025-10-29, "They signed the deal on Tuesday." → date "2025-10-28",
 * expression "on Tuesday"; published null → no event, the sentence is unanchored.
 */
export function readEvents(sentences: string[], articleId: string, published: string | null): ArticleEvents {
  const ref = parsePublished(published);
  const events: TimelineEvent[] = [];
  const unanchored: string[] = [];
  for (const sentence of sentences) {
    const found = candidates(sentence, ref ?? PROBE_REF);
    if (found.length === 0) continue;
    if (ref !== null) {
      events.push(...sentenceEvents(sentence, found, articleId));
      continue;
    }
    const absolute = found.filter((f) => !f.relative);
    const stated = sentenceEvents(sentence, absolute, articleId);
    events.push(...stated);
    if (absolute.length < found.length && sentenceEvents(sentence, found, articleId).length > stated.length) unanchored.push(sentence);
  }
  return { events, unanchored };
}

/** The events of `readEvents`, for callers that have a date or want no unanchored sentences. */
export function extractEvents(sentences: string[], articleId: string, published: string | null): TimelineEvent[] {
  return readEvents(sentences, articleId, published).events;
}

const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;
const normalise = (text: string): string => text.toLowerCase().replace(NON_WORD_RE, ' ').trim();

/** Sentences shorter than this merge only when equal: their halves are too short to compare. */
const MIN_HALF_WORDS = 6;

/**
 * Keys that survive a small edit between syndicated copies: the first half and the last half
 * of the words. One changed word leaves one half intact. Example: "In 2010 Zambia famously
 * halted cobalt exports during a dispute" and "…Zambia suddenly halted…" share the last half.
 */
function halfKeys(norm: string): string[] {
  const ws = norm.split(' ');
  const half = Math.ceil(ws.length / 2);
  if (half < MIN_HALF_WORDS) return [];
  return [`<${ws.slice(0, half).join(' ')}`, `>${ws.slice(-half).join(' ')}`];
}

/**
 * Events with the same date (and end) and the same or near-identical sentence (syndicated
 * copies) become one with all their articleIds; the result is sorted oldest first ("2025"
 * sorts before "2025-10-28"), then by text.
 */
export function mergeTimeline(events: TimelineEvent[]): TimelineEvent[] {
  const merged: TimelineEvent[] = [];
  const byKey = new Map<string, TimelineEvent>();
  // A sentence syndicated to thousands of copies merges thousands of ids: a Set, not includes(), keeps that linear.
  const idsOf = new Map<TimelineEvent, Set<string>>();
  for (const e of events) {
    const when = `${e.date}/${e.until ?? ''}/`;
    const norm = normalise(e.text);
    const keys = [`${when}=${norm}`, ...halfKeys(norm).map((k) => when + k)];
    const hit = keys.map((k) => byKey.get(k)).find((x) => x !== undefined);
    if (hit) {
      const ids = idsOf.get(hit)!;
      for (const id of e.articleIds) {
        if (ids.has(id)) continue;
        ids.add(id);
        hit.articleIds.push(id);
      }
      if (e.text.length > hit.text.length) hit.text = e.text;
      for (const k of keys) if (!byKey.has(k)) byKey.set(k, hit);
    } else {
      const copy = { ...e, articleIds: [...e.articleIds] };
      merged.push(copy);
      idsOf.set(copy, new Set(copy.articleIds));
      for (const k of keys) byKey.set(k, copy);
    }
  }
  return merged.sort((a, b) => a.date.localeCompare(b.date) || a.text.localeCompare(b.text));
}
