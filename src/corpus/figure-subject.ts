/**
 * The normalised subject of a figure: a short noun phrase that lets the same fact from different
 * articles group ("share of rare-earth refining", "investment in the US", "cherry trees").
 *
 * Rules, by kind of figure (examples are imagined articles):
 * - share (%): the noun phrase after "of" names the activity; an activity family table maps its
 *   words to one name (mining, production, extraction, output, supply → "mining"; refining,
 *   processing, separation, smelting → "refining"; …) and the commodity comes from the phrase,
 *   else the sentence, else the article: "about 60% of global graphite output" and "some 60% of
 *   the world's graphite supply" both → "share of graphite mining". Lists share the phrase after
 *   the last item ("12% and 8% of extraction"); a share with no phrase takes the previous share's
 *   subject in the sentence ("…, while A and B add another 5%").
 * - growth (% after rise/fall verbs, or "a 40% increase in X"): "<head noun> growth|decline",
 *   the head being the noun before "for/of/in" in the subject ("demand for cobalt is set to rise
 *   30%" → "demand growth"), with the target year when stated ("… by 2030").
 * - money: the noun phrase after the amount with its "in/for/on/with" complement ("a $2bn
 *   fund for battery plants" → "fund for battery plants"); else a verb before, nominalised
 *   ("invested $40m in Ridgeway" → "investment in Ridgeway"); else "<noun> of $X"; else "amount".
 * - rates: "<commodity> price". Measures: the phrase after "of", else "<commodity> <family>".
 * - counts: the counted noun ("cherry trees"). Durations: the noun they modify, else "duration".
 * Subjects that fell back to a generic word are listed in GENERIC_SUBJECTS: they never conflict.
 */
import type { Amount } from './figure-amounts.js';

export const GENERIC_SUBJECTS = new Set(['amount', 'quantity', 'duration', 'share', 'growth', 'decline', 'price']);

export interface SubjectContext {
  sentence: string;
  amount: Amount;
  /** Start of the list the figure belongs to ("12% and 8%"): context before it is shared. */
  listStart: number;
  /** End of that list: the phrase after it is shared. */
  listEnd: number;
  /** Subject of the previous percentage in the sentence, if any: a share stated without its phrase repeats it. */
  previousPercent: string | null;
  /** The commodity of the sentence, else of the article ("rare-earth", "lithium"), or null. */
  commodity: () => string | null;
}

const COMMODITIES = String.raw`rare[\s-]earths?|REEs?|lithium|cobalt|nickel|graphite|copper|manganese|gallium|germanium|antimony|tungsten|uranium|vanadium|platinum|palladium|zinc|silver|gold|iron ore|bauxite|alumin(?:i)?um|magnesium|titanium|niobium|tantalum|molybdenum|critical minerals?`;
const COMMODITY = new RegExp(String.raw`\b(?:${COMMODITIES})\b`, 'gi');
const WHOLE_COMMODITY = new RegExp(`^(?:${COMMODITIES})$`, 'i');

/** "Lithium", "Rare Earths": a commodity named alone, never an entity. */
export const isCommodity = (text: string): boolean => WHOLE_COMMODITY.test(text);

/** "Rare earths" → "rare-earth", "critical minerals" → "critical-mineral", "Lithium" → "lithium". */
const commodityName = (m: string): string => {
  const l = m.toLowerCase().replace(/\s+/g, ' ');
  if (/^(?:rare[\s-]earths?|rees?)$/.test(l)) return 'rare-earth';
  if (l.startsWith('critical mineral')) return 'critical-mineral';
  if (l === 'aluminum') return 'aluminium';
  return l.replace(' ', '-');
};

export function commodityIn(text: string): string | null {
  COMMODITY.lastIndex = 0;
  const m = COMMODITY.exec(text);
  return m ? commodityName(m[0]) : null;
}

