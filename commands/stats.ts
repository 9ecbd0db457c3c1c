import { fields, heading, list, text, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus } from '../src/corpus/types.js';
import { composeStats, type StatsData } from '../src/briefing/stats.js';
import { figureHeadline, formatFigure, plural } from '../src/briefing/format.js';
import { perSnapshot } from '../src/briefing/memo.js';

const SHOWN = 10;

const NAMED = 3;
const WORDINGS_SHOWN = 4;

/** "Reuters, AP, Nikkei and 12 more" */
function named(who: string[]): string {
  return who.length > NAMED ? `${who.slice(0, NAMED).join(', ')} and ${who.length - NAMED} more` : who.join(', ');
}

const publisherOf = (s: { publisher: string | null; articleId: string }) => s.publisher ?? s.articleId.slice(0, 12);

/** "nearly 90%" (Reuters, AP and 12 more): each distinct wording once, with who uses it. */
function wordings(kf: StatsData['keyFigures'][number]): string {
  const byWording = new Map<string, string[]>();
  for (const s of kf.sources) {
    const who = publisherOf(s);
    const list = byWording.get(s.wording);
    if (list) list.push(who);
    else byWording.set(s.wording, [who]);
  }
  const shown = [...byWording].slice(0, WORDINGS_SHOWN).map(([w, who]) => `“${w}” (${named(who)})`);
  const more = byWording.size - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; ${more} other wordings` : ''}`;
}

/** The same snapshot always gives the same stats: built once per snapshot. */
const statsReply = perSnapshot((corpus: Corpus): Reply => {
  const data = composeStats(corpus);
  const byId = new Map(data.keyFigures.map((k) => [k.id, k]));
  // Most-reported first; single-source figures only after every corroborated one.
  const shown = data.keyFigures.slice(0, SHOWN);
  const range = data.dateRange.from ? `${data.dateRange.from} to ${data.dateRange.to}` : 'no dates stated';
  return {
    title: 'Rare-earth briefing: key figures',
    blocks: [
      fields([
        { name: 'Articles', value: `${data.articles} (${data.onTopicArticles} on topic)`, inline: true },
        { name: 'Stories', value: String(data.stories), inline: true },
        { name: 'Publishers', value: String(data.publishers), inline: true },
        { name: 'Published', value: range, inline: true },
      ]),
      heading('Key figures'),
      shown.length
        ? list(
            shown.map((kf) => {
              const agreement =
                kf.conflict
                  ? `⚠ conflicts with ${kf.conflictsWith
                      .map((id) => byId.get(id))
                      .filter((o) => o !== undefined)
                      .map((o) => `${formatFigure(o)} (${named(o.sources.map(publisherOf))})`)
                      .join('; ')}`
                  : kf.sources.length > 1
                    ? 'sources agree'
                    : 'one source';
              return `${figureHeadline(kf)} · ${plural(kf.sources.length, 'source')} (${agreement}) · ${wordings(kf)}`;
            }),
          )
        : text('No figures found in on-topic articles.'),
    ],
    footer:
      data.keyFigures.length > SHOWN
        ? `Showing ${SHOWN} of ${data.keyFigures.length} figures; /rareearth stats --json has them all.`
        : 'Every figure names the articles that state it.',
    data,
  };
});

export const stats = {
  name: 'stats',
  description: 'Key figures across the corpus, who reports them and how their wording differs',
  options: [],
  examples: ['stats'],
  run: ({ corpus }) => statsReply(corpus),
} satisfies Subcommand;
