/**
 * People, organisations and places named in an article, by capitalisation rules and small
 * word lists.
 *
 * Why no wink-nlp: measured on this machine, `wink-eng-lite-web-model` costs ~4.5 ms per 3 KB
 * article (the budget for quotes + entities + dates together is 0.5 ms), and its entity types
 * are only numeric/temporal ones (DATE, DURATION, CARDINAL, ORDINAL, MONEY, PERCENT…): it names
 * no person, organisation or place at all. Rules over capitalised runs do the job in ~0.05 ms.
 *
 * The rules, in order, for one run of capitalised words ("US Treasury Secretary Scott Bessent"):
 * 1. a title word (President, Minister, Secretary, CEO…) followed by more words splits the run
 *    into a role ("US Treasury Secretary") and a person ("Scott Bessent");
 * 2. the whole run is a known place ("South Korea"), or ends in a place word (Palace, Coast…);
 * 3. it ends in an organisation word (University, Corp, Ministry, House, Gas…) → organisation;
 * 4. two or three name-like words that are no place, demonym, month or weekday → person;
 * 5. a single word counts only as a known place or as the surname of a person named in full
 *    elsewhere in the article ("Chang" → "Charles Chang"); other single words are dropped.
 * A role stated after a person is read from an apposition holding a role noun
 * ("X, professor of geology at Y University,") or from "X of <Organisation>".
 */
import { remembered } from './remembered.js';
import type { Entity, EntityMention, EntityType } from './types.js';

/** One name found in a text, with character offsets into that text. */
export interface NameMention {
  name: string;
  type: EntityType;
  role: string | null;
  start: number;
  end: number;
  /** A lone word that is a person only if a full name ending with it appears elsewhere. */
  surnameOnly: boolean;
}

const words = (s: string): Set<string> => new Set(s.split('|').map((w) => w.toLowerCase()));

const COUNTRIES =
  'Afghanistan|Albania|Algeria|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahrain|Bangladesh|Belarus|Belgium|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burundi|Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Croatia|Cuba|Cyprus|Czechia|Czech Republic|Denmark|Ecuador|Egypt|Estonia|Ethiopia|Finland|France|Gabon|Georgia|Germany|Ghana|Greece|Greenland|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Liberia|Libya|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Mali|Malta|Mauritania|Mexico|Moldova|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|Norway|Oman|Pakistan|Panama|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|United Kingdom|United States|Uruguay|Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe';
const REGIONS_AND_CITIES =
  'Africa|Asia|Europe|Antarctica|Arctic|Oceania|Latin America|North America|South America|Middle East|Southeast Asia|Indo-Pacific|Pacific|Atlantic|Balkans|Scandinavia|Siberia|Patagonia|Amsterdam|Ankara|Athens|Auckland|Baghdad|Bangkok|Beijing|Berlin|Bogota|Brasilia|Brussels|Budapest|Buenos Aires|Cairo|Canberra|Cape Town|Chicago|Delhi|New Delhi|Dhaka|Dubai|Geneva|Hanoi|Ho Chi Minh City|Hong Kong|Houston|Istanbul|Jakarta|Johannesburg|Kabul|Karachi|Kinshasa|Kuala Lumpur|Kyiv|Lagos|Lima|Lisbon|London|Los Angeles|Madrid|Manila|Melbourne|Mexico City|Montreal|Moscow|Mumbai|Nairobi|New York|Osaka|Oslo|Ottawa|Paris|Perth|Prague|Pretoria|Riyadh|Rome|San Francisco|Santiago|Sao Paulo|Seoul|Shanghai|Shenzhen|Stockholm|Sydney|Taipei|Tehran|Tokyo|Toronto|Vancouver|Vienna|Warsaw|Washington|Wellington|Zurich|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|West Virginia|Wisconsin|Wyoming|Quebec|Ontario|British Columbia|Alberta|Saskatchewan|Manitoba|Nunavut|Yukon|Queensland|Western Australia|New South Wales|Victoria|Tasmania|Inner Mongolia|Jiangxi|Sichuan|Guangdong|Xinjiang|Tibet';
