import { UserError } from '../src/core/errors.js';
import { fields, heading, list, quote } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus, Entity } from '../src/corpus/types.js';
import { sourceList } from '../src/briefing/labels.js';
import { perSnapshot } from '../src/briefing/memo.js';

const byMentions = perSnapshot((corpus: Corpus): Entity[] => [...corpus.entities].sort((a, b) => b.mentions - a.mentions));

function findEntity(corpus: Corpus, name: string): Entity | undefined {
  const n = name.toLowerCase();
  const ranked = byMentions(corpus);
  return ranked.find((e) => e.name.toLowerCase() === n) ?? ranked.find((e) => e.name.toLowerCase().includes(n));
}

export const who = {
  name: 'who',
  description: 'A person, organisation or place: role, mentions, quotes and stories',
  options: [
    {
      name: 'name',
      description: 'Name (part of it is enough)',
      type: 'string',
      required: true,
      rest: true,
      maxLength: 100,
      autocomplete: (corpus, typed) =>
        byMentions(corpus)
          .filter((e) => e.name.toLowerCase().includes(typed.toLowerCase()))
          .slice(0, 25)
          .map((e) => ({ name: `${e.name} (${e.type})`, value: e.name })),
    },
  ],
  examples: ['who Bessent', 'who "Fudan University"'],
  run: ({ corpus, invocation }) => {
    const name = String(invocation.options.name);
    const e = findEntity(corpus, name);
    if (!e) {
      throw new UserError('unknown-entity', `Nobody called “${name.slice(0, 60)}” appears in the articles. Try /rareearth quotes for the people quoted.`);
    }
    const said = corpus.quotes.filter((q) => q.speaker === e.name);
    const stories = e.storyIds.map((id) => corpus.storyById.get(id)).filter((s) => s !== undefined);
    return {
      title: e.name,
      blocks: [
        fields([
          { name: 'Type', value: e.type, inline: true },
          { name: 'Role', value: e.role ?? 'not stated', inline: true },
          { name: 'Mentions', value: `${e.mentions} in ${e.articleIds.length} articles`, inline: true },
        ]),
        ...(said.length ? [heading('Quotes'), ...said.map((q) => quote(q.text, sourceList(corpus, q.articleIds)))] : []),
        heading('Stories'),
        list(stories.map((s) => s.headline)),
      ],
      data: { entity: e, quotes: said, stories: stories.map((s) => ({ id: s.id, headline: s.headline })) },
    };
  },
} satisfies Subcommand;
