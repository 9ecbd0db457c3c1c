/**
 * Finds the quantities printed in one sentence: the number, its currency or unit, its scale,
 * the qualifier in front of it and, for counts, the counted noun. Regex-driven, no NLP.
 *
 * What is a figure: a number written in digits with a unit a reader can name: a percentage,
 * money ("$8.5 billion", "A$1.2bn", "£40m", "5 billion yuan"), a rate ("$60 per kilogram"), a
 * measure ("60,000 tonnes"), a duration ("10 years", "a 20-year deal"), or a count ("17 metals",
 * "250 cherry trees"); ranges ("12% to 15%", "between $2bn and $3bn") give value and valueMax.
 *
 * What is not: a bare number with nothing to count ("died at 31", "Drishyam 3"), years
 * ("in 2010", "by 2030"), dates ("29/10/2025", "October 29"), times ("10:30", "9 am"), phone
 * numbers, ordinals ("250th", "21st-century", "July 4th"), version numbers ("1.2.3"), digits
 * glued to a word ("Sakhalin-2", "G7", "F-35", "under-14", "5G") and ages ("aged 60",
 * "a 60-year-old", "60 years old").
 *
 * Written numbers ("three mines") are skipped on purpose: they are small counts that rarely
 * carry a story's key facts, and reading them would make every sentence a candidate.
 */

export type AmountKind = 'percent' | 'points' | 'money' | 'rate' | 'measure' | 'duration' | 'count';

/** One quantity as printed. Offsets are into the sentence. */
export interface Amount {
  kind: AmountKind;
  /** In base units: "$8.5 billion" → 8.5e9, "70%" → 70, "2 Mt" → 2e6 (t). For a range, the low end. */
  value: number;
  valueMax?: number;
  /** '%', 'pp', 'bp', ISO currency ('USD'), 'USD/kg', 't', 't/yr', 'kg', 'years', 'count'… */
  unit: string;
  qualifier: string | null;
  /** Start of the wording (the qualifier, "between", or the figure itself). */
  start: number;
  /** Start of the figure proper (currency sign or first digit). */
  figureStart: number;
  end: number;
  /** The counted noun phrase for counts ("cherry trees"); after the unit for "N-year" durations. */
  noun: string | null;
  /** The words as printed, qualifier included: "nearly 90%". */
  wording: string;
}

/** A number with its currency and scale, before its tail (unit, noun) is read. */
interface Core {
  figureStart: number;
  coreEnd: number;
  currency: string | null;
  /** The number as written, before its scale: "8.5" in "$8.5 billion". */
  num: number;
  /** 1 when no scale word follows. */
  scale: number;
  /** Integer written without separators or decimals: a year candidate. */
  plainInteger: boolean;
}

interface Tail {
  kind: AmountKind | 'bare';
  unit: string;
  end: number;
  /** Multiplies the value: "2 Mt" → 1e6, "a decade" → 10 years. */
  factor: number;
  noun: string | null;
}

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
// Longest signs first: "US$" before "$".
const CURRENCY = String.raw`US\s?\$|U\.S\.\s?\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|\$|£|€|¥|₹|₩|(?:USD|EUR|GBP|JPY|CNY|RMB|AUD|CAD|INR|Rs\.?)\s?`;
// Dates (same separator twice), clock times and phone numbers are read whole and thrown away,
// so that none of their parts is taken for a figure.
const SKIP = String.raw`\d{1,4}(?<sep>[/.-])\d{1,2}\k<sep>\d{2,4}|\d{1,2}:\d{2}|\+?\(?\d{2,4}\)?[ .-]\d{3,4}[ .-]\d{3,4}(?!\d)`;
const SCALE = String.raw`(?:bn|tn|trn|mn|mln|b|m|k)(?![\p{L}\p{N}])|[\s-](?:[Tt]rillion|[Bb]illion|[Mm]illion|[Tt]housand|[Ll]akh|[Cc]rore)\b`;
// Not after a letter, digit or joining mark ("G7", "1.2.3", "29/10"), nor after a letter and a
// hyphen ("Sakhalin-2", "F-35"); a digit and a hyphen is fine ("1-3 years" is a range).
// The leading lookahead lists every character a match can start with (a digit, "+", "(", a currency
// sign or a currency code's first letter): positions failing it are skipped before the costly
// Unicode lookbehinds run, which halves the scan.
const AMOUNT = new RegExp(
  String.raw`(?=[\d+(UACNHSR$£€¥₹₩EGJI])(?<![\p{L}\p{N}_.,/:#@$£€¥'’])(?<!\p{L}[-‐])(?:(?<skip>${SKIP})|(?<cur>${CURRENCY})?(?<num>${NUM})(?<scale>${SCALE})?)`,
  'gu',
);