/** The commodity named most often across an article's sentences, or null. */
export function mainCommodity(sentences: string[]): string | null {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const m of s.matchAll(COMMODITY)) counts.set(commodityName(m[0]), (counts.get(commodityName(m[0])) ?? 0) + 1);
  let best: string | null = null;
  for (const [name, n] of counts) if (!best || n > counts.get(best)!) best = name;
  return best;
}

const FAMILIES: [RegExp, string][] = [
  [/^(?:min(?:e|es|ed|ing)|produc(?:e|ed|es|ing|tion|ers?)|output|extract(?:ed|ion|ing)?|suppl(?:y|ies|ied)|mined)$/, 'mining'],
  [/^(?:refin(?:e|ed|es|ing|ery|eries|ers?)|process(?:ed|ing|ors?)?|separat(?:ed|ion|ing)|smelt(?:ed|ing|ers?))$/, 'refining'],
  [/^(?:reserves?|deposits?|resources)$/, 'reserves'],
  [/^(?:magnets?)$/, 'magnets'],
  [/^(?:exports?|exported|shipments?)$/, 'exports'],
  [/^(?:imports?|imported)$/, 'imports'],
  [/^(?:demand|consumption|consumed|use)$/, 'demand'],
];
/** A loop, not find: it runs per word, and lowercases the word once rather than per family. */
function familyOf(word: string): string | null {
  const l = word.toLowerCase();
  for (const [re, family] of FAMILIES) if (re.test(l)) return family;
  return null;
}

const GROWTH_VERB = /\b(?<v>ris(?:e|es|en|ing)|rose|grow(?:s|n|ing)?|grew|surg(?:e|es|ed|ing)|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|soar(?:s|ed|ing)?|increas(?:e|es|ed|ing)|gain(?:s|ed|ing)?|expand(?:s|ed|ing)?|up|fall(?:s|en|ing)?|fell|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|plung(?:e|es|ed|ing)|slump(?:s|ed|ing)?|tumbl(?:e|es|ed|ing)|sank|sink(?:s|ing)?|slid(?:e|es|ing)?|decreas(?:e|es|ed|ing)|down|shr(?:ink|inks|ank|unk|inking)|cut(?:s|ting)?)(?:\s+by)?\s+$/i;
const GROWTH_NOUN = /^(?:increase|rise|jump|growth|surge|gain|expansion|decline|drop|fall|decrease|cut|slump|plunge|reduction)$/i;
const FALLING = /^(?:fall|fell|drop|declin|plung|slump|tumbl|sank|sink|slid|decreas|down|shr|cut|reduc)/i;
const BY_YEAR = /\s+(?<p>by|in|until|through)\s+(?<y>(?:19|20)\d{2})\b/y;
const AUXILIARIES = new Set(
  'is are was were be been being has have had will would could may might should can to set expected projected forecast predicted likely poised due seen estimated anticipated already also further sharply more than nearly almost about'.split(' '),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.&-]*|[^\s\p{L}\p{N}]/gu;
const IS_WORD = /^[\p{L}\p{N}]/u;
/** Words that end a noun phrase read forwards. */
const NP_STOP = new Set(
  'that which who whom whose while whereas but as with to from by at is are was were will would has have had could can may might should than since because after before when where if last next this year years month months week ago annually earlier later including compared amid despite per each under over against across within through during among around near toward towards via below above beyond without'.split(' '),
);
const DETERMINERS = new Set('the a an its their his her our this these those global world’s world\'s worldwide total overall'.split(' '));
/** Words that end a noun phrase read backwards (what stands before the subject). */
const BACK_STOP = new Set('the a an with as while and but that which its their his her this these those when if since because whereas although'.split(' '));
const PP_HEADS = new Set(['in', 'for', 'into', 'on', 'with']);
const NOMINALS: [RegExp, string][] = [
  [/^invest(?:s|ed|ing)?$/i, 'investment'],
  [/^(?:spen[dt]|spends|spending)$/i, 'spending'],
  [/^(?:rais(?:e|es|ed|ing)|fund(?:s|ed|ing)?)$/i, 'funding'],
  [/^(?:lend(?:s|ing)?|lent|borrow(?:s|ed|ing)?|loan(?:s|ed)?)$/i, 'loan'],
  [/^(?:pa(?:y|ys|id|ying))$/i, 'payment'],
  [/^(?:pledg(?:e|es|ed|ing)|commit(?:s|ted|ting)?)$/i, 'pledge'],
  [/^(?:allocat(?:e|es|ed|ing))$/i, 'allocation'],
  [/^(?:cost(?:s|ing)?)$/i, 'cost'],
  [/^(?:earn(?:s|ed|ing)?)$/i, 'earnings'],
  [/^(?:(?:sell|sells|selling|sold))$/i, 'sale'],
  [/^(?:(?:buy|buys|buying|bought|acquir(?:e|es|ed|ing)))$/i, 'acquisition'],
  [/^(?:worth|valued)$/i, 'value'],
];

