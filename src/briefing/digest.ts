import { heading, list, quote, text, type Block, type Reply } from '../core/reply.js';
import type { Corpus, KeyFigure, Quote, Story } from '../corpus/types.js';
import { figureHeadline, plural } from './format.js';
import { lookups } from './lookups.js';

export interface DigestOptions {
  /** ISO timestamp: stories with articles first seen or published at or after it are new. */
  since: string;
  now: Date;
  /** storyId → article ids this channel already received; a story holding any of them is shown as an update with only what is new. */
  delivered?: ReadonlyMap<string, readonly string[]>;
  /** Shown in the title: "last 7 days". */
  periodLabel?: string;
}

export interface DigestStory {
  id: string;
  headline: string;
  summary: string[];
  sources: { articleId: string; publisher: string | null }[];
  keyFigures: KeyFigure[];
  quotes: Quote[];
  /** Set when the channel already had this story: only these articles are new. */
  update?: { newArticleIds: string[] };
}

export interface DigestData {
  since: string;
  stories: DigestStory[];
  /** Stories left out of the rendered message for length. */
  notShown: number;
  /** All new stories; `stories` details the first 50 by importance. */
  total: number;
}

export interface DigestResult {
  reply: Reply;
  data: DigestData;
  /** What this digest shows, to remember per channel. */
  stories: { storyId: string; articleIds: string[] }[];
  /** True when nothing is new. */
  empty: boolean;
}

const FIGURES_PER_STORY = 3;
/** One chat message: Discord allows 10 embeds / 6000 chars, Slack 50 blocks; keep room for the title. */
const MAX_STORIES_SHOWN = 8;
const TEXT_BUDGET = 5000;
/** Stories detailed in the data (`--json`); the total is always counted. */
const MAX_STORIES_DATA = 50;

function storyFacts(corpus: Corpus, articleIds: readonly string[]) {
  const l = lookups(corpus);
  const figures = new Map<string, KeyFigure>();
  const quotes = new Set<Quote>();
  for (const id of articleIds) {
    for (const kf of l.figuresByArticle.get(id) ?? []) figures.set(kf.id, kf);
    for (const q of l.quotesByArticle.get(id) ?? []) quotes.add(q);
  }
  return {
    figures: [...figures.values()].sort((a, b) => b.sources.length - a.sources.length),
    quotes: [...quotes].sort((a, b) => b.articleIds.length - a.articleIds.length || Number(b.speaker !== null) - Number(a.speaker !== null)),
  };
}

const speakerLabel = (q: Quote) => (q.speaker ? (q.role ? `${q.speaker}, ${q.role}` : q.speaker) : 'unattributed');

const PUBLISHERS_NAMED = 6;

/** "Reuters, AP, 004_52f2a795 and 9 more": distinct publishers (an id where unknown), the first few named. */
function publisherNames(corpus: Corpus, ids: readonly string[]): string {
  const names = [...new Set(ids.map((id) => corpus.byId.get(id)?.publisher ?? id.slice(0, 12)))];
  const shown = names.slice(0, PUBLISHERS_NAMED).join(', ');
  return names.length > PUBLISHERS_NAMED ? `${shown} and ${names.length - PUBLISHERS_NAMED} more` : shown;
}

function storyBlocks(corpus: Corpus, s: DigestStory): Block[] {
  if (s.update) {
    const fresh = s.keyFigures.map((kf) => `${figureHeadline(kf)} (${publisherNames(corpus, kf.sources.map((x) => x.articleId))})`);
    return [
      heading(`Update: ${s.headline}`),
      text(
        `+${plural(s.update.newArticleIds.length, 'source')} (${publisherNames(corpus, s.update.newArticleIds)})` +
          (fresh.length ? `; new: ${fresh.join('; ')}` : ''),
      ),
    ];
  }
  const blocks: Block[] = [
    heading(s.headline),
    text(s.summary.join(' ')),
    text(`${plural(s.sources.length, 'source')}: ${publisherNames(corpus, s.sources.map((x) => x.articleId))}`),
  ];
  if (s.keyFigures.length) {
    blocks.push(list(s.keyFigures.map((kf) => `${figureHeadline(kf)} (${plural(kf.sources.length, 'source')})`)));
  }
  if (s.quotes[0]) blocks.push(quote(s.quotes[0].text, speakerLabel(s.quotes[0])));
  return blocks;
}