const SCALES: Record<string, number> = {
  k: 1e3, thousand: 1e3, lakh: 1e5, m: 1e6, mn: 1e6, mln: 1e6, million: 1e6, crore: 1e7,
  b: 1e9, bn: 1e9, billion: 1e9, tn: 1e12, trn: 1e12, trillion: 1e12,
};

const CURRENCY_SIGNS: Record<string, string> = {
  $: 'USD', us$: 'USD', 'u.s.$': 'USD', a$: 'AUD', au$: 'AUD', c$: 'CAD', ca$: 'CAD', nz$: 'NZD',
  hk$: 'HKD', s$: 'SGD', r$: 'BRL', '£': 'GBP', '€': 'EUR', '¥': 'JPY', '₹': 'INR', '₩': 'KRW',
  usd: 'USD', eur: 'EUR', gbp: 'GBP', jpy: 'JPY', cny: 'CNY', rmb: 'CNY', aud: 'AUD', cad: 'CAD',
  inr: 'INR', rs: 'INR', 'rs.': 'INR',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'USD', euro: 'EUR', pound: 'GBP', sterling: 'GBP', yen: 'JPY', yuan: 'CNY', renminbi: 'CNY', rupee: 'INR',
};
const DOLLAR_COUNTRIES: Record<string, string> = {
  us: 'USD', 'u.s.': 'USD', american: 'USD', australian: 'AUD', canadian: 'CAD', 'new zealand': 'NZD', 'hong kong': 'HKD', singapore: 'SGD',
};

const MASS_UNITS: Record<string, [string, number]> = {
  t: ['t', 1], tonne: ['t', 1], ton: ['t', 1], 'metric ton': ['t', 1], 'metric tonne': ['t', 1], mt: ['t', 1e6], kt: ['t', 1e3],
  tpa: ['t/yr', 1], kg: ['kg', 1], kilogram: ['kg', 1], kilo: ['kg', 1], g: ['g', 1], gram: ['g', 1],
  lb: ['lb', 1], pound: ['lb', 1], oz: ['oz', 1], ounce: ['oz', 1], bbl: ['bbl', 1], barrel: ['bbl', 1],
  km: ['km', 1], kilometre: ['km', 1], kilometer: ['km', 1], mile: ['mi', 1], hectare: ['ha', 1], ha: ['ha', 1], acre: ['acre', 1],
};
const DURATIONS: Record<string, [string, number]> = {
  year: ['years', 1], decade: ['years', 10], month: ['months', 1], week: ['weeks', 1], day: ['days', 1], hour: ['hours', 1],
};

