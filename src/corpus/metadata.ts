/**
 * Metadata read from an article's own words: title, publisher, author, published date.
 *
 * Contract: every field is either stated by the page (front matter / HTML meta, which win, or a
 * recognisable line of the text) or null. A date near the weather at the top of a page is when the
 * page was saved, a date inside a teaser belongs to another story: neither is the article's date,
 * so when a date is not clearly attached to the article the answer is null, never a guess.
 *
 * The small line readers below (dates, bylines, sign-offs, "Name (date):" prefixes) are exported
 * because the cleaner uses the same readers to recognise these lines as metadata, not body.
 */
import type { Cleaned, ClassifiedLine } from './clean.js';
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

/** A line that is only a date (with an optional weekday and time): "Friday, January 16, 2026". */
export function dateOnlyLine(line: string): string | null {
  const m = matchDate(line);
  return m && TIME_REST.test(line.slice(m.length)) ? m.iso : null;
}

const PUBLISHED_LINE = /^(?:(?:first\s+)?published|posted|date(?:d)?|publication date)\s*(?:on|:)?\s*:?\s*/i;

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

const BYLINE = /^(?:post(?:ed)?\s+by|written\s+by|reported\s+by|story\s+by|words\s+by|by|author)\s*:?\s+(.+)$/i;
/** Where a byline's names end and its date or outlet begins: "By Jane Roe | 3 March 2024". */
const BYLINE_SEPARATOR = /\s*(?:[|•·,;]|\s[-–—]\s|\son\s|\sand\s)\s*/;

export interface Byline {
  author: string;
  published: string | null;
}

/**
 * "Post by : Jane Roe", "By Jane Roe | March 3, 2024", "Written by Jane Roe and Li Wei" → the
 * first author (and a date stated on the same line). "By 2030, demand…" is a sentence, not a
 * byline: the words after "by" must be a name and the line short.
 */
export function parseByline(line: string): Byline | null {
  if (line.length > 120) return null;
  const m = BYLINE.exec(line);
  if (!m) return null;
  const separator = BYLINE_SEPARATOR.exec(m[1]);
  const author = separator ? m[1].slice(0, separator.index) : m[1];
  if (!isPersonName(author)) return null;
  const rest = separator ? m[1].slice(separator.index + separator[0].length) : '';
  return { author, published: dateOnlyLine(rest) ?? publishedLine(rest) };
}

const DOMAIN_SIGNOFF = /^(?:www\.)?([\p{L}\d][\p{L}\d-]*(?:\.[\p{L}\d-]+)*\.[a-z]{2,6})$/iu;
const COPYRIGHT_SIGNOFF = /^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(.+?)[.,]?(?:\s*all rights reserved\.?)?$/i;

/** "Site.Net" or "© 2024 Mines Daily. All rights reserved." → the site's name; else null. */
export function signoffName(line: string): string | null {
  const domain = DOMAIN_SIGNOFF.exec(line);
  if (domain) return domain[1];
  const copyright = COPYRIGHT_SIGNOFF.exec(line);
  return copyright && copyright[1].length <= 60 ? copyright[1] : null;
}

/**
 * A date-stamp prefix "SiteName (29/10/2025): " before the first sentence. The name is the
 * publisher, the date the article's; the rest of the line is body text.
 */
const DATESTAMP_PREFIX = /^(\p{Lu}[\p{L}\d.&'’ -]{0,40}?)\s*\(([^()]{6,30})\)\s*[:–—-]\s+(?=\S)/u;

export interface DatestampPrefix {
  name: string;
  published: string;
  /** The line without the prefix. */
  rest: string;
}

export function splitDatestampPrefix(line: string): DatestampPrefix | null {
  const m = DATESTAMP_PREFIX.exec(line);
  if (!m) return null;
  const published = dateOnlyLine(m[2]);
  return published ? { name: m[1].trim(), published, rest: line.slice(m[0].length) } : null;
}

/** The "Site (date):" prefix of the first body paragraph (the cleaner strips it from the body). */
function firstParagraphPrefix(lines: readonly ClassifiedLine[]): DatestampPrefix | null {
  const first = lines.find((l) => l.kept);
  return first && first.kind !== 'bullet' ? splitDatestampPrefix(first.text) : null;
}

/** The lines that belong to the article: all up to the first section marker below the body (past it, bylines and dates are other stories'). */
function attachedLines(lines: readonly ClassifiedLine[]): readonly ClassifiedLine[] {
  const marker = lines.findIndex((l) => l.zone === 'footer' && l.kind === 'marker');
  return marker < 0 ? lines : lines.slice(0, marker);
}

/** Title: the longest headline-shaped line above the body (the cleaner has already told chrome and teasers apart). */
function readTitle(lines: readonly ClassifiedLine[], publisher: string | null): string | null {
  let best: string | null = null;
  for (const line of lines) {
    if (line.zone !== 'header' || line.kind !== 'heading') continue;
    if (publisher && line.text.toLowerCase() === publisher.toLowerCase()) continue;
    if (!best || line.text.length > best.length) best = line.text;
  }
  return best;
}

/** Publisher: the first body line's "Name (date):" prefix, else a sign-off line below the body, else one above it. */
function readPublisher(lines: readonly ClassifiedLine[]): string | null {
  const prefix = firstParagraphPrefix(lines);
  if (prefix) return prefix.name;
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
      const byline = parseByline(line.text);
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
 * Published: the dateline prefix, a "Published on <date>" line, a dated byline, or a lone date
 * line between the headline and the body. A lone date above the headline or beside the weather
 * is the page's date bar (when it was saved), and teaser dates are other stories': both → null.
 */
function readPublished(lines: readonly ClassifiedLine[], title: string | null): string | null {
  const prefix = firstParagraphPrefix(lines);
  if (prefix) return prefix.published;
  for (const line of attachedLines(lines)) {
    const stated = line.kind === 'byline' ? parseByline(line.text)?.published : publishedLine(line.text);
    if (stated) return stated;
  }
  const titleAt = title ? lines.findIndex((l) => l.zone === 'header' && l.text === title) : -1;
  if (titleAt < 0) return null;
  for (let i = titleAt + 1; i < lines.length && lines[i].zone === 'header'; i++) {
    if (lines[i].kind !== 'date') continue;
    const nearWeather = lines
      .slice(Math.max(0, i - DATE_BAR_REACH), i + DATE_BAR_REACH + 1)
      .some((l) => l.kind === 'weather');
    return nearWeather ? null : dateOnlyLine(lines[i].text);
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
