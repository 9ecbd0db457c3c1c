/**
 * Direct quotes and who said them.
 *
 * A quote is the text between curly (“…”) or straight ("…") double quotes. Attribution, first
 * rule that matches wins, all within the quote's sentence:
 * - after the quote: `“…,” said John Smith, professor of geology at X University`,
 *   `“…,” Jane Doe of Acme Corp explained.`, `“…,” she said.`;
 * - right before it: `Smith said: “…”`, `She stated, “…”`, `According to the White House, the
 *   framework ensures “…”` (the named source, as written: "the White House");
 * - earlier in the sentence, a verb of saying or naming: `Doe called the deal “the best in a
 *   generation”` (the subject), `described by Energy Minister Jane Doe as “…”` (the agent);
 * - none of those, but the quote opens the sentence right after an attributed quote of the
 *   same paragraph: `“A,” said X. “B.”` → X said B too.
 * Pronouns (he/she → the most recent person named before; it → the most recent organisation)
 * and surnames resolve to the full name the article uses, with the role it states for them
 * anywhere ("Japan's Prime Minister Jane Doe" → "Prime Minister"); a surname the article never
 * completes stays as it is ("“…,” Smith said." → "Smith"). No match → speaker null.
 *
 * Scare quotes are not quotes: a span of fewer than 4 words counts only when a verb of saying
 * sits right beside it (“No comment,” she said), so “golden age” or "white gold" never do.
 * An unattributed span of 4+ words counts only if it reads as speech: it ends in . ! ? or a
 * comma, or its sentence holds a verb of saying ("Made in China 2025" is a name, not a quote).
 */
import { findNames, mostCommon, resolveMentions, rolesByName, type NameMention } from './entities.js';
import type { Quote } from './types.js';

const SPAN_RE = /“([^”]*)(?:”|$)|"([^"\n]*)"/g;
const TRAILING_PUNCT_RE = /[\s,.;:]+$/u;
const KEEP_END_CHAR_RE = /[\s,.!?;:]/u;
const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const SPEECH_END_RE = /[.!?,]\s*$/u;
/** Sentence end: . ! ? (maybe closing a quote) then space, not after "U.S." or "Mr.". */
const SENTENCE_END_RE = /(?<!\b\p{Lu}|\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Jr|Sr|Inc|Corp|Ltd|Co|vs|No))[.!?]["”’]?\s+(?=[\p{Lu}\p{N}“"‘])/gu;

/** Verbs of saying, lowercase only: "States" in "the United States" is no verb. */
const SAY =
  'said|says|say|told|tells|added|adds|adding|explained|explains|declared|declares|noted|notes|noting|stated|states|remarked|remarks|warned|warns|warning|argued|argues|insisted|insists|asked|asks|replied|replies|wrote|writes|continued|observed|commented|emphasi[sz]ed|stressed|announced|acknowledged|admitted|claimed|predicted|cautioned|recalled|suggested|confirmed|tweeted|posted|concluded|quipped|joked|boasted|vowed|promised|urged|conceded|maintained|saying|telling|declaring';