const ORDINAL = /(?:st|nd|rd|th)(?![\p{L}])/uy;
const PERCENT = /\s?(?:%|per\s?cent\b|percent\b|pct\b)/iy;
const POINTS = /\s?(?:(?<pp>percentage points?|pp|ppts?)|(?<bp>basis points?|bps?))\b/y;
const CURRENCY_WORD = new RegExp(
  String.raw`\s(?:(?<country>US|U\.S\.|American|Australian|Canadian|New Zealand|Hong Kong|Singapore)\s)?(?<word>dollars?|euros?|pounds sterling|sterling|pounds?(?!\s+of\b)|yen|yuan|renminbi|rupees?)\b`,
  'iy',
);
const PER_UNIT = /(?:\s(?:per|a|an)\s|\s?\/\s?)(?<u>metric tonnes?|metric tons?|tonnes?|tons?|t|kilograms?|kilos?|kg|pounds?|lbs?|ounces?|oz|barrels?|bbl|[kMG]Wh|shares?|years?|yr|annum)\b/y;
const PER_YEAR = /(?:\s(?:per|a)\s|\s?\/\s?)(?:year|yr|annum)\b|\sannually\b/y;
const MEASURE = /\s?(?<u>metric tonnes?|metric tons?|tonnes?|tons?|Mt|kt|t|tpa|kilograms?|kilos|kg|grams?|g|pounds?(?=\s+of\b)|lbs?|ounces?|oz|barrels?|bbl|km|kilometres?|kilometers?|miles?|hectares?|ha|acres?)(?![\p{L}\p{N}])/uy;
const ENERGY = /\s?(?<u>[kMGT]Wh|[kMG]W)(?![\p{L}])/uy;
const DURATION = /[\s-](?<u>years?|decades?|months?|weeks?|days?|hours?)(?![\p{L}])/uy;
const AGE_OR_AGO = /(?:-|\s)(?:old|ago)\b|\s+of\s+age\b/y;
const CLOCK = /\s?(?:a\.m\.|p\.m\.|am|pm|o'clock|GMT|UTC|BST|EST|EDT|CET)(?![\p{L}])/uy;
const MONTH_NAMES = String.raw`Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?`;
const MONTH_BEFORE = new RegExp(String.raw`\b(?:${MONTH_NAMES})\.?\s+$`);
const MONTH_AFTER = new RegExp(String.raw`\s+(?:of\s+)?(?:${MONTH_NAMES})\b`, 'y');
const AGE_BEFORE = /\b(?:aged?|at the age of|age of)\s+$/i;
const LETTER_NEXT = /[\p{L}\p{N}]/uy;
// A counted noun: up to three words, the last a lowercase plural ("17 metals", "250 cherry trees",
// "20 US defence firms"). Capitalised heads are title-case headlines, not counts.
const NOUN_WORD = /\s(?<w>[\p{L}][\p{L}'’&-]*[\p{L}]|[\p{L}])(?=[\s,.;:!?)”"’]|$)/uy;
const PLURAL = /^\p{Ll}[\p{L}'’-]*(?:[^sui'’]s|ies|people|children|men|women|staff|personnel|cattle|police)$/u;
const NOT_COUNTED = new Set([
  'times', 'points', 'was', 'is', 'has', 'does', 'this', 'its', 'his', 'thus', 'plus', 'minus', 'versus', 'as', 'us', 'less', 'unless',
  'seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years', 'decades', 'percents', 'gets', 'needs', 'makes', 'sees', 'says',
]);
const NOUN_STOP = new Set([
  'the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'for', 'from', 'by', 'with', 'and', 'or', 'but', 'that', 'which', 'who', 'is',
  'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'may', 'might', 'should', 'after',
  'before', 'than', 'as', 'per', 'its', 'their', 'this', 'these', 'those', 'it', 'they', 'more', 'less', 'over', 'under', 'into',
]);

// `(?<!\p{L})`, not `(?:^|[^\p{L}])`: the same matches, but a consumed class costs twice as much under /iu.
const QUALIFIER = /(?<!\p{L})(?<q>an estimated|estimated|more than|less than|fewer than|at least|at most|up to|as much as|as many as|as high as|as low as|just over|just under|well over|well above|close to|in excess of|upwards of|nearly|almost|about|around|approximately|approx\.|roughly|some|over|under|above|below|circa)(?<sp>\s+)$/iu;
const SYMBOL_QUALIFIER = /(?<q>~|≈|>|<|≥|≤)\s?$/u;
const SYMBOL_WORDS: Record<string, string> = { '~': 'about', '≈': 'about', '>': 'over', '<': 'less than', '≥': 'at least', '≤': 'at most' };
// "ranges from 1.2% to 1.5%" is a range; a bare "from 12% to 15%" is a change.
const RANGE_LEAD = /(?<!\p{L})(?<lead>between|(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying))\s+from|from)(?<sp>\s+)$/iu;
const RANGE_GAP = /^\s*(?:-|–|—|to)\s*$/u;
const AND_GAP = /^\s+and\s+$/;

const sticky = (re: RegExp, s: string, at: number): RegExpExecArray | null => {
  re.lastIndex = at;
  return re.exec(s);
};

/** "dollars" → "dollar", "decades" → "decade", "lbs" → "lb". */
const singular = (w: string): string => {
  const l = w.toLowerCase();
  return l.endsWith('ies') ? `${l.slice(0, -3)}y` : l.endsWith('s') && !l.endsWith('ss') ? l.slice(0, -1) : l;
};

const massUnit = (u: string): [string, number] => MASS_UNITS[singular(u)] ?? [singular(u), 1];

// Used per number below, compiled once: a literal in a function is a new RegExp object each call.
const LEADING_HYPHEN = /^-/;
const SPACES = /\s/g;
const COMMAS = /,/g;
const DIGITS_ONLY = /^\d+$/;

function parseCore(m: RegExpExecArray): Core {
  const g = m.groups!;
  const num = g.num;
  const scaleWord = g.scale?.trim().replace(LEADING_HYPHEN, '').toLowerCase();
  return {
    figureStart: m.index,
    coreEnd: m.index + m[0].length,
    currency: g.cur ? CURRENCY_SIGNS[g.cur.replace(SPACES, '').toLowerCase()] ?? null : null,
    num: Number(num.includes(',') ? num.replace(COMMAS, '') : num),
    scale: scaleWord ? SCALES[scaleWord] : 1,
    plainInteger: DIGITS_ONLY.test(num),
  };
}

/** Reads the counted noun after a number: the shortest run of ≤3 words ending in a lowercase plural. */
function countedNoun(s: string, at: number): { noun: string; end: number } | null {
  const words: string[] = [];
  let pos = at;
  for (let i = 0; i < 3; i++) {
    const m = sticky(NOUN_WORD, s, pos);
    if (!m) return null;
    const w = m.groups!.w;
    const lower = w.toLowerCase();
    if (NOUN_STOP.has(lower)) return null;
    words.push(w);
    pos = m.index + m[0].length;
    if (PLURAL.test(w) && !NOT_COUNTED.has(lower)) return { noun: words.join(' '), end: pos };
  }
  return null;
}

/** A literal, not a spread of shared defaults: readTail runs per number and spreads were its main cost. */
const tailOf = (kind: Tail['kind'], unit: string, end: number, factor = 1, noun: string | null = null): Tail => ({ kind, unit, end, factor, noun });

/** What follows the number: its unit, or the counted noun, or nothing ('bare'). null = not a figure. */
function readTail(s: string, core: Core): Tail | null {
  const at = core.coreEnd;
  if (core.scale === 1 && sticky(ORDINAL, s, at)) return null;
  if (sticky(CLOCK, s, at) && !core.currency) return null;
  let m = sticky(PERCENT, s, at);
  if (m) return tailOf('percent', '%', at + m[0].length);
  m = sticky(POINTS, s, at);
  if (m) return tailOf('points', m.groups!.pp ? 'pp' : 'bp', at + m[0].length);
  let currency = core.currency;
  let end = at;
  if (!currency) {
    m = sticky(CURRENCY_WORD, s, at);
    if (m) {
      const word = singular(m.groups!.word.split(' ')[0]);
      const country = m.groups!.country?.toLowerCase();
      currency = word === 'dollar' && country ? DOLLAR_COUNTRIES[country] : CURRENCY_WORDS[word];
      end = at + m[0].length;
    }
  }
  if (currency) {
    const rate = sticky(PER_UNIT, s, end);
    if (!rate) return tailOf('money', currency, end);
    const u = rate.groups!.u;
    const per = /^(?:years?|yr|annum)$/.test(u) ? 'yr' : /^shares?$/.test(u) ? 'share' : /Wh$/.test(u) ? u : massUnit(u)[0];
    return tailOf('rate', `${currency}/${per}`, end + rate[0].length);
  }
  m = sticky(MEASURE, s, at) ?? sticky(ENERGY, s, at);
  if (m) {
    const [unit, factor] = m.groups!.u.endsWith('W') || m.groups!.u.endsWith('Wh') ? [m.groups!.u, 1] : massUnit(m.groups!.u);
    const perYear = unit === 't' ? sticky(PER_YEAR, s, at + m[0].length) : null;
    return tailOf('measure', perYear ? 't/yr' : unit, at + m[0].length + (perYear?.[0].length ?? 0), factor);
  }
  m = sticky(DURATION, s, at);
  if (m) {
    const after = at + m[0].length;
    if (sticky(AGE_OR_AGO, s, after)) return null;
    const [unit, factor] = DURATIONS[singular(m.groups!.u)];
    // "a 20-year supply deal": the hyphenated form modifies a noun phrase.
    const noun = m[0].startsWith('-') ? modifiedNoun(s, after) : null;
    return tailOf('duration', unit, after, factor, noun);
  }
  if (sticky(LETTER_NEXT, s, at)) return null;
  const counted = countedNoun(s, at);
  if (counted) return tailOf('count', 'count', counted.end, 1, counted.noun);
  return tailOf('bare', '', at);
}

/** After "a 20-year": the following words up to a stop word ("supply deal"). */
function modifiedNoun(s: string, at: number): string | null {
  const words: string[] = [];
  let pos = at;
  for (let i = 0; i < 3; i++) {
    const m = sticky(NOUN_WORD, s, pos);
    if (!m || NOUN_STOP.has(m.groups!.w.toLowerCase())) break;
    words.push(m.groups!.w);
    pos = m.index + m[0].length;
  }
  return words.length ? words.join(' ') : null;
}

/** A number with what follows it; `high` is the high end of a merged range, unscaled. */
interface Token {
  core: Core;
  tail: Tail;
  high?: number;
}

const isYearNumber = (n: number): boolean => Number.isInteger(n) && n >= 1800 && n <= 2199;
const isYear = (c: Core): boolean => c.plainInteger && c.scale === 1 && !c.currency && isYearNumber(c.num);

/** The qualifier printed just before the figure ("nearly", "an estimated", "~") and where it starts. */
function qualifierBefore(s: string, at: number): { qualifier: string | null; start: number } {
  const before = s.slice(Math.max(0, at - 24), at);
  const sym = SYMBOL_QUALIFIER.exec(before);
  if (sym) return { qualifier: SYMBOL_WORDS[sym.groups!.q], start: at - sym[0].length };
  const m = QUALIFIER.exec(before);
  if (!m) return { qualifier: null, start: at };
  const { q, sp } = m.groups!;
  return { qualifier: q.toLowerCase(), start: at - sp.length - q.length };
}

/** "between" (then "and" joins a range), "from" (then "to" is a change), or "ranges from" (a range). */
function rangeLead(s: string, at: number): { lead: 'between' | 'from' | 'range'; start: number } | null {
  const m = RANGE_LEAD.exec(s.slice(Math.max(0, at - 24), at));
  if (!m) return null;
  const word = m.groups!.lead.toLowerCase();
  const lead = word === 'between' || word === 'from' ? word : 'range';
  return { lead, start: at - m.groups!.sp.length - m.groups!.lead.length };
}

function scanTokens(s: string): Token[] {
  const out: Token[] = [];
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(s); m !== null; m = AMOUNT.exec(s)) {
    if (m.groups!.skip) continue;
    const core = parseCore(m);
    const tail = readTail(s, core);
    if (tail) out.push({ core, tail });
  }
  return out;
}

