/**
 * Who a figure is about: the grammatical subject of the clause that states it, read from
 * capitalised names with a few rules and no NLP.
 *
 * For a figure at offset `at`, look at the clause holding it (clauses end at ; : dashes,
 * "while", "but", ", and ", and after reporting verbs: "Analysts said China holds 60%" → China):
 * 1. the first name in the clause that is not the object of a preposition is the subject
 *    ("The deal, signed in Tokyo, counters Beijing's hold on 17 metals" → Beijing, not Tokyo);
 * 2. else the first name after a preposition ("In Canada, the mine produced 5,000 tonnes");
 * 3. else the same in the clause before, and so on back to the sentence start.
 * Names joined by "and" stay together ("Malaysia and Vietnam") so that a list of figures can be
 * mapped respectively ("the US and Myanmar account for 12% and 8%": US 12%, Myanmar 8%).
 *
 * Normalisation, so that articles agree on a name: "U.S."/"USA"/"United States"/"America" → "US",
 * "Britain"/"U.K." → "UK", "European Union" → "EU"; a lone demonym names its country ("Chinese
 * firms hold 80%" → China); and a capital city standing as a clause subject names its country's
 * government ("Beijing controls 90% of refining" → China), the usual newsroom metonymy. The
 * capital table is small and fixed; any other name is kept as written. Titles are dropped
 * ("President Jane Doe" → "Jane Doe").
 */

import { isCommodity } from './figure-subject.js';

export interface EntityPick {
  /** Each coordinated name, normalised: ["US", "Myanmar"]. */
  names: string[];
  /** The names as one entity: "Malaysia and Vietnam". */
  text: string;
}

interface Run {
  start: number;
  end: number;
  names: string[];
  afterPreposition: boolean;
}