/** Spelling variants → the one name entities are filed under. */
const PLACE_ALIASES: Record<string, string> = {
  us: 'United States',
  'u.s': 'United States',
  'u.s.': 'United States',
  usa: 'United States',
  'u.s.a.': 'United States',
  america: 'United States',
  'united states of america': 'United States',
  uk: 'United Kingdom',
  'u.k.': 'United Kingdom',
  britain: 'United Kingdom',
  'great britain': 'United Kingdom',
  uae: 'United Arab Emirates',
  eu: 'European Union',
  drc: 'Congo',
};
const PLACES = new Map<string, string>(
  `${COUNTRIES}|${REGIONS_AND_CITIES}`.split('|').map((p) => [p.toLowerCase(), p] as [string, string]),
);
for (const [alias, name] of Object.entries(PLACE_ALIASES)) PLACES.set(alias, name);
/** Aliases that name an organisation, not a place. */
const ALIAS_TYPES: Record<string, EntityType> = { 'European Union': 'organization' };

const PLACE_HEADS = words(
  'Palace|Province|County|Island|Islands|Coast|Sea|Ocean|River|Valley|Mountains|Mountain|Peninsula|Strait|Bay|Gulf|Lake|Desert|Basin|Region|Territory|Prefecture|District|Square|Street|Airport|Port|Harbour|Harbor|Mine',
);
const ORG_HEADS = words(
  'University|College|Institute|Academy|School|Corp|Corporation|Inc|Ltd|LLC|PLC|AG|SA|GmbH|Group|Company|Co|Bank|Ministry|Department|Agency|Administration|Commission|Council|Authority|Association|Foundation|Fund|House|Office|Bureau|Party|Parliament|Congress|Senate|Gas|Oil|Energy|Mining|Minerals|Materials|Metals|Resources|Holdings|Industries|Technologies|Motors|Exchange|Board|Court|Union|Organization|Organisation|Forum|Service|Services|Partners|Partnership|Capital|Securities|Laboratory|Laboratories|Labs|Systems|Electric|Chemicals|Steel|Survey|Society|Center|Centre|Times|Post|Journal|News|Reuters|Network|Alliance|Federation|Committee|Cabinet|Army|Navy|Police',
);
/** Words that head an organisation named "X of Y": "University of Tokyo", "Bank of Japan". */
const ORG_LEADS = words('University|Ministry|Department|Bank|Bureau|Office|Institute|Council|Commission|Academy|Government');
const TITLE_HEADS = words(
  'President|Minister|Secretary|Analyst|Economist|Chancellor|Governor|Senator|Sen|Representative|Rep|Mayor|King|Queen|Prince|Princess|Emperor|Pope|Ambassador|Chairman|Chairwoman|Chair|CEO|CFO|COO|Director|Professor|Prof|Premier|Commissioner|Spokesperson|Spokesman|Spokeswoman|General|Gen|Judge|Justice|Executive|Officer|Founder|Leader|Envoy|Vice|Dr|Mr|Mrs|Ms|Sir|Dame|Lord|Lady',
);
/** Honorifics mark a person but state no role. */
const HONORIFICS = words('Dr|Mr|Mrs|Ms|Sir|Dame|Lord|Lady');
/** Nouns that make an apposition a role: "X, professor of geology at Y". */
const ROLE_NOUN_RE =
  /\b(?:professor|analyst|economist|director|chief|executive|officer|minister|secretary|president|spokesperson|spokesman|spokeswoman|chair|chairman|chairwoman|founder|head|researcher|fellow|lecturer|scientist|geologist|expert|adviser|advisor|consultant|partner|strategist|manager|engineer|ceo|cfo|governor|ambassador|senator|mayor|leader|editor|reporter|correspondent|commissioner|official|historian|lawyer|owner|trader|investor)s?\b/i;
