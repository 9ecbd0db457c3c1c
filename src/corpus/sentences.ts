/**
 * Sentence splitting for English news text, by rule: a sentence ends at `.`, `!`, `?` or `…`
 * (with any closing quotes or brackets after it) followed by white space and a capital letter,
 * a digit or an opening quote — unless the dot ends an abbreviation ("Mr.", "Prof.", "Inc."),
 * an initial ("J. Smith") or a dotted acronym ("U.S.") that runs on into a name.
 * Worked example: `The U.S. and Japan signed. “China is ahead,” he said.` → 2 sentences.
 *
 * Written here rather than taken from sentencex: its fast release ships native binaries through
 * optional packages that are not all published, which breaks `npm ci` on a clean clone, and its
 * pure-JS release costs ~4.6 ms per 3 KB page (this costs a few µs).
 */

/** Words whose trailing dot does not end a sentence (lower case, without the dot). */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep pres rev hon ' +
    'inc corp co ltd llc plc bros dept univ assn est approx vs etc cf al fig no nos vol pp ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun'
  ).split(' '),
);

/** After a dotted acronym ("U.S."), these words start a new sentence; anything else runs on ("U.S. President"). */
const SENTENCE_STARTERS = new Set(
  'the a an it its he she they we i this that these those there but and or so yet however in on at for as if when while after before since meanwhile still also'.split(' '),
);

const CANDIDATE = /([.!?…]+)(["'”’»)\]]*)\s+(?=["'“‘«([]?[\p{Lu}\p{N}])/gu;
const LAST_WORD = /([\p{L}.]+)$/u;

function endsSentence(text: string, at: number, punct: string, next: string): boolean {
  if (punct !== '.') return true;
  const word = LAST_WORD.exec(text.slice(Math.max(0, at - 24), at))?.[1] ?? '';
  if (word === '') return true;
  if (/^\p{L}$/u.test(word)) return false; // an initial: "J. Smith"
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) {
    // A dotted acronym ("U.S", "U.K"): ends a sentence only before a typical sentence opener.
    const following = /^["'“‘(]?([\p{L}]+)/u.exec(next)?.[1]?.toLowerCase() ?? '';
    return SENTENCE_STARTERS.has(following);
  }
  return !ABBREVIATIONS.has(word.toLowerCase());
}

/** Splits a paragraph into sentences, trimmed, in order; never returns empty strings. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(paragraph); m; m = CANDIDATE.exec(paragraph)) {
    const end = m.index + m[1].length + m[2].length;
    if (!endsSentence(paragraph, m.index, m[1], paragraph.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
    const s = paragraph.slice(start, end).trim();
    if (s) out.push(s);
    start = m.index + m[0].length;
  }
  const last = paragraph.slice(start).trim();
  if (last) out.push(last);
  return out;
}
