/**
 * How the assembled parts are stored in the snapshot. The same sentences recur across them:
 * every source of a key figure quotes its sentence, syndicated copies quote the same one, and
 * summaries and timeline entries are body sentences too. At 10k articles 38k figure sources held
 * 9k distinct sentences, most of the parts' bytes. Stored once each in a table and referred to
 * by number, they are parsed once and shared in memory.
 */
import type { AssembledParts } from './compose.js';

export interface StoredParts {
  texts: string[];
  parts: unknown;
}

/** Interns strings into a table, handing out their numbers. */
function interner() {
  const texts: string[] = [];
  const numbers = new Map<string, number>();
  return {
    texts,
    ref(text: string): number {
      let n = numbers.get(text);
      if (n === undefined) numbers.set(text, (n = texts.push(text) - 1));
      return n;
    },
  };
}

export function encodeParts(parts: AssembledParts): StoredParts {
  const { texts, ref } = interner();
  const stored = {
    ...parts,
    stories: parts.stories.map((s) => ({ ...s, summary: s.summary.map(ref) })),
    keyFigures: parts.keyFigures.map((k) => ({ ...k, sources: k.sources.map((s) => ({ ...s, text: ref(s.text) })) })),
    quotes: parts.quotes.map((q) => ({ ...q, text: ref(q.text) })),
    timeline: parts.timeline.map((e) => ({ ...e, text: ref(e.text) })),
  };
  return { texts, parts: stored };
}

/** The fields encodeParts replaced by text numbers. */
interface StoredShape {
  stories: { summary: number[] }[];
  keyFigures: { sources: { text: number }[] }[];
  quotes: { text: number }[];
  timeline: { text: number }[];
}

/** The parts of encodeParts; throws on a reference to no text (a corrupt file). */
export function decodeParts({ texts, parts }: StoredParts): AssembledParts {
  const text = (n: number) => {
    const t = texts[n];
    if (typeof t !== 'string') throw new Error(`text ${String(n)} is missing`);
    return t;
  };
  // In place: the parsed objects become the parts, each number replaced by its text.
  const stored = parts as StoredShape;
  const decoded = parts as AssembledParts;
  stored.stories.forEach((s, i) => (decoded.stories[i].summary = s.summary.map(text)));
  stored.keyFigures.forEach((k, i) => k.sources.forEach((s, j) => (decoded.keyFigures[i].sources[j].text = text(s.text))));
  stored.quotes.forEach((q, i) => (decoded.quotes[i].text = text(q.text)));
  stored.timeline.forEach((e, i) => (decoded.timeline[i].text = text(e.text)));
  return decoded;
}