const DEMONYMS = words(
  'American|Chinese|Japanese|Korean|Australian|Canadian|British|French|German|Indian|Russian|Italian|Spanish|Brazilian|Mexican|Vietnamese|Malaysian|Thai|Indonesian|Filipino|African|European|Asian|Western|Eastern|Northern|Southern|Iranian|Israeli|Turkish|Saudi|Pakistani|Kashmiri|Ukrainian|Polish|Swedish|Norwegian|Chilean|Peruvian|Argentine|Congolese|Burmese|Mongolian|Kazakh|Greenlandic|Danish|Dutch|Swiss|Belgian|Austrian|Irish|Scottish|Welsh|Taiwanese',
);
const CALENDAR = words(
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Christmas|Easter',
);
/** Words capitalised only because they open a sentence or clause. */
const FUNCTION_CAPS = words(
  'The|A|An|In|On|At|By|For|From|To|Of|With|Without|During|After|Before|Following|Since|Until|As|If|When|While|Where|Whereas|Although|Though|Because|But|And|Or|Nor|So|Yet|This|That|These|Those|It|Its|He|She|His|Her|They|Their|We|Our|I|My|You|Your|However|Meanwhile|Currently|Today|Yesterday|Tomorrow|Also|Still|Now|Then|Thus|Instead|Indeed|Despite|Amid|Under|Over|Across|Among|According|Earlier|Later|Last|Next|Both|All|Some|Many|Most|Each|Every|No|Not|Here|There|What|Which|Who|Why|How|Mr|Ms',
);
/** Lowercase particles inside personal names: "Ursula von der Leyen". */
const NAME_PARTICLES = words('de|da|del|della|der|den|van|von|bin|al|la|le|du|dos|di');
const ABBREVIATIONS = words('Mr.|Mrs.|Ms.|Dr.|St.|Jr.|Sr.|Prof.|Gen.|Sen.|Rep.|Inc.|Corp.|Ltd.|Co.');

/** A word with inner apostrophes, hyphens, dashes, dots and ampersands: "U.S.–Japan", "O’Brien". */
/**
 * Capitalised words by explicit Latin ranges, not \p{Lu}: a non-unicode regex runs several
 * times faster in V8, and news names are Latin script ("Thế Anh" is in Latin Extended; text is NFC, so no
 * combining marks).
 */