// The lookahead is a cheap superset of \p{Lu} (no capital lies below "A" or between "Z" and "À"): most
// positions fail it before the Unicode lookbehind runs, 3× faster than the bare pattern.
const CAP_TOKEN = /(?=[A-Z\u00C0-\u{10FFFF}])(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}\p{M}\p{N}'’&.-]*/gu;
const ABBREVIATION = /^(?:\p{Lu}\.)+$/u;
const TRAILING_MARKS = /[.\-&]+$/;
const TRAILING_MARK_CHARS = '.-&';
const TRAILING_APOSTROPHE = /['’]$/;
const LEADING_THE = /^the\s+/i;
const OPENERS = '"“‘\'(';
const POSSESSIVE = /(?:['’]s|s['’])$/;
const COMPOUND = /-\p{Lu}/u;
const RUN_GAP = /^(?: | of | de | du | van | von | der | la | & )$/;
const COORD_COMMA = /^,\s+(?:the\s+)?$/;
const COORD_AND = /^,?\s+(?:and|&)\s+(?:the\s+)?$/;
const PREPOSITION_BEFORE = /(?:^|\s)(?:in|at|on|from|to|for|with|by|of|during|across|into|near|under|against|between|among|via|beyond|within|toward|towards|than|like|including|after|before|over|through|throughout)\s+(?:the\s+)?$/i;
const CLAUSE_BREAK = /[;:]|\s[–—]\s|,?\s(?:while|whereas|but|although|though)\s|,\s(?:and|whereas)\s|\b(?:said|says|say|told|noted|added|warned|argued|stated|wrote|believes?|reported)\b(?:\s+that\b)?/g;

const set = (s: string): Set<string> => new Set(s.split(' '));
/** Capitalised words that start sentences or name no one. */
const NOT_NAMES = set(
  'The A An This That These Those It Its They Their There Here He She His Her We Our You Your I In On At By For From With Without As After Before While When Where Although Though But And Or So Yet If Since Because Meanwhile However Still Also Now Today Yesterday Last Next According Under Over About Despite During Amid Some Many Most All Both Each Every Such Other Another One Two Three Four Five Six Seven Eight Nine Ten Analysts Officials Experts Critics Investors Sources Prices Demand Production Output Exports Imports Shares Sales Revenue Global World Overall Together Further Earlier Later Then Thus Instead Even Just Only Key Related Latest Read More Share Click Subscribe Advertisement Photo Image Source ' +
    'January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday ' +
    'EV EVs LNG GDP AI CEO CFO R&D ESG IPO ETF GW MW GWh MWh TWh REE REEs REO NdPr OK TV',
);
const TITLES = set(
  'President Vice Prime Minister Premier Chancellor Secretary Treasury Commerce Trade Energy Foreign Defence Defense Finance Mr Mrs Ms Dr Prof Professor Sir Dame CEO Chairman Chairwoman Chair Chief Executive Director Senator Governor Mayor King Queen Prince Princess Sheikh General Ambassador Minister-President Leader Spokesman Spokeswoman Spokesperson',
);
/**
 * Maps, not objects: a capitalised "Constructor" must not find Object's, and a property lookup by a
 * freshly built string first interns the string, which cost more than the lookup itself per name.
 */
const table = (entries: Record<string, string>): ReadonlyMap<string, string> => new Map(Object.entries(entries));
const DEMONYMS = table({
  chinese: 'China', american: 'US', japanese: 'Japan', australian: 'Australia', canadian: 'Canada', indian: 'India',
  russian: 'Russia', british: 'UK', european: 'EU', german: 'Germany', french: 'France', brazilian: 'Brazil',
  indonesian: 'Indonesia', vietnamese: 'Vietnam', malaysian: 'Malaysia', chilean: 'Chile', 'south korean': 'South Korea',
  korean: 'South Korea', african: 'Africa', congolese: 'Congo', mexican: 'Mexico', turkish: 'Turkey', saudi: 'Saudi Arabia',
});
/** Spellings of one country, and capitals standing for their government. Keys: lowercase, dots removed. */
const ALIASES = table({
  us: 'US', usa: 'US', 'united states': 'US', 'united states of america': 'US', america: 'US', washington: 'US',
  uk: 'UK', britain: 'UK', 'great britain': 'UK', 'united kingdom': 'UK', london: 'UK',
  eu: 'EU', 'european union': 'EU', brussels: 'EU',
  beijing: 'China', tokyo: 'Japan', moscow: 'Russia', canberra: 'Australia', ottawa: 'Canada', 'new delhi': 'India',
  seoul: 'South Korea', paris: 'France', berlin: 'Germany', jakarta: 'Indonesia', pretoria: 'South Africa',
  kinshasa: 'Congo', brasilia: 'Brazil', santiago: 'Chile', taipei: 'Taiwan', hanoi: 'Vietnam', 'kuala lumpur': 'Malaysia',
  naypyidaw: 'Myanmar', ankara: 'Turkey', riyadh: 'Saudi Arabia', 'buenos aires': 'Argentina', 'mexico city': 'Mexico',
  nairobi: 'Kenya', 'prc': 'China', "people's republic of china": 'China',
});

/** "the U.S." → "US", "Beijing" → "China", "Chinese" → "China"; other names as written. */
export function normaliseEntityName(name: string): string {
  // The replace only for a leading t/T: it runs per name, and few start with "the".
  const bare = (name.charCodeAt(0) | 32) === 116 ? name.replace(LEADING_THE, '') : name;
  const key = bare.toLowerCase().replaceAll('.', '');
  return ALIASES.get(key) ?? DEMONYMS.get(key) ?? bare;
}

const lastIndex = <T>(xs: T[], ok: (x: T) => boolean): number => {
  for (let i = xs.length - 1; i >= 0; i--) if (ok(xs[i])) return i;
  return -1;
};

/** An adverb or participle opening a sentence, judged by its ending and the word after it. */
const isOpeningWord = (word: string, next: string): boolean =>
  (word.endsWith('ly') || ((word.endsWith('ing') || word.endsWith('ed')) && OPENING_FOLLOWERS.test(next))) && !ALIASES.has(word.toLowerCase());
const OPENING_FOLLOWERS = /^(?:,|\s+(?:a|an|the|by|to|on|in|at|for|from|with|its|their|his|her|this|these|that|up|down|out|over)\b)/i;

interface CapToken {
  text: string;
  start: number;
  /** Offset after the raw match: trailing dots and possessive marks are trimmed from text only. */
  end: number;
  possessive: boolean;
}

function capTokens(s: string): CapToken[] {
  const out: CapToken[] = [];
  CAP_TOKEN.lastIndex = 0;
  for (let m = CAP_TOKEN.exec(s); m !== null; m = CAP_TOKEN.exec(s)) {
    let text = m[0];
    // Each rewrite only where the last character allows it: most tokens end in a plain letter.
    if (TRAILING_MARK_CHARS.includes(text[text.length - 1]) && !ABBREVIATION.test(text)) text = text.replace(TRAILING_MARKS, '');
    const last = text[text.length - 1];
    const possessive = (last === 's' || last === "'" || last === '’') && POSSESSIVE.test(text);
    if (possessive) text = text.replace(POSSESSIVE, '');
    else if (last === "'" || last === '’') text = text.replace(TRAILING_APOSTROPHE, '');
    out.push({ text, start: m.index, end: m.index + m[0].length, possessive });
  }
  return out;
}

/**
 * The person, place or organisation a run of capitalised words names, or null. A lone
 * sentence-opening word that the article also writes in lowercase is a common word
 * ("Spot prices rose…" when "spot" appears elsewhere), and a commodity is never an entity.
 */
function runName(tokens: CapToken[], atSentenceStart: boolean, next: string, isCommonWord: (w: string) => boolean): string | null {
  let words = tokens.map((t) => t.text);
  if (atSentenceStart && words.length === 1 && isCommonWord(words[0].toLowerCase())) return null;
  // Commodity names have one or two words.
  if (words.length <= 2 && isCommodity(words.join(' '))) return null;
  while (words.length && NOT_NAMES.has(words[0])) words = words.slice(1);
  // A sentence's first word is capitalised anyway: "Currently, …", "Following an …" (but "Beijing currently …").
  if (atSentenceStart && words.length === tokens.length && isOpeningWord(words[0], next)) words = words.slice(1);
  const lastTitle = lastIndex(words, (w) => TITLES.has(w));
  if (lastTitle >= 0 && lastTitle < words.length - 1) words = words.slice(lastTitle + 1);
  else if (lastTitle === words.length - 1) words = words.filter((w) => !TITLES.has(w));
  // Leading demonym before a name: "Chinese President Xi Jinping" (title already dropped).
  if (words.length > 1 && DEMONYMS.has(words[0].toLowerCase()) && !DEMONYMS.has(`${words[0]} ${words[1]}`.toLowerCase())) words = words.slice(1);
  if (!words.length || words.some((w) => COMPOUND.test(w) || NOT_NAMES.has(w))) return null;
  return normaliseEntityName(words.join(' '));
}

/** Nothing but an opening quote or bracket before: a length test, not a regex replace, as it runs per name. */
const isSentenceStart = (before: string): boolean => before === '' || (before.length === 1 && OPENERS.includes(before));

function nameRuns(s: string, isCommonWord: (w: string) => boolean): Run[] {
  const tokens = capTokens(s);
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    while (j + 1 < tokens.length && !tokens[j].possessive && RUN_GAP.test(s.slice(tokens[j].end, tokens[j + 1].start))) j++;
    const start = tokens[i].start;
    const atStart = isSentenceStart(s.slice(0, start).trim());
    const name = runName(tokens.slice(i, j + 1), atStart, s.slice(tokens[j].end, tokens[j].end + 8), isCommonWord);
    if (name) {
      runs.push({ start, end: tokens[j].end, names: [name], afterPreposition: PREPOSITION_BEFORE.test(s.slice(Math.max(0, start - 24), start)) });
    }
    i = j + 1;
  }
  return coordinate(s, runs);
}