/**
 * Joins "12 to 15%", "12%-15%", "$2-3 billion", "between 10 and 20 mines" into one range; the
 * low end borrows the high end's unit and scale. "from 12% to 15%" is a change, not a range,
 * and "12% and 8%" is a list: both stay two figures.
 */
function mergeRange(s: string, a: Token, b: Token): Token | null {
  // "$2-3 billion": the high end is bare and takes the low end's currency.
  const bTail = b.tail.kind === 'bare' && a.tail.kind === 'money' ? a.tail : b.tail;
  if (bTail.kind === 'bare') return null;
  if (a.tail.kind !== 'bare' && (a.tail.kind !== bTail.kind || a.tail.unit !== bTail.unit)) return null;
  const gap = s.slice(a.tail.end, b.core.figureStart);
  const lead = rangeLead(s, a.core.figureStart)?.lead;
  const joined = RANGE_GAP.test(gap) ? !(lead === 'from' && /to/.test(gap)) : lead !== 'from' && lead !== undefined && AND_GAP.test(gap);
  if (!joined) return null;
  const scale = a.core.scale === 1 ? b.core.scale : a.core.scale;
  return {
    core: { ...a.core, scale, currency: a.core.currency ?? b.core.currency, coreEnd: b.core.coreEnd },
    tail: { ...bTail, end: b.tail.end },
    high: b.core.num * b.core.scale,
  };
}

