import { heading, quote, text, type Block, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus, Quote } from '../src/corpus/types.js';
import { sourceList } from '../src/briefing/labels.js';
import { plural } from '../src/briefing/format.js';
import { perSnapshot } from '../src/briefing/memo.js';

const UNATTRIBUTED = 'Unattributed';
/** What one chat message holds comfortably; --json has everything. */
const SPEAKERS_SHOWN = 12;
const QUOTES_PER_SPEAKER = 3;

interface SpeakerQuotes {
  speaker: string;
  role: string | null;
  quotes: Quote[];
}

/** Quotes by speaker, most-quoted first, unattributed last; once per snapshot. */
const bySpeaker = perSnapshot((corpus: Corpus): SpeakerQuotes[] => {
  const groups = new Map<string, Quote[]>();
  for (const q of corpus.quotes) {
    const key = q.speaker ?? UNATTRIBUTED;
    const list = groups.get(key);
    if (list) list.push(q);
    else groups.set(key, [q]);
  }
  return [...groups]
    .map(([speaker, quotes]) => ({ speaker, role: quotes.find((q) => q.role)?.role ?? null, quotes }))
    .sort(
      (a, b) =>
        Number(a.speaker === UNATTRIBUTED) - Number(b.speaker === UNATTRIBUTED) ||
        b.quotes.length - a.quotes.length ||
        a.speaker.localeCompare(b.speaker),
    );
});

function quotesReply(corpus: Corpus, filter: string | undefined): Reply {
  const needle = filter?.toLowerCase();
  const groups = needle
    ? bySpeaker(corpus).filter((g) => g.speaker !== UNATTRIBUTED && g.speaker.toLowerCase().includes(needle))
    : bySpeaker(corpus);
  const picked = groups.flatMap((g) => g.quotes);
  const shown = groups.slice(0, SPEAKERS_SHOWN);
  const blocks: Block[] = shown.flatMap((g) => [
    heading(g.role ? `${g.speaker} — ${g.role}` : g.speaker),
    ...g.quotes.slice(0, QUOTES_PER_SPEAKER).map((q) => quote(q.text, sourceList(corpus, q.articleIds))),
    ...(g.quotes.length > QUOTES_PER_SPEAKER ? [text(`…and ${plural(g.quotes.length - QUOTES_PER_SPEAKER, 'more quote')}`)] : []),
  ]);
  const hidden = groups.length - shown.length;
  return {
    title: filter ? `Quotes from “${filter}”` : 'Quotes',
    blocks: blocks.length
      ? blocks
      : [text(filter ? `No quotes from a speaker matching “${filter}”. Try /rareearth quotes for everyone.` : 'No quotes found.')],
    footer: `${plural(picked.length, 'quote')} from ${plural(groups.length, 'speaker')}${hidden > 0 ? `; ${hidden} more speakers in /rareearth quotes --json` : ''}`,
    data: { quotes: picked.map(({ speaker, role, text: t, articleIds }) => ({ speaker, role, text: t, articleIds })) },
  };
}

/** Every quote: the same for a whole snapshot, so built once. */
const allQuotesReply = perSnapshot((corpus: Corpus) => quotesReply(corpus, undefined));

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
        bySpeaker(corpus)
          .filter((g) => g.speaker !== UNATTRIBUTED && g.speaker.toLowerCase().includes(typed.toLowerCase()))
          .slice(0, 25)
          .map((g) => ({ name: g.speaker, value: g.speaker })),
    },
  ],
  examples: ['quotes', 'quotes bessent'],
  run: ({ corpus, invocation }) => {
    const speaker = invocation.options.speaker as string | undefined;
    return speaker ? quotesReply(corpus, speaker) : allQuotesReply(corpus);
  },
} satisfies Subcommand;