const ABBREVIATION = /^(?:\p{L}\.)+$/u;
// Regexes used per word below, compiled once: a literal in a callback is a new RegExp object each call.
const HAS_DIGIT = /\d/;
const US = /^(?:U\.S\.?|USA)$/;
const UK = /^(?:U\.K\.?)$/;
const HYPHENATED_NAMES = /^(\p{Lu}[\p{L}.]*)-(\p{Lu})/u;
const US_BEFORE_DASH = /\bU\.S\.?(?=–)/;
const CAPITALISED_WORD = /^\p{Lu}\p{Ll}+$/u;
const PREPOSITION = /^(?:of|for|in|on)$/i;
const HEDGE = /^(?:nearly|almost|about|around|over|more|some|an|approximately|roughly|estimated)$/;
const VERB_LIKE = /(?:ed|ing|s|ly)$/;
const COPULA_OR_CHANGE = /^(?:is|are|was|were|be|been|up|down|rose|fell|by|to)$/i;
const ARTICLE = /^(?:a|an|the)$/i;
const COMPLEMENT = /^\s+(?<p>in|for|into|on|with)\s+(?:the\s+)?/i;
const CAPITALISED = /^\p{Lu}/u;
const NOUN_BEFORE_OF = /(?<np>(?:[\p{L}-]+\s+){0,1}[\p{L}-]+)\s+(?:of|worth|at)\s+$/u;
const SHARE_NOUN = /^(?:share|portion|proportion|majority)$/i;
/** A sentence's final dot is not part of its last word; "U.S." keeps its dots. */
const trimDot = (w: string): string => (w.length > 1 && w.endsWith('.') && !ABBREVIATION.test(w) ? w.slice(0, -1) : w);
/** Words and punctuation marks. */
const words = (text: string): string[] => (text.match(WORD) ?? []).map(trimDot);
/** How far forwards a phrase is read. */
const WINDOW = 120;

/**
 * The words `words(s.slice(at, at + span))` would list, read lazily, one per call (null after the
 * last): phrases read forwards stop after a few of the window's twenty-odd words.
 */
function wordsFrom(s: string, at: number, span: number): () => string | null {
  const end = Math.min(s.length, at + span);
  let pos = at;
  let tail: string[] | null = null;
  return () => {
    if (tail !== null) return tail.shift() ?? null;
    WORD.lastIndex = pos;
    const m = WORD.exec(s);
    if (m === null || m.index >= end) return null;
    pos = WORD.lastIndex;
    if (m.index + m[0].length <= end) return trimDot(m[0]);
    // The window cuts this word: from here on, the slice's own words.
    tail = words(s.slice(m.index, end));
    return tail.shift() ?? null;
  };
}