/** Joins "A, B and C" into one run with three names. */
function coordinate(s: string, runs: Run[]): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < runs.length; i++) {
    let j = i;
    while (j + 1 < runs.length && COORD_COMMA.test(s.slice(runs[j].end, runs[j + 1].start))) j++;
    if (j + 1 < runs.length && COORD_AND.test(s.slice(runs[j].end, runs[j + 1].start))) {
      const members = runs.slice(i, j + 2);
      out.push({ ...runs[i], end: runs[j + 1].end, names: members.flatMap((r) => r.names) });
      i = j + 1;
    } else out.push(runs[i]);
  }
  return out;
}

function clauseStarts(s: string): number[] {
  const starts = [0];
  // An exec loop, not matchAll, which clones the regex on each call (per sentence with a figure).
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(s); m !== null; m = CLAUSE_BREAK.exec(s)) starts.push(m.index + m[0].length);
  return starts;
}

const joinNames = (names: string[]): string =>
  names.length < 2 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** For one sentence: a function giving the entity of a figure printed at an offset. Runs are read once, lazily. */
export function createEntityFinder(s: string, isCommonWord: (w: string) => boolean = () => false): (at: number) => EntityPick | null {
  let runs: Run[] | null = null;
  let starts: number[] = [];
  return (at) => {
    if (!runs) {
      runs = nameRuns(s, isCommonWord);
      starts = clauseStarts(s);
    }
    let clause = lastIndex(starts, (c) => c <= at);
    let end = at;
    for (; clause >= 0; clause--) {
      const from = starts[clause];
      const inClause = runs.filter((r) => r.start >= from && r.end <= end);
      const pick = inClause.find((r) => !r.afterPreposition) ?? inClause[0];
      if (pick) return { names: pick.names, text: joinNames(pick.names) };
      end = from;
    }
    return null;
  };
}
