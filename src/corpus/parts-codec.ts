/**
 * How the assembled parts are stored in the snapshot. The same strings recur across them: every
 * source of a key figure quotes its sentence, syndicated copies quote the same one, summaries
 * and timeline entries are body sentences too, and article and story ids are listed by stories,
 * figures, quotes, timeline and entities alike. At 10k articles 38k figure sources held 9k
 * distinct sentences. Each such string is stored once in a table and referred to by number, so
 * it is parsed once and shared in memory.
 */
import type { AssembledParts } from './compose.js';

export interface StoredParts {
  strings: string[];
  parts: unknown;
}

/** Interns strings into a table, handing out their numbers. */
function interner() {
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const ref = (text: string): number => {
    let n = numbers.get(text);
    if (n === undefined) numbers.set(text, (n = strings.push(text) - 1));
    return n;
  };
  return { strings, ref, refs: (texts: readonly string[]) => texts.map(ref) };
}

export function encodeParts(parts: AssembledParts): StoredParts {
  const { strings, ref, refs } = interner();
  const stored = {
    ...parts,
    stories: parts.stories.map((s) => ({ ...s, articleIds: refs(s.articleIds), summary: refs(s.summary) })),
    // By column: 380k sources at 100k repeated their four key names in every one.
    keyFigures: parts.keyFigures.map((k) => ({
      ...k,
      sources: [k.sources.map((s) => ref(s.articleId)), k.sources.map((s) => s.qualifier), k.sources.map((s) => ref(s.text)), k.sources.map((s) => ref(s.wording))],
    })),
    quotes: parts.quotes.map((q) => ({ ...q, text: ref(q.text), articleIds: refs(q.articleIds) })),
    timeline: parts.timeline.map((e) => ({ ...e, text: ref(e.text), articleIds: refs(e.articleIds) })),
    entities: parts.entities.map((e) => ({ ...e, articleIds: refs(e.articleIds), storyIds: refs(e.storyIds) })),
  };
  return { strings, parts: stored };
}

type Ref = number;
/** The fields encodeParts replaced by string numbers. */
interface StoredShape {
  stories: { articleIds: Ref[]; summary: Ref[] }[];
  keyFigures: { sources: [articleIds: Ref[], qualifiers: (string | null)[], texts: Ref[], wordings: Ref[]] }[];
  quotes: { text: Ref; articleIds: Ref[] }[];
  timeline: { text: Ref; articleIds: Ref[] }[];
  entities: { articleIds: Ref[]; storyIds: Ref[] }[];
}

/** The parts of encodeParts; throws on a reference to no string (a corrupt file). */
export function decodeParts({ strings, parts }: StoredParts): AssembledParts {
  const str = (n: Ref) => {
    const t = strings[n];
    if (typeof t !== 'string') throw new Error(`string ${String(n)} is missing`);
    return t;
  };
  const strs = (ns: Ref[]) => ns.map(str);
  // In place: the parsed objects become the parts, each number replaced by its string.
  const stored = parts as StoredShape;
  const out = parts as AssembledParts;
  stored.stories.forEach((s, i) => Object.assign(out.stories[i], { articleIds: strs(s.articleIds), summary: strs(s.summary) }));
  stored.keyFigures.forEach((k, i) => {
    const [articleIds, qualifiers, texts, wordings] = k.sources;
    out.keyFigures[i].sources = articleIds.map((id, j) => ({ articleId: str(id), qualifier: qualifiers[j], text: str(texts[j]), wording: str(wordings[j]) }));
  });
  stored.quotes.forEach((q, i) => Object.assign(out.quotes[i], { text: str(q.text), articleIds: strs(q.articleIds) }));
  stored.timeline.forEach((e, i) => Object.assign(out.timeline[i], { text: str(e.text), articleIds: strs(e.articleIds) }));
  stored.entities.forEach((e, i) => Object.assign(out.entities[i], { articleIds: strs(e.articleIds), storyIds: strs(e.storyIds) }));
  return out;
}