/** Drops what only looks like a count: years, ages, days of a month. */
function isCountLike(s: string, t: Token): boolean {
  const { core } = t;
  if (isYear(core) || (t.high !== undefined && core.plainInteger && isYearNumber(t.high))) return false;
  const before = s.slice(Math.max(0, core.figureStart - 16), core.figureStart);
  if (AGE_BEFORE.test(before) || MONTH_BEFORE.test(before)) return false;
  return !sticky(MONTH_AFTER, s, core.coreEnd);
}

/** Every quantity printed in the sentence, in order. */
export function scanAmounts(s: string): Amount[] {
  const raw = scanTokens(s);
  const amounts: Amount[] = [];
  for (let i = 0; i < raw.length; i++) {
    const merged = i + 1 < raw.length ? mergeRange(s, raw[i], raw[i + 1]) : null;
    const tok = merged ?? raw[i];
    if (merged) i++;
    const { core, tail } = tok;
    if (tail.kind === 'bare' && !core.currency) continue;
    if ((tail.kind === 'bare' || tail.kind === 'count' || tail.kind === 'duration') && !isCountLike(s, tok)) continue;
    const range = tok.high !== undefined ? rangeLead(s, core.figureStart) : null;
    const q = qualifierBefore(s, core.figureStart);
    const start = range?.lead === 'between' ? range.start : q.start;
    amounts.push({
      kind: tail.kind === 'bare' ? 'money' : tail.kind,
      value: core.num * core.scale * tail.factor,
      ...(tok.high !== undefined ? { valueMax: tok.high * tail.factor } : {}),
      unit: tail.kind === 'bare' ? core.currency! : tail.unit,
      qualifier: q.qualifier,
      start,
      figureStart: core.figureStart,
      end: tail.end,
      noun: tail.noun,
      wording: s.slice(start, tail.end),
    });
  }
  return amounts;
}