const UPPER = 'A-ZÀ-ÖØ-Þ';
const WORD_CHAR = "A-Za-z0-9À-ÖØ-öø-ɏ\\u1e00-\\u1eff'’.\\-–&";
const CAP_WORD = `[${UPPER}][${WORD_CHAR}]*`;
const CHUNK_RE = new RegExp(`${CAP_WORD}(?: (?:(?:of|${[...NAME_PARTICLES].join('|')}) )*${CAP_WORD})*`, 'g');
const LETTER_BEFORE_RE = new RegExp(`[${WORD_CHAR}]`);
const SENTENCE_END_RE = /[.!?]["”’)]?\s*$/;
const CLAUSE_OPENERS = '.!?:;“(—–';
const INITIALS_RE = /^(?:\p{L}\.)+$/u;
const NAME_WORD_RE = /^\p{Lu}[\p{Ll}\p{M}'’-]+$/u;
const LABEL_AFTER_RE = /^\s*:/u;
const APPOSITION_RE = /^,\s+(?:(?:a|an|the)\s+)?([^,;:()“”"]{3,90}?)(?=,|\.(?:\s|$)|;|$)/u;
const OF_RE = /^\s+of\s+(?:the\s+)?/u;
const HYPHEN_SPLIT_RE = /[-–]/u;

interface Token {
  text: string;
  /** `text` lowercased once: the word lists are looked up several times per token. */
  lower: string;
  start: number;
  end: number;
  cap: boolean;
  possessive: boolean;
  /** First word of a sentence or clause: its capital proves nothing. */
  initial: boolean;
  /** Ends its sentence ("…with China. The…"): the run stops here. */
  stop: boolean;
}

/**
 * Tokens of the capitalised stretches only (the regex skips lowercase prose cheaply): a
 * stretch is capitalised words joined by single spaces, maybe through name particles or "of".
 */
function capitalisedTokens(text: string): Token[][] {
  const chunks: Token[][] = [];
  CHUNK_RE.lastIndex = 0;
  for (let m = CHUNK_RE.exec(text); m !== null; m = CHUNK_RE.exec(text)) {
    if (m.index > 0 && LETTER_BEFORE_RE.test(text[m.index - 1])) continue; // "McDonald", "iPhone"
    chunks.push(chunkTokens(text, m.index, m[0]));
  }
  return chunks;
}

/** The words of one stretch: CHUNK_RE joins them by single spaces, so indexOf finds them without a regex. */
function chunkTokens(text: string, at: number, chunk: string): Token[] {
  const tokens: Token[] = [];
  let initial = isClauseStart(text, at);
  for (let from = 0; from < chunk.length; ) {
    const space = chunk.indexOf(' ', from);
    const to = space < 0 ? chunk.length : space;
    const token = toToken(chunk.slice(from, to), at + from, initial);
    tokens.push(token);
    initial = token.stop;
    from = to + 1;
  }
  return tokens;
}

const isApostrophe = (c: string): boolean => c === "'" || c === '’';

/** Trailing "'s", "’s" or a bare apostrophe, as a length to cut (0 when none). */
function possessiveLength(word: string): number {
  if (word.length <= 2) return 0;
  if (isApostrophe(word[word.length - 1])) return 1;
  return word.endsWith('s') && isApostrophe(word[word.length - 2]) ? 2 : 0;
}

/** Chunk words start with an UPPER letter or are lowercase particles: the first character tells which. */
function startsUpper(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}

function toToken(raw: string, start: number, initial: boolean): Token {
  const cut = possessiveLength(raw);
  let word = cut > 0 ? raw.slice(0, -cut) : raw;
  let stop = false;
  if (word.endsWith('.') && !INITIALS_RE.test(word)) {
    // "Corp." and "Dr." lose the dot but end no sentence; "China." ends one.
    stop = !ABBREVIATIONS.has(word.toLowerCase());
    word = word.slice(0, -1);
  }
  while (word.endsWith('-') || word.endsWith('–')) word = word.slice(0, -1);
  return { text: word, lower: word.toLowerCase(), start, end: start + word.length, cap: startsUpper(word), possessive: cut > 0, initial, stop };
}

/** True when the last non-space character before `at` ends a sentence or opens a clause. */
function isClauseStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\u00a0' || text[i] === '\t' || text[i] === '\n')) i--;
  return i < 0 || CLAUSE_OPENERS.includes(text[i]);
}

/** Words (not starting with a digit) and how many of them are capitalised, by one character scan. */
function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 160;
    if (!space && !inWord && !(c >= 48 && c <= 57)) n++;
    inWord = !space;
  }
  return n;
}

/**
 * Headings and bylines ("A Direct Challenge to Beijing's Monopoly") capitalise most words and
 * end without a full stop; "Paula Reed chairs Lithium Americas Corp." is a sentence.
 */
function isHeadingLike(text: string, chunks: Token[][]): boolean {
  if (SENTENCE_END_RE.test(text)) return false;
  let caps = 0;
  for (const c of chunks) for (const t of c) if (t.cap) caps++;
  if (caps === 0) return false;
  const total = countWords(text);
  return total < 2 || caps / total >= 0.7;
}

/**
 * Ends the current run: trailing lowercase particles dropped, kept if anything is left.
 * A module-level function, not a closure: the app runs under tsx, whose keep-names wrapper makes
 * creating a named closure cost ~0.3 µs, paid per capitalised stretch.
 */
function closeRun(run: Token[], runs: Token[][]): Token[] {
  while (run.length > 0 && run[run.length - 1].cap === false) run.pop();
  if (run.length > 0) runs.push(run);
  return [];
}

/** Splits a capitalised stretch into runs (appended to `runs`): at possessives, dates, a sentence-opening "The"… */
function capitalisedRuns(tokens: Token[], runs: Token[][]): void {
  let run: Token[] = [];
  for (const t of tokens) {
    if (t.cap && !CALENDAR.has(t.lower)) {
      if (run.length === 0 && (t.initial || t.text === 'The') && FUNCTION_CAPS.has(t.lower)) continue;
      run.push(t);
    } else if (!t.cap && run.length > 0 && (isOfAfterOrgLead(t, run) || NAME_PARTICLES.has(t.text))) {
      run.push(t);
    } else {
      run = closeRun(run, runs);
    }
    if (t.possessive || t.stop) run = closeRun(run, runs);
  }
  closeRun(run, runs);
}

function isOfAfterOrgLead(t: Token, run: Token[]): boolean {
  return t.text === 'of' && run.length > 0 && ORG_LEADS.has(run[run.length - 1].lower);
}

const joinText = (ts: Token[]): string => ts.map((t) => t.text).join(' ');

function placeName(ts: Token[]): string | null {
  return PLACES.get(ts.length === 1 ? ts[0].lower : ts.map((t) => t.lower).join(' ')) ?? null;
}

function isPersonLike(ts: Token[]): boolean {
  const core = ts.filter((t) => !NAME_PARTICLES.has(t.text));
  if (core.length < 2 || core.length > 3) return false;
  return core.every(
    (t) =>
      NAME_WORD_RE.test(t.text) &&
      !PLACES.has(t.lower) &&
      !DEMONYMS.has(t.lower) &&
      !ORG_HEADS.has(t.lower) &&
      !PLACE_HEADS.has(t.lower) &&
      !TITLE_HEADS.has(t.lower),
  );
}

function mention(name: string, type: EntityType, ts: Token[], role: string | null = null, surnameOnly = false): NameMention {
  return { name, type, role, start: ts[0].start, end: ts[ts.length - 1].end, surnameOnly };
}

/** "US-Japan" → United States, Japan: a hyphenated pair of places names both. */
function hyphenatedPlaces(t: Token): NameMention[] {
  if (!HYPHEN_SPLIT_RE.test(t.text)) return [];
  const names = t.text.split(HYPHEN_SPLIT_RE).map((p) => PLACES.get(p.toLowerCase()));
  if (names.length < 2 || names.some((n) => n === undefined)) return [];
  return names.map((n) => mention(n as string, ALIAS_TYPES[n as string] ?? 'place', [t]));
}

/** Rules 1–5 of the module comment, for one capitalised run. */
function classifyRun(ts: Token[]): NameMention[] {
  let titleEnd = -1;
  for (let i = 0; i < ts.length - 1; i++) if (TITLE_HEADS.has(ts[i].lower)) titleEnd = i;
  if (titleEnd >= 0) {
    const nameTokens = ts.slice(titleEnd + 1);
    const roleTokens = ts.slice(0, titleEnd + 1).filter((t) => !HONORIFICS.has(t.lower));
    if (nameTokens.every((t) => NAME_WORD_RE.test(t.text)) && nameTokens.length <= 3) {
      return [mention(joinText(nameTokens), 'person', nameTokens, roleTokens.length > 0 ? joinText(roleTokens) : null, nameTokens.length === 1)];
    }
  }
  const place = placeName(ts);
  if (place !== null) return [mention(place, ALIAS_TYPES[place] ?? 'place', ts)];
  const last = ts[ts.length - 1].lower;
  if (ts.length > 1 && ORG_HEADS.has(last)) return [mention(joinText(ts), 'organization', ts)];
  if (ts.length > 1 && PLACE_HEADS.has(last)) return [mention(joinText(ts), 'place', ts)];
  if (isPersonLike(ts)) return [mention(joinText(ts), 'person', ts)];
  if (ts.length === 1) {
    const t = ts[0];
    const places = hyphenatedPlaces(t);
    if (places.length > 0) return places;
    if (NAME_WORD_RE.test(t.text)) return [mention(t.text, 'person', ts, null, true)];
  }
  return [];
}

/** "Joint Investment Abroad: The fund will…": a clause-initial run ending in a colon labels a list item. */
function isLabel(text: string, run: Token[]): boolean {
  return run[0].initial && run.length > 1 && LABEL_AFTER_RE.test(text.slice(run[run.length - 1].end));
}

/** A role stated right after a person: an apposition with a role noun, or "of <Organisation>". */
function statedRoleAfter(text: string, m: NameMention, next: NameMention | undefined): string | null {
  const rest = text.slice(m.end);
  const appos = APPOSITION_RE.exec(rest);
  if (appos !== null && ROLE_NOUN_RE.test(appos[1])) return appos[1].trim();
  const of = OF_RE.exec(rest);
  if (of !== null && next !== undefined && next.type === 'organization' && next.start === m.end + of[0].length) return next.name;
  return null;
}

/**
 * Names in one text (a sentence or a paragraph), in order, with offsets into that text.
 * Surname-only mentions are left for `resolveMentions` to tie to a full name.
 * Example: "“…,” Charles Chang of Fudan University explained." → Charles Chang (person, role
 * "Fudan University"), Fudan University (organization).
 */
export function findNames(text: string): NameMention[] {
  const chunks = capitalisedTokens(text);
  if (isHeadingLike(text, chunks)) return [];
  const runs: Token[][] = [];
  for (const chunk of chunks) capitalisedRuns(chunk, runs);
  // Loops, not flatMap: flatMap allocates per element and dominated this function's cost.
  const found: NameMention[] = [];
  for (const run of runs) if (!isLabel(text, run)) for (const m of classifyRun(run)) found.push(m);
  for (let i = 0; i < found.length; i++) {
    const m = found[i];
    if (m.type === 'person' && m.role === null) m.role = statedRoleAfter(text, m, found[i + 1]);
  }
  return found;
}

/**
 * Ties each surname-only mention to the one full name of the article that ends with it and
 * drops those that tie to none (a lone capitalised word is too weak to be a name), unless
 * `keepUnresolved`: then they stay, still marked `surnameOnly`, for a caller with stronger
 * evidence ("“…,” Smith said."). Mentions keep their order and offsets.
 */
export function resolveMentions<M extends NameMention>(mentions: M[], keepUnresolved = false): M[] {
  const bySurname = new Map<string, string | null>();
  for (const m of mentions) {
    if (m.type !== 'person' || m.surnameOnly) continue;
    const surname = m.name.slice(m.name.lastIndexOf(' ') + 1);
    const known = bySurname.get(surname);
    bySurname.set(surname, known === undefined || known === m.name ? m.name : null);
  }
  const out: M[] = [];
  for (const m of mentions) {
    if (!m.surnameOnly) {
      out.push(m);
      continue;
    }
    const full = bySurname.get(m.name);
    if (full) out.push({ ...m, name: full, surnameOnly: false });
    else if (m.role !== null) out.push({ ...m, surnameOnly: false });
    else if (keepUnresolved) out.push(m);
  }
  return out;
}

/** Most frequent non-null value; ties go to the longer one (more informative). */
export function mostCommon(values: (string | null)[]): string | null {
  if (values.length === 1) return values[0]; // most names are mentioned once: no counting needed
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return mostCounted(counts);
}

/** The value with the highest count, null for none; ties go to the longer one, then to the first counted. */
function mostCounted(counts: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== null && v.length > best.length)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** The role most often stated for each person of the article (by resolved name). */
export function rolesByName(mentions: NameMention[]): Map<string, string | null> {
  const roles = new Map<string, (string | null)[]>();
  for (const m of mentions) {
    const list = roles.get(m.name);
    if (list) list.push(m.role);
    else roles.set(m.name, [m.role]);
  }
  const best = new Map<string, string | null>();
  for (const [name, rs] of roles) best.set(name, mostCommon(rs));
  return best;
}

/**
 * Mentions grouped by type and name, groups in order of first mention. Looked up by the name
 * string itself (its hash is cached on the string), not by a "type + name" key built per mention.
 */
function groupByTypeAndName(mentions: NameMention[]): NameMention[][] {
  const groups: NameMention[][] = [];
  const byName = new Map<string, NameMention[][]>();
  for (const m of mentions) {
    const sameName = byName.get(m.name);
    const group = sameName?.find((g) => g[0].type === m.type);
    if (group) {
      group.push(m);
      continue;
    }
    const started = [m];
    groups.push(started);
    if (sameName) sameName.push(started);
    else byName.set(m.name, [started]);
  }
  return groups;
}

/**
 * Entity mentions of one article: one per distinct name, `count` = its mentions, a surname
 * alone counting for the full name ("Chang" → "Charles Chang").
 */
export function extractEntities(sentences: string[], articleId: string): EntityMention[] {
  const found: NameMention[] = [];
  for (const s of sentences) for (const m of findNames(s)) found.push(m);
  return groupByTypeAndName(resolveMentions(found)).map((ms) => ({
    name: ms[0].name,
    type: ms[0].type,
    role: mostCommon(ms.map((m) => m.role)),
    count: ms.length,
    articleId,
  }));
}

/**
 * Entities across articles, merged by name (case-insensitive); a surname-only name from one
 * article ("Trump", when that article never gives the full name) joins the one full name
 * ending with it. Sorted by mentions, most first.
 */
export function aggregateEntities(mentions: EntityMention[], storyOf: (articleId: string) => string): Entity[] {
  // Names repeat across articles: each is lower-cased once, not once per mention.
  const lower = remembered((name) => name.toLowerCase());
  const fullBySurname = new Map<string, string | null>();
  for (const m of mentions) {
    if (m.type !== 'person' || !m.name.includes(' ')) continue;
    const surname = lower(m.name.slice(m.name.lastIndexOf(' ') + 1));
    const known = fullBySurname.get(surname);
    fullBySurname.set(surname, known === undefined || known === m.name ? m.name : null);
  }
  const groups = new Map<string, EntityMention[]>();
  for (const m of mentions) {
    const single = m.type === 'person' && !m.name.includes(' ') ? fullBySurname.get(lower(m.name)) : undefined;
    const key = lower(single ?? m.name);
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  const entities: Entity[] = [];
  for (const ms of groups.values()) entities.push(ms.length === 1 ? entityOfOne(ms[0], storyOf) : entityOf(ms, storyOf));
  return entities.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
}

/** Most names are mentioned in one article: their entity needs no counting. */
const entityOfOne = (m: EntityMention, storyOf: (articleId: string) => string): Entity => ({
  name: m.name,
  type: m.type,
  role: m.role,
  mentions: m.count,
  articleIds: [m.articleId],
  storyIds: [storyOf(m.articleId)],
});

/** The longest name, the most common type, the role stated most often (each mention weighing its count), every article and story. */
function entityOf(ms: EntityMention[], storyOf: (articleId: string) => string): Entity {
  let name = ms[0].name;
  let mentions = 0;
  const roles = new Map<string, number>();
  const articleIds = new Set<string>();
  const storyIds = new Set<string>();
  for (const m of ms) {
    if (m.name.length > name.length) name = m.name;
    mentions += m.count;
    if (m.role !== null) roles.set(m.role, (roles.get(m.role) ?? 0) + m.count);
    if (!articleIds.has(m.articleId)) {
      articleIds.add(m.articleId);
      storyIds.add(storyOf(m.articleId));
    }
  }
  return {
    name,
    type: mostCommon(ms.map((m) => m.type)) as EntityType,
    role: mostCounted(roles),
    mentions,
    articleIds: [...articleIds],
    storyIds: [...storyIds],
  };
}
