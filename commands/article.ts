import { UserError } from '../src/core/errors.js';
import { fields, text, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import { findArticle, orUnknown } from '../src/briefing/labels.js';
import { sourcesData } from './sources.js';
import type { Corpus } from '../src/corpus/types.js';

function articleReply(corpus: Corpus, id: string): Reply {
  const a = findArticle(corpus, id);
  if (!a) {
    throw new UserError('unknown-article', `There is no article "${id.slice(0, 60)}". Try \`/rareearth sources\` for the list of ids.`);
  }
  const meta = sourcesData(corpus).articles.find((x) => x.id === a.id)!;
  return {
    title: a.title ?? a.id,
    blocks: [
      fields([
        { name: 'Id', value: a.id, inline: true },
        { name: 'Publisher', value: orUnknown(a.publisher), inline: true },
        { name: 'Author', value: orUnknown(a.author), inline: true },
        { name: 'Published', value: orUnknown(a.published), inline: true },
        { name: 'Story', value: corpus.storyById.get(a.storyId)?.headline ?? a.storyId, inline: false },
        ...(a.duplicateOf ? [{ name: 'Copy of', value: a.duplicateOf, inline: true }] : []),
      ]),
      ...a.paragraphs.map(text),
    ],
    footer: `${a.file} · ${a.removedLines} boilerplate lines removed`,
    data: { ...meta, body: a.body },
  };
}

export const article = {
  name: 'article',
  description: 'One article: its metadata and clean text',
  options: [
    {
      name: 'id',
      description: 'Article id (file name without extension), or a unique start of it',
      type: 'string',
      required: true,
      maxLength: 200,
      autocomplete: (corpus, typed) =>
        corpus.articles
          .filter((a) => a.id.startsWith(typed) || (a.title ?? '').toLowerCase().includes(typed.toLowerCase()))
          .map((a) => ({ name: `${a.id} ${a.title ?? ''}`.slice(0, 100).trim(), value: a.id })),
    },
  ],
  examples: ['article 000'],
  run: ({ corpus, invocation }) => articleReply(corpus, invocation.options.id as string),
} satisfies Subcommand;
