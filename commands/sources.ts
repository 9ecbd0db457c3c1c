import { heading, list, text, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus } from '../src/corpus/types.js';
import { orUnknown } from '../src/briefing/labels.js';
import { plural } from '../src/briefing/format.js';

/** The stable JSON of `sources --json` (fields may be added, never renamed). */
export function sourcesData(corpus: Corpus) {
  return {
    articles: corpus.articles.map((a) => ({
      id: a.id,
      file: a.file,
      title: a.title,
      publisher: a.publisher,
      author: a.author,
      published: a.published,
      storyId: a.storyId,
      duplicateOf: a.duplicateOf,
      removedLines: a.removedLines,
      firstSeen: a.firstSeen,
      onTopic: a.onTopic,
      relevance: Number(a.relevance.toFixed(3)),
      url: a.url,
    })),
    stories: corpus.stories.map((s) => ({ id: s.id, articleIds: s.articleIds, why: s.why, headline: s.headline })),
    skipped: corpus.skipped,
  };
}

function sourcesReply(corpus: Corpus): Reply {
  const blocks = corpus.stories.flatMap((story) => [
    heading(`${story.headline} (${plural(story.articleIds.length, 'article')})`),
    list(
      story.articleIds.map((id) => {
        const a = corpus.byId.get(id)!;
        const parts = [
          a.title ? `“${a.title}”` : 'untitled',
          `publisher ${orUnknown(a.publisher)}`,
          `author ${orUnknown(a.author)}`,
          `published ${orUnknown(a.published)}`,
          a.duplicateOf ? `copy of ${a.duplicateOf}` : null,
          a.onTopic ? null : 'off-topic',
          `${plural(a.removedLines, 'boilerplate line')} removed`,
        ].filter(Boolean);
        return `${a.id}: ${parts.join(' · ')}`;
      }),
    ),
    ...(story.why.length ? [text(`Why grouped: ${story.why.join('; ')}`)] : []),
  ]);
  if (corpus.skipped.length) {
    blocks.push(heading('Skipped files'), list(corpus.skipped.map((s) => `${s.file}: ${s.reason}`)));
  }
  return {
    title: `Sources: ${plural(corpus.articles.length, 'article')} in ${plural(corpus.stories.length, 'story', 'stories')}`,
    blocks,
    footer: 'Use /rareearth article <id> to read one.',
    data: sourcesData(corpus),
  };
}

export const sources = {
  name: 'sources',
  description: 'Every article with its metadata, grouped by story, and why they were grouped',
  options: [],
  examples: ['sources'],
  run: ({ corpus }) => sourcesReply(corpus),
} satisfies Subcommand;