const blockLength = (b: Block) => JSON.stringify(b).length;

/**
 * The stories that are new since `since`, most important first (sources, then recency): headline,
 * summary, sources, up to three key figures and one quote. A story the channel already received
 * reappears only when it gained articles, and then only with what is new.
 */
export function composeDigest(corpus: Corpus, opts: DigestOptions): DigestResult {
  const l = lookups(corpus);
  // Matched by article, not story id: a story id may change when regrouping adds an earlier copy.
  const seen = new Set<string>();
  for (const ids of opts.delivered?.values() ?? []) for (const id of ids) seen.add(id);
  const touched = new Set<string>();
  for (const id of seen) {
    const storyId = corpus.byId.get(id)?.storyId;
    if (storyId) touched.add(storyId);
  }
  const picked = new Map<string, string[] | null>();
  for (const storyId of touched) {
    const story = corpus.storyById.get(storyId);
    if (!story?.onTopic) continue;
    const newIds = story.articleIds.filter((id) => !seen.has(id));
    if (newIds.length) picked.set(storyId, newIds);
  }
  for (const { story, newest } of l.storiesByRecency) {
    if (newest < opts.since) break;
    if (!touched.has(story.id)) picked.set(story.id, null);
  }
  // corpus.stories is already in importance order (sources, then recency): new stories first, then updates.
  const ordered: { story: Story; newIds: string[] | null }[] = [];
  for (const updates of [false, true]) {
    for (const story of corpus.stories) {
      if (ordered.length >= MAX_STORIES_DATA) break;
      const newIds = picked.get(story.id);
      if (newIds !== undefined && (newIds !== null) === updates) ordered.push({ story, newIds });
    }
  }
  const stories: DigestStory[] = ordered.map(({ story, newIds }) => {
    const facts = storyFacts(corpus, story.articleIds);
    return {
      id: story.id,
      headline: story.headline,
      summary: story.summary,
      sources: story.articleIds.map((id) => ({ articleId: id, publisher: corpus.byId.get(id)?.publisher ?? null })),
      // An update carries new information only: figures no article the channel already had stated.
      keyFigures: (newIds ? facts.figures.filter((kf) => kf.sources.every((src) => newIds.includes(src.articleId))) : facts.figures).slice(
        0,
        FIGURES_PER_STORY,
      ),
      quotes: facts.quotes.slice(0, 1),
      ...(newIds ? { update: { newArticleIds: newIds } } : {}),
    };
  });

  const blocks: Block[] = [];
  let used = 0;
  let shown = 0;
  for (const s of stories) {
    const sb = storyBlocks(corpus, s);
    const size = sb.reduce((n, b) => n + blockLength(b), 0);
    if (shown >= MAX_STORIES_SHOWN || (shown > 0 && used + size > TEXT_BUDGET)) break;
    blocks.push(...sb);
    used += size;
    shown++;
  }
  const notShown = picked.size - shown;
  if (notShown > 0) blocks.push(text(`…and ${plural(notShown, 'more story', 'more stories')}.`));

  const data: DigestData = { since: opts.since, stories, notShown, total: picked.size };
  const title = `Rare-earth digest${opts.periodLabel ? `: ${opts.periodLabel}` : ''}`;
  const reply: Reply = stories.length
    ? { title, blocks, footer: `${plural(picked.size, 'story', 'stories')} · every figure and quote is traced to its sources`, data }
    : { title, blocks: [text('Nothing new since the last digest.')], data };
  return {
    reply,
    data,
    // Delivered means shown: stories cut for length are not marked as received.
    stories: stories.slice(0, shown).map((s) => ({ storyId: s.id, articleIds: corpus.storyById.get(s.id)!.articleIds })),
    empty: stories.length === 0,
  };
}
