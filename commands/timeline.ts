import { list, text, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus } from '../src/corpus/types.js';
import { sourceList } from '../src/briefing/labels.js';
import { plural, shorten } from '../src/briefing/format.js';
import { perSnapshot } from '../src/briefing/memo.js';

/** A chat message holds about this many events; the best-sourced ones are shown, in date order. */
const SHOWN = 30;

const timelineReply = perSnapshot((corpus: Corpus): Reply => {
  const events = corpus.timeline;
  const shown =
    events.length <= SHOWN
      ? events
      : [...events]
          .map((e, i) => ({ e, i }))
          .sort((a, b) => b.e.articleIds.length - a.e.articleIds.length || a.i - b.i)
          .slice(0, SHOWN)
          .sort((a, b) => a.i - b.i)
          .map((x) => x.e);
  return {
    title: 'Timeline',
    blocks: shown.length
      ? [
          list(
            shown.map(
              (e) => `${e.until ? `${e.date} → ${e.until}` : e.date} (${e.expression}): ${shorten(e.text, 300)} — ${sourceList(corpus, e.articleIds)}`,
            ),
          ),
        ]
      : [text('No dated events found.')],
    footer:
      events.length > shown.length
        ? `The ${shown.length} best-sourced of ${plural(events.length, 'event')}; /rareearth timeline --json has them all.`
        : undefined,
    data: { events },
  };
});

export const timeline = {
  name: 'timeline',
  description: 'Dated events in the story, oldest first, each with its sources',
  options: [],
  examples: ['timeline'],
  run: ({ corpus }) => timelineReply(corpus),
} satisfies Subcommand;
