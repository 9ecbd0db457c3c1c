import { list, text } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import { sourceList } from '../src/briefing/labels.js';
import { shorten } from '../src/briefing/format.js';

export const timeline = {
  name: 'timeline',
  description: 'Dated events in the story, oldest first, each with its sources',
  options: [],
  examples: ['timeline'],
  run: ({ corpus }) => ({
    title: 'Timeline',
    blocks: corpus.timeline.length
      ? [
          list(
            corpus.timeline.map(
              (e) => `${e.until ? `${e.date} → ${e.until}` : e.date} (${e.expression}): ${shorten(e.text, 300)} — ${sourceList(corpus, e.articleIds)}`,
            ),
          ),
        ]
      : [text('No dated events found.')],
    data: { events: corpus.timeline },
  }),
} satisfies Subcommand;