/** One word of a subject: "U.S." → "US", "US-Australia" → "US–Australia", a final dot dropped. */
function tidyWord(w: string): string {
  // Each rewrite only where its cheap precondition holds: most words have no "U", hyphen or dot.
  let t = w.startsWith('U') ? w.replace(US, 'US').replace(UK, 'UK') : w;
  if (t.includes('-')) t = t.replace(HYPHENATED_NAMES, '$1–$2');
  if (t.endsWith('.')) t = t.slice(0, -1);
  return t.includes('U.S') ? t.replace(US_BEFORE_DASH, 'US') : t;
}

/** "U.S." → "US", "US-Australia" → "US–Australia", common words lowercased, proper names kept. */
export function tidySubject(ws: string[]): string {
  let out = '';
  for (let i = 0; i < ws.length; i++) {
    const w = tidyWord(ws[i]);
    out += i === 0 ? (CAPITALISED_WORD.test(w) ? w.toLowerCase() : w) : ` ${w}`;
  }
  return out;
}

/** Noun phrase words from a position, up to a stop word or punctuation; determiners dropped. */
function phraseAfter(s: string, at: number, max: number): string[] {
  const ws: string[] = [];
  const next = wordsFrom(s, at, WINDOW);
  for (let t = next(); t !== null; t = next()) {
    const l = t.toLowerCase();
    if (ws.length >= max || !IS_WORD.test(t) || HAS_DIGIT.test(t) || NP_STOP.has(l) || PP_HEADS.has(l) || l === 'of' || l === 'and' || l === 'or') break;
    if (ws.length > 0 || !DETERMINERS.has(l)) ws.push(t);
  }
  return ws;
}

const SINGULAR_KEEP = new Set(['sales', 'earnings', 'news', 'series', 'species', 'resources', 'reserves']);
const singularNoun = (w: string): string => {
  const l = w.toLowerCase();
  if (SINGULAR_KEEP.has(l) || !/[^s]s$/.test(l)) return l;
  return l.endsWith('ies') ? `${l.slice(0, -3)}y` : l.slice(0, -1);
};

