import { UserError } from '../src/core/errors.js';
import { list, text } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import { plural } from '../src/briefing/format.js';

const MAX_QUERY = 200;

export const search = {
  name: 'search',
  description: 'Full-text search of the articles (typos and word starts are fine), grouped by story',
  options: [{ name: 'query', description: 'Words to look for', type: 'string', required: true, rest: true }],
  examples: ['search "magnet recycling"', 'search refining capacity'],
  run: ({ corpus, invocation }) => {
    const query = String(invocation.options.query ?? '').trim();
    if (query.length > MAX_QUERY) {
      throw new UserError('query-too-long', `That query is ${query.length} characters; keep it under ${MAX_QUERY}.`);
    }
    if (!/[\p{L}\p{N}]/u.test(query)) {
      throw new UserError('empty-query', 'Give some words to search for, e.g. /rareearth search refining capacity');
    }
    const results = corpus.index.search(query, 10);
    return {
      title: `Search: ${query}`,
      blocks: results.length
        ? [
            list(
              results.map((r) => {
                const story = corpus.storyById.get(r.storyId);
                const a = corpus.byId.get(r.articleId);
                return `${story?.headline ?? r.storyId} — ${r.snippet} (${a?.publisher ?? r.articleId})`;
              }),
            ),
          ]
        : [text(`Nothing matches “${query}”. Try fewer or different words.`)],
      footer: plural(results.length, 'story', 'stories'),
      data: { query, results: results.map(({ articleId, storyId, score, snippet, terms }) => ({ articleId, storyId, score, snippet, terms })) },
    };
  },
} satisfies Subcommand;