/** Verbs that put words in a subject's mouth without "said": `called the deal “…”`. */
const NAMING = `${SAY}|called|calls|calling|described|describes|describing|termed|dubbed|labell?ed|hailed|hails|branded|praised|characteri[sz]ed`;
const SAY_BEFORE_RE = new RegExp(`\\b(?:${SAY})(?:\\s+that)?\\s*[,:]?\\s*$`, 'u');
const SAY_AFTER_RE = new RegExp(`^[\\s,]*(?:${SAY})\\s+`, 'u');
const FILLER_THEN_SAY_RE = new RegExp(
  `^(?:\\s+of\\s+[^,.;“”"]{1,80}?|,[^,“”"]{1,140},)?\\s+(?:\\p{Ll}+ly\\s+)?(?:${SAY})\\b`,
  'u',
);
const PRONOUN_SAY_AFTER_RE = new RegExp(`^[\\s,]*(he|she|it)\\s+(?:\\p{Ll}+ly\\s+)?(?:${SAY})\\b`, 'iu');
const NAMING_RE = new RegExp(`\\b(?:${NAMING})\\b`, 'gu');
const SAY_ANYWHERE_RE = new RegExp(`\\b(?:${SAY})\\b`, 'u');
const ACCORDING_RE = /\baccording to\s+([^,;“”"]{2,60}?)\s*,/iu;
const PRONOUN_RE = /\b(he|she|it|He|She|It)\b/gu;
const BY_BEFORE_RE = /\bby\s+(?:[\p{Lu}][\p{L}.’'-]*\s+)*$/u;
const TITLE_GAP_RE = /^[\s,]*(?:[\p{Lu}][\p{L}.’'-]*\s+)*$/u;
const UPPER_RE = /\p{Lu}/u;
const MIN_WORDS = 4;

interface Span {
  /** Index of the opening mark. */
  open: number;
  /** Index just past the closing mark (or the paragraph end for an unclosed quote). */
  close: number;
  inner: string;
}

type Kind = 'person' | 'organization';

interface Placed extends NameMention {
  para: number;
}

interface Speaker {
  name: string;
  role: string | null;
  /** Adjacent: a verb of saying right beside the quote; sentence: elsewhere in its sentence. */
  strength: 'adjacent' | 'sentence';
}

function findSpans(paragraph: string): Span[] {
  const spans: Span[] = [];
  // exec loops here and below, not matchAll: matchAll clones the regex on every call.
  SPAN_RE.lastIndex = 0;
  for (let m = SPAN_RE.exec(paragraph); m !== null; m = SPAN_RE.exec(paragraph)) {
    spans.push({ open: m.index, close: m.index + m[0].length, inner: m[1] ?? m[2] ?? '' });
  }
  return spans;
}

/** Length of the closing punctuation and spaces ending a quote: a backward scan, not an end-anchored regex tried at every offset. */
function closingLength(inner: string): number {
  let i = inner.length;
  while (i > 0 && KEEP_END_CHAR_RE.test(inner[i - 1])) i--;
  return inner.length - i;
}

/**
 * The paragraph with each quote's words replaced by "q" (same length, so offsets hold) but
 * its closing punctuation kept: names and verbs inside a quote are not attribution, and
 * `…dynamics.” Next` still ends a sentence.
 */
function mask(paragraph: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    const innerStart = s.open + 1;
    const hidden = s.inner.length - closingLength(s.inner);
    out += paragraph.slice(at, innerStart) + 'q'.repeat(hidden) + paragraph.slice(innerStart + hidden, s.close);
    at = s.close;
  }
  return out + paragraph.slice(at);
}

function sentenceBounds(masked: string, pos: number): [number, number] {
  let start = 0;
  let end = masked.length;
  SENTENCE_END_RE.lastIndex = 0;
  for (let m = SENTENCE_END_RE.exec(masked); m !== null; m = SENTENCE_END_RE.exec(masked)) {
    const boundary = m.index + m[0].length;
    if (boundary <= pos) start = boundary;
    else {
      end = m.index + 1;
      break;
    }
  }
  return [start, end];
}

/** Words in `s`, counted up to `max` only: callers just compare with MIN_WORDS, and quotes can be long. */
function wordCount(s: string, max: number): number {
  let n = 0;
  WORD_RE.lastIndex = 0;
  while (n < max && WORD_RE.exec(s) !== null) n++;
  return n;
}

interface ArticleContext {
  mentions: Placed[];
  roles: Map<string, string | null>;
}

const before = (m: Placed, para: number, pos: number): boolean => m.para < para || (m.para === para && m.end <= pos);

/** The most recent name of that kind before a position of the article (lone words are too weak). */
function mostRecent(ctx: ArticleContext, kind: Kind, para: number, pos: number): Placed | null {
  for (let i = ctx.mentions.length - 1; i >= 0; i--) {
    const m = ctx.mentions[i];
    if (m.type === kind && !m.surnameOnly && before(m, para, pos)) return m;
  }
  return null;
}

function speakerOf(ctx: ArticleContext, m: NameMention, strength: Speaker['strength']): Speaker {
  return { name: m.name, role: m.type === 'person' ? (ctx.roles.get(m.name) ?? m.role) : null, strength };
}

function fromPronoun(ctx: ArticleContext, pronoun: string, para: number, pos: number, strength: Speaker['strength']): Speaker | null {
  const kind: Kind = pronoun.toLowerCase() === 'it' ? 'organization' : 'person';
  const m = mostRecent(ctx, kind, para, pos);
  return m ? speakerOf(ctx, m, strength) : null;
}

/** The subject closest before `pos` in [from, pos): a person, a pronoun, else an organisation. */
function subjectBefore(ctx: ArticleContext, masked: string, para: number, from: number, pos: number, strength: Speaker['strength']): Speaker | null {
  // A lone unresolved word ("Smith") is a subject only right beside the verb of saying.
  const inRange = ctx.mentions.filter((m) => m.para === para && m.start >= from && m.end <= pos && (strength === 'adjacent' || !m.surnameOnly));
  const person = inRange.filter((m) => m.type === 'person').at(-1);
  let pronoun: RegExpExecArray | null = null;
  for (const p of masked.slice(from, pos).matchAll(PRONOUN_RE)) pronoun = p;
  if (pronoun !== null && (person === undefined || from + pronoun.index > person.start)) {
    return fromPronoun(ctx, pronoun[1], para, from + pronoun.index, strength);
  }
  const subject = person ?? inRange.filter((m) => m.type === 'organization').at(-1);
  return subject ? speakerOf(ctx, subject, strength) : null;
}

/** `“…,” said X`, `“…,” X of Y explained`, `“…,” she said`. */
function attributionAfter(ctx: ArticleContext, masked: string, para: number, at: number, end: number): Speaker | null {
  const after = masked.slice(at, end);
  const inPara = ctx.mentions.filter((m) => m.para === para && m.start >= at && m.end <= end);
  const verb = SAY_AFTER_RE.exec(after);
  if (verb !== null) {
    const named = inPara.find((m) => TITLE_GAP_RE.test(masked.slice(at + verb[0].length, m.start)));
    if (named) return speakerOf(ctx, named, 'adjacent');
  }
  const pronoun = PRONOUN_SAY_AFTER_RE.exec(after);
  if (pronoun !== null) return fromPronoun(ctx, pronoun[1], para, at, 'adjacent');
  const first = inPara[0];
  if (first && TITLE_GAP_RE.test(masked.slice(at, first.start).replace(/^[\s,]+/u, '')) && FILLER_THEN_SAY_RE.test(masked.slice(first.end, end))) {
    return speakerOf(ctx, first, 'adjacent');
  }
  return null;
}

/** `X said: “…”`, `According to X, … “…”`, `X called it “…”`, `described by X as “…”`. */
function attributionBefore(ctx: ArticleContext, masked: string, para: number, from: number, at: number): Speaker | null {
  const text = masked.slice(from, at);
  const say = SAY_BEFORE_RE.exec(text);
  if (say !== null) return subjectBefore(ctx, masked, para, from, from + say.index, 'adjacent');
  const according = ACCORDING_RE.exec(text);
  if (according !== null) {
    const start = from + according.index;
    const person = ctx.mentions.find((m) => m.para === para && m.type === 'person' && m.start >= start && m.end <= start + according[0].length);
    if (person) return speakerOf(ctx, person, 'sentence');
    return UPPER_RE.test(according[1]) ? { name: according[1].trim(), role: null, strength: 'sentence' } : null;
  }
  let verb: RegExpExecArray | null = null;
  for (const v of text.matchAll(NAMING_RE)) verb = v;
  if (verb === null) return null;
  const verbAt = from + verb.index;
  const agent = ctx.mentions.find((m) => m.para === para && m.start > verbAt && m.end <= at && BY_BEFORE_RE.test(masked.slice(verbAt, m.start)));
  if (agent) return speakerOf(ctx, agent, 'sentence');
  return subjectBefore(ctx, masked, para, from, verbAt, 'sentence');
}

function cleanText(inner: string): string {
  return inner.trim().replace(TRAILING_PUNCT_RE, '');
}

/**
 * Quotes of one article, in order. `paragraphs` are the cleaned body paragraphs (quotes do
 * not cross paragraphs, except an unclosed one, which runs to its paragraph's end).
 */
export function extractQuotes(paragraphs: string[], articleId: string): Quote[] {
  const spansByPara = paragraphs.map(findSpans);
  // Names after the last quote cannot attribute anything: stop reading there.
  let lastQuoted = spansByPara.length - 1;
  while (lastQuoted >= 0 && spansByPara[lastQuoted].length === 0) lastQuoted--;
  if (lastQuoted < 0) return [];
  const masked = paragraphs.slice(0, lastQuoted + 1).map((p, i) => mask(p, spansByPara[i]));
  const placed: Placed[] = [];
  masked.forEach((text, para) => {
    // Built field by field: an object spread here cost more than finding the names.
    for (const m of findNames(text)) placed.push({ name: m.name, type: m.type, role: m.role, start: m.start, end: m.end, surnameOnly: m.surnameOnly, para });
  });
  const mentions = resolveMentions(placed, true);
  const ctx: ArticleContext = { mentions, roles: rolesByName(mentions) };
  const quotes: Quote[] = [];
  masked.forEach((text, para) => {
    let previous: Speaker | null = null;
    for (const span of spansByPara[para]) {
      const words = wordCount(span.inner, MIN_WORDS);
      if (words === 0) continue;
      const [from, end] = sentenceBounds(text, span.open);
      let speaker = attributionAfter(ctx, text, para, span.close, end) ?? attributionBefore(ctx, text, para, from, span.open);
      if (speaker === null && previous !== null && text.slice(from, span.open).trim() === '') speaker = previous;
      const isQuote =
        words >= MIN_WORDS
          ? speaker !== null || SPEECH_END_RE.test(span.inner) || SAY_ANYWHERE_RE.test(text.slice(from, end))
          : speaker?.strength === 'adjacent';
      if (!isQuote) continue;
      previous = speaker;
      quotes.push({ speaker: speaker?.name ?? null, role: speaker?.role ?? null, text: cleanText(span.inner), articleIds: [articleId] });
    }
  });
  return quotes;
}

const QUOTE_NORM_RE = /[^\p{L}\p{N}]+/gu;
const normaliseQuote = (text: string): string => ` ${text.toLowerCase().replace(/[’']/gu, '').replace(QUOTE_NORM_RE, ' ').trim()} `;
const lastWord = (name: string): string => name.slice(name.lastIndexOf(' ') + 1).toLowerCase();

/** Same speaker, or one names only the other's surname, or one is unknown. */
function compatible(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x === y || (!x.includes(' ') && lastWord(y) === x) || (!y.includes(' ') && lastWord(x) === y);
}

interface QuoteGroup {
  norm: string;
  members: Quote[];
  /**
   * Distinct non-null speakers in first-appearance order, with how many members name each: a
   * group of 1,000 syndicated copies has one or two, so checking a newcomer against them (not
   * against every member) keeps merging linear.
   */
  speakers: Map<string, number>;
  text: string;
  first: number;
}

/** The fullest speaker name (most words, then most often), and the role stated most often. */
function bestSpeaker(g: QuoteGroup): Pick<Quote, 'speaker' | 'role'> {
  if (g.speakers.size === 0) return { speaker: null, role: null };
  const words = (s: string): number => s.split(' ').length;
  let speaker = '';
  for (const [s, n] of g.speakers) {
    if (!speaker || words(s) > words(speaker) || (words(s) === words(speaker) && n > g.speakers.get(speaker)!)) speaker = s;
  }
  return { speaker, role: mostCommon(g.members.filter((q) => q.speaker !== null).map((q) => q.role)) };
}

function join(g: QuoteGroup, q: Quote): void {
  g.members.push(q);
  if (q.speaker !== null) g.speakers.set(q.speaker, (g.speakers.get(q.speaker) ?? 0) + 1);
}

const fourGrams = (norm: string): string[] => {
  const ws = norm.trim().split(' ');
  const out: string[] = [];
  for (let i = 0; i + MIN_WORDS <= ws.length; i++) out.push(ws.slice(i, i + MIN_WORDS).join(' '));
  return out;
};

function addTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * One quote per thing said: copies whose normalised text is equal, or contained in a longer
 * one ("the greatest alliance in the world" in "This is the greatest alliance in the world"),
 * merge when their speakers agree (or one is unknown). The merged quote keeps the longest
 * text, all articleIds, the fullest speaker name and the role most often given; quotes keep
 * the order of first appearance, articleIds sorted.
 * Cost: containment is looked up by the contained quote's first four words, not by pairs.
 */
export function mergeQuotes(quotes: Quote[]): Quote[] {
  const order = quotes.map((q, i) => ({ q, i, norm: normaliseQuote(q.text) }));
  order.sort((a, b) => b.norm.length - a.norm.length || a.i - b.i);
  const groups: QuoteGroup[] = [];
  const byGram = new Map<string, QuoteGroup[]>();
  const byNorm = new Map<string, QuoteGroup[]>();
  for (const { q, i, norm } of order) {
    const grams = fourGrams(norm);
    const candidates = grams.length > 0 ? (byGram.get(grams[0]) ?? []) : (byNorm.get(norm) ?? []);
    const fits = (g: QuoteGroup) => g.norm.includes(norm) && [...g.speakers.keys()].every((s) => compatible(s, q.speaker));
    const group = candidates.find(fits);
    if (group) {
      join(group, q);
      group.first = Math.min(group.first, i);
      continue;
    }
    const created: QuoteGroup = { norm, members: [], speakers: new Map(), text: q.text, first: i };
    join(created, q);
    groups.push(created);
    addTo(byNorm, norm, created);
    for (const g of new Set(grams)) addTo(byGram, g, created);
  }
  return groups
    .sort((a, b) => a.first - b.first)
    .map((g) => ({
      ...bestSpeaker(g),
      text: g.text,
      articleIds: [...new Set(g.members.flatMap((m) => m.articleIds))].sort(),
    }));
}