/** The head noun of the subject standing before a verb: "global demand for cobalt is set to" → "demand". */
function headBefore(s: string, at: number): string | null {
  const ws = words(s.slice(Math.max(0, at - 100), at));
  while (ws.length && AUXILIARIES.has(ws[ws.length - 1].toLowerCase())) ws.pop();
  const phrase: string[] = [];
  for (let i = ws.length - 1; i >= 0 && phrase.length < 6; i--) {
    const l = ws[i].toLowerCase();
    if (!IS_WORD.test(ws[i]) || BACK_STOP.has(l) || HAS_DIGIT.test(l)) break;
    phrase.unshift(ws[i]);
  }
  const prep = phrase.findIndex((w) => PREPOSITION.test(w));
  const head = prep > 0 ? phrase[prep - 1] : phrase[phrase.length - 1];
  return head && !PREPOSITION.test(head) ? singularNoun(head.replace(/['’]s$/, '')) : null;
}

function growthSubject(ctx: SubjectContext, verb: string, head: string | null): string {
  const year = sticky(BY_YEAR, ctx.sentence, ctx.listEnd)?.groups;
  const change = FALLING.test(verb) ? 'decline' : 'growth';
  return [head, change, year ? `${year.p.toLowerCase()} ${year.y}` : null].filter(Boolean).join(' ');
}

const sticky = (re: RegExp, s: string, at: number): RegExpExecArray | null => {
  re.lastIndex = at;
  return re.exec(s);
};

const OF = /\s+(?:of|in)\s+/y;
const OF_ONLY = /\s+of\s+/y;

/** "of the refining and processing market" → words up to a stop, "and" kept between nouns. */
function ofPhrase(s: string, at: number, re: RegExp = OF): string[] | null {
  const m = sticky(re, s, at);
  if (!m) return null;
  const out: string[] = [];
  const next = wordsFrom(s, m.index + m[0].length, WINDOW);
  for (let t = next(); t !== null; t = next()) {
    const l = t.toLowerCase();
    if (!IS_WORD.test(t) || HAS_DIGIT.test(t) || NP_STOP.has(l) || out.length >= 8) break;
    if (l === 'and' || l === 'or' || l === 'of' || l === 'in' || l === 'for' || l === 'on') {
      out.push(l);
      continue;
    }
    if (HEDGE.test(l) && out.at(-1) === 'and') break;
    out.push(t);
  }
  while (out.length && CONNECTORS.test(out[out.length - 1])) out.pop();
  return out.length ? out : null;
}

/**
 * The activity named by a verb shortly before a figure: "Chile mines 30% of…" → "mining", and
 * "Congo mined 60% of the cobalt in 2015 and 70% in 2024" → "mining" for both.
 */
function verbFamily(s: string, at: number): string | null {
  const ws = words(s.slice(Math.max(0, at - 80), at)).slice(-10);
  for (let i = ws.length - 1; i >= 0; i--) {
    const family = familyOf(ws[i]);
    if (family) return family;
  }
  return null;
}

/** The family of the first word of a sentence that names one. */
function firstFamily(s: string): string | null {
  const next = wordsFrom(s, 0, s.length);
  for (let w = next(); w !== null; w = next()) {
    const family = familyOf(w);
    if (family) return family;
  }
  return null;
}

const CONNECTORS = /^(?:and|or|of|in|for|on)$/;
/** The content words of a phrase: no determiners, no connectors. */
const content = (phrase: string[]): string[] => phrase.filter((w) => !DETERMINERS.has(w.toLowerCase()) && !CONNECTORS.test(w));
/** Offset just after a phrase's last word, searching from `from`. */
const endOf = (s: string, phrase: string[], from: number): number => {
  const last = phrase[phrase.length - 1];
  return s.indexOf(last, from) + last.length;
};
const familyShare = (family: string, commodity: string | null): string => `share of ${commodity ? `${commodity} ` : ''}${family}`;

function shareSubject(ctx: SubjectContext, phrase: string[]): string {
  const family = phrase.map(familyOf).find(Boolean) ?? verbFamily(ctx.sentence, ctx.listStart);
  const commodity = commodityIn(phrase.join(' ')) ?? (family ? ctx.commodity() : null);
  if (family) return familyShare(family, commodity);
  if (commodity) return `share of ${commodity}`;
  const head = content(phrase);
  return head.length ? `share of ${tidySubject(head.slice(0, 3))}` : 'share';
}

/** The order of tries for a percentage: growth verb, "of" phrase, noun after, noun before "of", the previous share, the sentence. */
function percentSubject(ctx: SubjectContext): string {
  const { sentence: s, listStart, listEnd } = ctx;
  const before = s.slice(Math.max(0, listStart - 40), listStart);
  const verb = GROWTH_VERB.exec(before)?.groups?.v;
  if (verb) return growthSubject(ctx, verb, headBefore(s, listStart - (before.length - before.lastIndexOf(verb))));
  const of = ofPhrase(s, listEnd, OF_ONLY);
  if (of) return shareSubject(ctx, of);
  const after = phraseAfter(s, listEnd, 3);
  // "5% combined", "5% higher" describe the figure; they name no subject.
  if (after.length && !/(?:ed|ly|er)$/.test(after[0])) {
    const head = after[after.length - 1];
    const headEnd = endOf(s, after, listEnd);
    if (GROWTH_NOUN.test(head)) {
      const thing = content(ofPhrase(s, headEnd) ?? []).at(-1);
      return growthSubject(ctx, head, thing ? singularNoun(thing) : null);
    }
    const shareOf = SHARE_NOUN.test(head) ? ofPhrase(s, headEnd) : null;
    return shareOf ? shareSubject(ctx, shareOf) : withComplement(s, after, headEnd);
  }
  const nounOf = nounBeforeOf(s, ctx.amount.start);
  if (nounOf) return nounOf;
  if (ctx.previousPercent) return ctx.previousPercent;
  const family = firstFamily(s);
  const commodity = ctx.commodity();
  return family ? familyShare(family, commodity) : commodity ? `share of ${commodity}` : 'share';
}

/** A head with its "in/for/on/with" complement: "stake in Ridgeway", "investment in the US". */
function withComplement(s: string, head: string[], at: number): string {
  const m = COMPLEMENT.exec(s.slice(at, at + 24));
  const comp = m ? phraseAfter(s, at + m[0].length, 3) : [];
  const tail = comp.length ? [m!.groups!.p.toLowerCase(), ...(m![0].includes('the') && CAPITALISED.test(comp[0]) ? ['the'] : []), ...comp] : [];
  return tidySubject([...head, ...tail]);
}

/** "revenue of $3bn", "a market value of $40m" → the noun before "of". */
function nounBeforeOf(s: string, at: number): string | null {
  const before = s.slice(Math.max(0, at - 40), at);
  // The end-anchored regex is tried from every offset: first the cheap test that the text ends so.
  const trimmed = before.trimEnd();
  if (trimmed.length === before.length || !(trimmed.endsWith('of') || trimmed.endsWith('worth') || trimmed.endsWith('at'))) return null;
  const m = NOUN_BEFORE_OF.exec(before);
  if (!m) return null;
  // The modifier before the noun stays ("market value"), a verb does not ("reported revenue").
  const ws = m.groups!.np
    .split(/\s+/)
    .filter((w, i, all) => !DETERMINERS.has(w.toLowerCase()) && !NP_STOP.has(w.toLowerCase()) && (i === all.length - 1 || !VERB_LIKE.test(w)));
  if (!ws.length || ws.some((w) => COPULA_OR_CHANGE.test(w))) return null;
  return tidySubject(ws);
}

const lastNonArticle = (ws: string[]): string | undefined => {
  for (let i = ws.length - 1; i >= 0; i--) if (!ARTICLE.test(ws[i])) return ws[i];
  return undefined;
};

function moneySubject(ctx: SubjectContext): string {
  const { sentence: s, amount } = ctx;
  const after = phraseAfter(s, ctx.listEnd, 4);
  if (after.length) return withComplement(s, after, endOf(s, after, ctx.listEnd));
  const verb = lastNonArticle(words(s.slice(Math.max(0, amount.start - 30), amount.start)));
  const nominal = verb ? NOMINALS.find(([re]) => re.test(verb))?.[1] : undefined;
  if (nominal) return withComplement(s, [nominal], ctx.listEnd);
  const inOf = ofPhrase(s, ctx.listEnd);
  if (inOf) return tidySubject(content(inOf).slice(0, 4));
  return nounBeforeOf(s, amount.start) ?? 'amount';
}

function measureSubject(ctx: SubjectContext): string {
  const of = ofPhrase(ctx.sentence, ctx.listEnd, OF_ONLY);
  if (of) return tidySubject(content(of).slice(0, 4));
  const nounOf = nounBeforeOf(ctx.sentence, ctx.amount.start);
  if (nounOf) return nounOf;
  const family = verbFamily(ctx.sentence, ctx.amount.start);
  const commodity = ctx.commodity();
  return [commodity, family].filter(Boolean).join(' ') || 'quantity';
}

/** The normalised subject of one figure (see the module comment for the rules). */
export function figureSubject(ctx: SubjectContext): string {
  const { amount } = ctx;
  switch (amount.kind) {
    case 'percent':
    case 'points':
      return percentSubject(ctx);
    case 'money':
      return moneySubject(ctx);
    case 'rate':
      return [ctx.commodity(), 'price'].filter(Boolean).join(' ');
    case 'measure':
      return measureSubject(ctx);
    case 'count':
      return tidySubject(amount.noun!.split(' '));
    case 'duration':
      return amount.noun ? tidySubject(amount.noun.split(' ')) : (nounBeforeOf(ctx.sentence, amount.start) ?? 'duration');
  }
}
