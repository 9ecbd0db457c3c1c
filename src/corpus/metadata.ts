/**
 * Metadata read from an article's own words: title, publisher, author, published date.
 *
 * Contract: every field is either stated by the page (front matter / HTML meta, which win, or a
 * recognisable line of the text) or null. A date near the weather at the top of a page is when the
 * page was saved, a date inside a teaser belongs to another story: neither is the article's date,
 * so when a date is not clearly attached to the article the answer is null, never a guess.
 *
 * The small line readers below (dates, bylines, sign-offs, datelines) are exported
 * because the cleaner uses the same readers to recognise these lines as metadata, not body.
 */
import type { Cleaned, ClassifiedLine, LineKind } from './clean.js';
import type { ArticleMeta, RawArticle } from './types.js';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?`;
/** What may follow a date on the same line: a time, a zone, a separator. */
const DATE_TAIL = String.raw`(?=$|[\s,|·•T]|\s*[-–—])`;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?=$|[T\s])/;
const NUMERIC_DATE = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${DATE_TAIL}`);
const MONTH_FIRST = new RegExp(String.raw`^${WEEKDAY}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${DATE_TAIL}`, 'i');
const DAY_FIRST = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH},?\s+(\d{4})${DATE_TAIL}`, 'i');

/** A date and what it is made of, or null when the text does not start with a date. */
interface DateMatch {
  iso: string;
  length: number;
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/**
 * Reads a date at the start of text. Numeric dates are day-first (29/10/2025 is 29 October), the
 * way the sites that print them mean it; a two-digit year or an impossible day is not a date.
 */
function matchDate(text: string): DateMatch | null {
  let m = ISO_DATE.exec(text);
  if (m) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { iso, length: m[0].length } : null;
  }
  m = NUMERIC_DATE.exec(text);
  if (m) {
    const iso = isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
    return iso ? { iso, length: m[0].length } : null;
  }
  m = MONTH_FIRST.exec(text);
  if (m) {
    const iso = isoDate(Number(m[3]), MONTHS[m[1].toLowerCase().slice(0, 3)], Number(m[2]));
    return iso ? { iso, length: m[0].length } : null;
  }
  m = DAY_FIRST.exec(text);
  if (m) {
    const iso = isoDate(Number(m[3]), MONTHS[m[2].toLowerCase().slice(0, 3)], Number(m[1]));
    return iso ? { iso, length: m[0].length } : null;
  }
  return null;
}

/** "2025-10-29T08:00:00Z", "29/10/2025", "Oct 29, 2025 10:00" → "2025-10-29"; anything else → null. */
export function normaliseDate(text: string): string | null {
  return matchDate(text.trim())?.iso ?? null;
}

/** A time of day and zone after a date: "10:30 AM IST", "08:00 GMT+1". */
const TIME_REST = /^[\s,|·•-]*(?:(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}(?:[+-]\d{1,2})?)?)?\s*$/i;

/** A time of day printed before the date: "3:14 PM EST, February 3, 2026". */
const LEADING_TIME = /^(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}(?:[+-]\d{1,2})?)?\s*[,|·•-]?\s*/i;

/** A date at the start of a line, after an optional time of day; `end` is where the date ends. */
function leadingDate(line: string): { iso: string; end: number } | null {
  const m = matchDate(line);
  if (m) return { iso: m.iso, end: m.length };
  const time = LEADING_TIME.exec(line);
  const after = time && time[0].length < line.length ? matchDate(line.slice(time[0].length)) : null;
  return after && time ? { iso: after.iso, end: time[0].length + after.length } : null;
}

/** A line that is only a date (with an optional weekday and time, before or after): "Friday, January 16, 2026". */
export function dateOnlyLine(line: string): string | null {
  const m = leadingDate(line);
  return m && TIME_REST.test(line.slice(m.end)) ? m.iso : null;
}

/** "Updated" is the only date many pages print: it is read as the article's when no "Published" line says otherwise. */
const PUBLISHED_LINE = /^(?:(?:first\s+)?published|posted|(?:last\s+)?updated|date(?:d)?|publication date)\s*(?:on|:)?\s*:?\s*/i;

/** "Published on 3 March 2024", "Posted: 2024-03-03 10:00" → the ISO date; "Published" alone → null. */
export function publishedLine(line: string): string | null {
  const m = PUBLISHED_LINE.exec(line);
  if (!m || m[0].length === line.length) return null;
  return dateOnlyLine(line.slice(m[0].length));
}

const NAME_PARTICLE = /^(?:de|da|di|del|della|der|van|von|bin|binti|al|el|la|le|du|dos|y)$/;
const NAME_WORD = /^\p{Lu}[\p{L}\p{M}'’.-]*$/u;

/**
 * A person's name as a byline prints it: two to four capitalised words, particles allowed
 * ("Ana de la Cruz", "Thế Anh"). Title-case phrases pass too, so callers use it only where a
 * name is expected (after "By", just before a sign-off).
 */
export function isPersonName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words.length > 4) return false;
  return words.every((w, i) => NAME_WORD.test(w) || (i > 0 && i < words.length - 1 && NAME_PARTICLE.test(w)));
}

const BYLINE = /^(?:post(?:ed)?\s+by|written\s+by|reported\s+by|reporting\s+by|story\s+by|words\s+by|by|author)\s*:?\s+(.+)$/i;
/** Where a byline's names end and its date, place or outlet begins: "By Jane Roe | 3 March 2024", "By Jane Roe in Lima". */
const BYLINE_SEPARATOR = /\s*(?:[|•·,;]|\s[-–—]\s|\son\s|\sand\s|\sin\s)\s*/;
/** "Posted on 3 February 2026 by Jane Roe": the date first, the name after "by". */
const DATE_FIRST_BYLINE = /^(?:(?:posted|published|updated)\s+(?:on\s+)?)?/i;
const BY_AFTER_DATE = /^\s*(?:[|·•,-]\s*)?by\s+(.+)$/i;
/** An all-caps name followed by the outlet, as wire bylines print it: "JANE DOE Associated Press". */
const CAPS_NAME_THEN_OUTLET = /^((?:\p{Lu}[\p{Lu}'’.-]+\s+){1,3}\p{Lu}[\p{Lu}'’.-]+)\s+(\p{Lu}\p{Ll}.*)$/u;

export interface Byline {
  author: string;
  published: string | null;
  /** The outlet a wire byline names after the author ("By JANE DOE Associated Press"), else null. */
  outlet: string | null;
}

/** "JANE DOE" → "Jane Doe"; a name in mixed case is kept as printed. */
function nameCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** The author (and outlet) in the words after "by": "Jane Roe", "JANE DOE Associated Press"; null when no name. */
function bylineName(words: string): { author: string; outlet: string | null } | null {
  const caps = CAPS_NAME_THEN_OUTLET.exec(words);
  if (caps && isPersonName(caps[1]) && isPersonName(caps[2])) return { author: nameCase(caps[1]), outlet: caps[2] };
  return isPersonName(words) ? { author: nameCase(words), outlet: null } : null;
}

const TIME_AFTER_DATE = /^[\s,]*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?/i;

/** "Posted on 3 February 2026 by Jane Roe" → the name and the date; null for any other shape. */
function parseDateFirstByline(line: string): Byline | null {
  if (!line.includes(' by ') && !line.includes(' By ')) return null;
  const rest = line.slice(DATE_FIRST_BYLINE.exec(line)![0].length);
  const date = leadingDate(rest);
  const by = date ? BY_AFTER_DATE.exec(rest.slice(date.end).replace(TIME_AFTER_DATE, '')) : null;
  const name = by ? bylineName(by[1]) : null;
  return name && date ? { ...name, published: date.iso } : null;
}

/**
 * "Post by : Jane Roe", "By Jane Roe | March 3, 2024", "Written by Jane Roe and Li Wei",
 * "By JANE DOE Associated Press", "Posted on 3 March 2024 by Jane Roe" → the first author (and a
 * date, an outlet stated on the same line). "By 2030, demand…" is a sentence, not a byline: the
 * words after "by" must be a name and the line short.
 */
export function parseByline(line: string): Byline | null {
  if (line.length > 120) return null;
  const m = BYLINE.exec(line);
  if (!m) return parseDateFirstByline(line);
  const separator = BYLINE_SEPARATOR.exec(m[1]);
  const name = bylineName(separator ? m[1].slice(0, separator.index) : m[1]);
  if (!name) return null;
  const rest = separator ? m[1].slice(separator.index + separator[0].length) : '';
  return { ...name, published: dateOnlyLine(rest) ?? publishedLine(rest) };
}

const DOMAIN_SIGNOFF = /^(?:www\.)?([\p{L}\d][\p{L}\d-]*(?:\.[\p{L}\d-]+)*\.[a-z]{2,6})$/iu;
/**
 * The name in a copyright notice ends at its first sentence break: "Copyright 2026 The Wire.
 * All rights reserved. This material may not be…" → "The Wire". A dot inside a word ("Site.com") is not a break.
 */
const COPYRIGHT_SIGNOFF = /^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(.+?)[.,]?(?:\s+all rights reserved\b.*|\.\s.*)?$/i;

/** "Site.Net" or "© 2024 Mines Daily. All rights reserved." → the site's name; else null. */
export function signoffName(line: string): string | null {
  const domain = DOMAIN_SIGNOFF.exec(line);
  if (domain) return domain[1];
  const copyright = COPYRIGHT_SIGNOFF.exec(line);
  return copyright && copyright[1].length <= 60 ? copyright[1] : null;
}

/**
 * A dateline before the first sentence: "<head> (<paren>) <dash or colon> ", or "/<paren>/" as
 * press-release wires print it. Two kinds share the shape:
 *   "Ore Times (29/10/2025): …"         a site's date stamp: the head names the publisher, the paren is the date;
 *   "SYDNEY, Feb 3 (Reuters) - …"       a wire dateline: the head is a place (and maybe a date), the paren the agency;
 *   "SANTIAGO, Chile (AP) — …"          the same without a date.
 */
const DATELINE = /^(\p{Lu}[^()/\n]{0,60}?)\s*(?:\(([^()]{2,40})\)|\/([^/\s][^/]{1,38})\/)\s*(?::|[-–—]{1,2})\s+(?=\S)/u;
/** A wire agency's name: one to four capitalised words, no digits or dots ("(LYC.AX) -" is a ticker, not an agency). */
const AGENCY = /^\p{Lu}[\p{L}&'’-]*(?:\s+\p{Lu}[\p{L}&'’-]*){0,3}$/u;
/** A dateline's place: up to four capitalised or all-caps words ("NEW YORK", "Rio de Janeiro"). */
const PLACE_MAX_WORDS = 4;
const PLACE = /^\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|da|del|do|la|le|al|el))*$/u;
/** Agencies that datelines name by their initials; the publisher is given in full. */
const AGENCY_NAMES: Record<string, string> = {
  AP: 'Associated Press',
  AFP: 'Agence France-Presse',
  UPI: 'United Press International',
  PTI: 'Press Trust of India',
  IANS: 'Indo-Asian News Service',
  ANI: 'Asian News International',
};

export interface Dateline {
  /** The site or agency the dateline names, or null. */
  publisher: string | null;
  /** The date it states with a year, or null ("Feb 3" alone is not a date). */
  published: string | null;
  /** The line without the dateline. */
  rest: string;
}

/** A full date among the comma-separated parts after a dateline's place: "SEOUL, Feb. 3, 2026" → "2026-02-03". */
function dateAfterPlace(parts: readonly string[]): string | null {
  for (let i = 1; i < parts.length; i++) {
    const date = dateOnlyLine(parts.slice(i).join(', '));
    if (date) return date;
  }
  return null;
}

export function splitDateline(line: string): Dateline | null {
  const m = DATELINE.exec(line);
  if (!m) return null;
  const head = m[1].trim();
  const paren = (m[2] ?? m[3]).trim();
  const rest = line.slice(m[0].length);
  const stamped = dateOnlyLine(paren);
  if (stamped) return head.length <= 40 && !head.includes(',') ? { publisher: head, published: stamped, rest } : null;
  const parts = head.split(',').map((p) => p.trim());
  if (!AGENCY.test(paren) || !PLACE.test(parts[0]) || parts[0].split(' ').length > PLACE_MAX_WORDS) return null;
  return { publisher: AGENCY_NAMES[paren] ?? paren, published: dateAfterPlace(parts), rest };
}

/** The dateline of the first body paragraph (the cleaner strips it from the body). */
function firstParagraphDateline(lines: readonly ClassifiedLine[]): Dateline | null {
  const first = lines.find((l) => l.kept);
  return first && first.kind !== 'bullet' ? splitDateline(first.text) : null;
}

/** The lines that belong to the article: all up to the first section marker below the body (past it, bylines and dates are other stories'). */
function attachedLines(lines: readonly ClassifiedLine[]): readonly ClassifiedLine[] {
  const marker = lines.findIndex((l) => l.zone === 'footer' && l.kind === 'marker');
  return marker < 0 ? lines : lines.slice(0, marker);
}

/** Three readers below ask for the article's bylines: each line is parsed once. */
const parsedBylines = new WeakMap<ClassifiedLine, Byline | null>();

function bylineOf(line: ClassifiedLine): Byline | null {
  let byline = parsedBylines.get(line);
  if (byline === undefined) {
    byline = parseByline(line.text);
    parsedBylines.set(line, byline);
  }
  return byline;
}

/** Lines printed between a headline and the body: a byline, a date, "5 min read", a photo credit. */
export const UNDER_HEADLINE: ReadonlySet<LineKind> = new Set(['byline', 'date', 'stamp', 'credit']);

/**
 * Title: the last headline-shaped header line directly above a byline or date (the strongest
 * sign; the last, as a list of dated teasers may stand above it), else the longest headline-shaped
 * header line (the cleaner has already told chrome and teasers apart). A long sentence-case
 * headline is shaped like a cut-off teaser blurb; it counts only directly above a byline or date.
 */
function readTitle(lines: readonly ClassifiedLine[], publisher: string | null): string | null {
  let aboveByline: string | null = null;
  let longest: string | null = null;
  for (let i = 0; i < lines.length && lines[i].zone === 'header'; i++) {
    const line = lines[i];
    if (line.kind !== 'heading' && line.kind !== 'truncated') continue;
    if (publisher && line.text.toLowerCase() === publisher.toLowerCase()) continue;
    if (UNDER_HEADLINE.has(lines[i + 1]?.kind)) aboveByline = line.text;
    else if (line.kind === 'heading' && (!longest || line.text.length > longest.length)) longest = line.text;
  }
  return aboveByline ?? longest;
}

/** The outlet a wire byline of the article names ("By JANE DOE Associated Press"), or null. */
function bylineOutlet(lines: readonly ClassifiedLine[]): string | null {
  for (const line of attachedLines(lines)) {
    const outlet = line.kind === 'byline' ? bylineOf(line)?.outlet : null;
    if (outlet) return outlet;
  }
  return null;
}

/**
 * Publisher: the first body line's dateline ("Site (date):", "CITY (Agency) -"), else the outlet
 * of a wire byline, else a sign-off line below the body, else one above it.
 */
function readPublisher(lines: readonly ClassifiedLine[]): string | null {
  const dateline = firstParagraphDateline(lines)?.publisher ?? bylineOutlet(lines);
  if (dateline) return dateline;
  const signoff =
    lines.find((l) => l.zone === 'footer' && l.kind === 'signoff') ??
    lines.find((l) => l.zone === 'header' && l.kind === 'signoff');
  return signoff ? signoffName(signoff.text) : null;
}

/**
 * Author: a byline of the article (not of a teaser below it), else a lone name line right after the body
 * that is followed by the site's sign-off or ends the page ("…last sentence. / Jane Roe / Site.com").
 */
function readAuthor(lines: readonly ClassifiedLine[]): string | null {
  for (const line of attachedLines(lines)) {
    if (line.kind === 'byline') {
      const byline = bylineOf(line);
      if (byline) return byline.author;
    }
  }
  const footer = lines.filter((l) => l.zone === 'footer');
  const [first, next] = footer;
  const nameShaped = first && (first.kind === 'label' || first.kind === 'heading') && isPersonName(first.text);
  if (nameShaped && (!next || next.kind === 'signoff')) return first.text;
  return null;
}

/** Lines within this distance of a weather line belong to the page's date bar. */
const DATE_BAR_REACH = 2;

/**
 * Published: the dateline's date, a "Published on <date>" line, a dated byline, or a lone date
 * line between the headline and the body. A lone date above the headline or beside the weather
 * is the page's date bar (when it was saved), and teaser dates are other stories': both → null.
 */
function readPublished(lines: readonly ClassifiedLine[], title: string | null): string | null {
  const dateline = firstParagraphDateline(lines)?.published;
  if (dateline) return dateline;
  for (const line of attachedLines(lines)) {
    const stated = line.kind === 'byline' ? bylineOf(line)?.published : publishedLine(line.text);
    if (stated) return stated;
  }
  const titleAt = title ? lines.findIndex((l) => l.zone === 'header' && l.text === title) : -1;
  if (titleAt < 0) return null;
  for (let i = titleAt + 1; i < lines.length && lines[i].zone === 'header'; i++) {
    const date = lines[i].kind === 'date' ? dateOnlyLine(lines[i].text) : null;
    if (!date) continue;
    const nearWeather = lines
      .slice(Math.max(0, i - DATE_BAR_REACH), i + DATE_BAR_REACH + 1)
      .some((l) => l.kind === 'weather');
    return nearWeather ? null : date;
  }
  return null;
}

export function readMetadata(raw: RawArticle, cleaned: Cleaned): ArticleMeta {
  const publisher = raw.meta.publisher ?? readPublisher(cleaned.lines);
  const title = raw.meta.title ?? readTitle(cleaned.lines, publisher);
  return {
    title,
    publisher,
    author: raw.meta.author ?? readAuthor(cleaned.lines),
    published: raw.meta.published ?? readPublished(cleaned.lines, title),
  };
}
