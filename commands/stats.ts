import { fields, heading, list, text, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import type { Corpus } from '../src/corpus/types.js';
import { composeStats, type StatsData } from '../src/briefing/stats.js';
import { figureHeadline, plural } from '../src/briefing/format.js';
import { perSnapshot } from '../src/briefing/memo.js';

const SHOWN = 10;

/** "nearly 90% (001, 003)" — each distinct wording once, with the sources that use it. */
function wordings(kf: StatsData['keyFigures'][number]): string {
  const byWording = new Map<string, string[]>();
  for (const s of kf.sources) {
    const who = s.publisher ?? s.articleId.slice(0, 12);
    byWording.set(s.wording, [...(byWording.get(s.wording) ?? []), who]);
  }
  return [...byWording].map(([w, who]) => `“${w}” (${who.join(', ')})`).join('; ');
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
                  ? `⚠ conflicts with ${kf.conflictsWith.map((id) => byId.get(id)).filter(Boolean).map((o) => `${o!.sources.map((s) => s.publisher ?? s.articleId.slice(0, 12)).join(', ')}: ${figureHeadline(o!).split(' — ')[1]}`).join('; ')}`
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
