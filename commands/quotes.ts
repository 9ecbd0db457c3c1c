import { heading, quote, text, type Block } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus, Quote } from '../src/corpus/types.js';
import { sourceList } from '../src/briefing/labels.js';
import { plural } from '../src/briefing/format.js';

const UNATTRIBUTED = 'Unattributed';

function speakers(corpus: Corpus): string[] {
  return [...new Set(corpus.quotes.map((q) => q.speaker).filter((s): s is string => Boolean(s)))].sort();
}

export const quotes = {
  name: 'quotes',
  description: 'Direct quotes grouped by speaker, each with its sources',
  options: [
    {
      name: 'speaker',
      description: 'Only this speaker (part of the name is enough)',
      type: 'string',
      maxLength: 100,
      autocomplete: (corpus, typed) =>
        speakers(corpus)
          .filter((s) => s.toLowerCase().includes(typed.toLowerCase()))
          .map((s) => ({ name: s, value: s })),
    },
  ],
  examples: ['quotes', 'quotes bessent'],
  run: ({ corpus, invocation }) => {
    const filter = (invocation.options.speaker as string | undefined)?.toLowerCase();
    const picked = filter ? corpus.quotes.filter((q) => q.speaker?.toLowerCase().includes(filter)) : corpus.quotes;
    const groups = new Map<string, Quote[]>();
    for (const q of picked) {
      const key = q.speaker ?? UNATTRIBUTED;
      groups.set(key, [...(groups.get(key) ?? []), q]);
    }
    // Most-quoted speakers first; unattributed quotes last.
    const ordered = [...groups].sort(
      ([a, qa], [b, qb]) => Number(a === UNATTRIBUTED) - Number(b === UNATTRIBUTED) || qb.length - qa.length || a.localeCompare(b),
    );
    const blocks: Block[] = ordered.flatMap(([speaker, qs]) => [
      heading(qs[0].role ? `${speaker} — ${qs[0].role}` : speaker),
      ...qs.map((q) => quote(q.text, sourceList(corpus, q.articleIds))),
    ]);
    return {
      title: filter ? `Quotes from “${invocation.options.speaker as string}”` : 'Quotes',
      blocks: blocks.length
        ? blocks
        : [text(filter ? `No quotes from a speaker matching “${invocation.options.speaker as string}”. Try /rareearth quotes for everyone.` : 'No quotes found.')],
      footer: `${plural(picked.length, 'quote')} from ${plural(groups.size, 'speaker')}`,
      data: { quotes: picked.map(({ speaker, role, text: t, articleIds }) => ({ speaker, role, text: t, articleIds })) },
    };
  },
} satisfies Subcommand;
