import type { types } from '@slack/bolt';
import { replyToPlainText, type Block, type Field, type Reply, type SourceRef } from '../../core/reply.js';

type SlackBlock = types.KnownBlock;
type Mrkdwn = types.MrkdwnElement;

/** A message as chat.postMessage and response_url take it: Block Kit plus the notification text. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented Block Kit limits (characters, counts per message or block). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  /** Ours, not Slack's (40 000): the fallback is for notifications, which show a line or two. */
  fallbackText: 3000,
} as const;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const SPECIAL = /[&<>]/g;
/** Plain "@here" could be parsed as a broadcast where Slack pre-processes text; a word joiner stops that. */
const BROADCAST = /@(channel|here|everyone)\b/gi;
/** A cut must not leave half an entity ("&am") or half a surrogate pair at the end. */
const PARTIAL_TAIL = /(?:&[a-z]{0,3}|[\uD800-\uDBFF])$/;
const WRAP_CHAR = /[*_]/g;
const LINE_BREAKS = /\s*\n\s*/g;

/**
 * Corpus or user text made inert for Slack: `<!channel>` becomes `&lt;!channel&gt;` (shown as typed,
 * never a mention or a link), `a & b` becomes `a &amp; b`.
 */
export function escapeText(s: string): string {
  return s.replace(SPECIAL, (c) => ENTITY[c]).replace(BROADCAST, '@\u2060$1');
}

/** Shortens already escaped text to `max` characters with a visible "…". */
export function cut(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(PARTIAL_TAIL, '')}…`;
}

/** Text inside our own `*…*` or `_…_`: one line, and its own `*`/`_` cannot close the wrapper early. */
const wrapped = (marker: '*' | '_', s: string) =>
  `${marker}${escapeText(s.replace(LINE_BREAKS, ' ').trim()).replace(WRAP_CHAR, (c) => (c === '*' ? '∗' : '＿'))}${marker}`;

const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const DIVIDER: SlackBlock = { type: 'divider' };

/** Splits one escaped line longer than `max` at a space when there is one in its second half. */
function splitLong(line: string, max: number): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const space = window.lastIndexOf(' ');
    const end = space >= max / 2 ? space : window.replace(PARTIAL_TAIL, '').length;
    parts.push(rest.slice(0, end));
    rest = rest.slice(end).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Packs escaped lines into as few texts of at most `max` characters as fit, keeping line order. */
export function packLines(lines: readonly string[], max: number, separator = '\n'): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines.flatMap((l) => splitLong(l, max))) {
    if (current && current.length + separator.length + line.length > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}${separator}${line}` : line;
  }
  if (current) out.push(current);
  return out;
}

/** Slack rejects a section whose text is empty, so blank-only chunks are dropped. */
const sectionsOf = (lines: string[]) =>
  packLines(lines, SLACK_LIMITS.sectionText)
    .filter((t) => t.trim() !== '')
    .map(section);

function fieldText(f: Field): string {
  const value = f.value.trim() === '' ? '—' : escapeText(f.value);
  return cut(`${wrapped('*', f.name)}\n${value}`, SLACK_LIMITS.fieldText);
}

function fieldSections(fs: Field[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < fs.length; i += SLACK_LIMITS.fieldsPerSection) {
    out.push({ type: 'section', fields: fs.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => mrkdwn(fieldText(f))) });
  }
  return out;
}

/** `<url|label>` only for an http(s) URL from the corpus; `|` and `>` in it are percent-encoded so the link cannot end early. */
export function sourceLink(ref: SourceRef): string {
  const label = escapeText(ref.label.replace(LINE_BREAKS, ' ').trim() || 'source');
  if (!ref.url) return label;
  let url: URL;
  try {
    url = new URL(ref.url);
  } catch {
    return label;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return label;
  const href = url.href.replace(/[|<>]/g, (c) => encodeURIComponent(c)).replace(/&/g, '&amp;');
  return `<${href}|${label.replace(/\|/g, '¦')}>`;
}

function sourcesContext(refs: SourceRef[]): SlackBlock[] {
  if (refs.length === 0) return [];
  const items = refs.map((r) => cut(sourceLink(r), SLACK_LIMITS.sectionText - 20));
  items[0] = `Sources: ${items[0]}`;
  let texts = packLines(items, SLACK_LIMITS.sectionText, ' · ');
  if (texts.length > SLACK_LIMITS.contextElements) {
    const shown = texts.slice(0, SLACK_LIMITS.contextElements - 1);
    const shownItems = shown.reduce((n, t) => n + t.split(' · ').length, 0);
    texts = [...shown, `…and ${refs.length - shownItems} more sources`];
  }
  return [{ type: 'context', elements: texts.map(mrkdwn) }];
}

function quoteLines(b: { text: string; by: string }): string[] {
  const lines = escapeText(`“${b.text.trim()}”`).split('\n').map((l) => `> ${l}`);
  return b.by.trim() ? [...lines, `> — ${wrapped('_', b.by)}`] : lines;
}

function renderBlock(b: Block): SlackBlock[] {
  switch (b.kind) {
    case 'heading':
      return [DIVIDER, section(cut(wrapped('*', b.text), SLACK_LIMITS.sectionText))];
    case 'text':
      return sectionsOf(escapeText(b.text).split('\n'));
    case 'fields':
      return fieldSections(b.fields);
    case 'list':
      return sectionsOf(b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '•'} ${escapeText(it.replace(LINE_BREAKS, ' '))}`));
    case 'sources':
      return sourcesContext(b.sources);
    case 'quote':
      return sectionsOf(quoteLines(b));
    case 'divider':
      return [DIVIDER];
  }
}

/** No divider first, last or twice in a row: a heading after a divider reuses it. */
function tidyDividers(blocks: SlackBlock[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (const b of blocks) {
    if (b.type === 'divider' && (out.length === 0 || out[out.length - 1].type === 'divider')) continue;
    out.push(b);
  }
  while (out.length && out[out.length - 1].type === 'divider') out.pop();
  return out;
}

/**
 * Keeps a message within 50 blocks: header and footer stay, the body is cut and the cut is said.
 * Example: a digest rendering to 70 body blocks keeps 47 of them, then "…and 23 more not shown".
 */
function fitBlocks(header: SlackBlock, body: SlackBlock[], footer: SlackBlock[]): SlackBlock[] {
  const room = SLACK_LIMITS.blocks - 1 - footer.length;
  if (body.length <= room) return [header, ...body, ...footer];
  const kept = tidyDividers(body.slice(0, room - 1));
  const hidden = body.slice(kept.length).filter((b) => b.type !== 'divider').length;
  const note = section(`_…and ${hidden} more not shown (a Slack message holds at most ${SLACK_LIMITS.blocks} blocks)._`);
  return [header, ...kept, note, ...footer];
}

const headerBlock = (title: string): SlackBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: cut(escapeText(title.replace(LINE_BREAKS, ' ').trim() || ' '), SLACK_LIMITS.headerText) },
});

const footerBlocks = (footer: string | undefined): SlackBlock[] =>
  footer?.trim() ? [{ type: 'context', elements: [mrkdwn(cut(escapeText(footer), SLACK_LIMITS.sectionText))] }] : [];

/** A Reply as Block Kit within Slack's limits, plus an escaped plain-text fallback for notifications. */
export function renderReply(reply: Reply): SlackMessage {
  const body = tidyDividers(reply.blocks.flatMap(renderBlock));
  return {
    text: cut(escapeText(replyToPlainText(reply)), SLACK_LIMITS.fallbackText),
    blocks: fitBlocks(headerBlock(reply.title), body, footerBlocks(reply.footer)),
  };
}

/** A command's `--json` data as preformatted sections (each fenced on its own, so a split stays readable). */
export function renderData(title: string, data: unknown): SlackMessage {
  const fence = '```';
  const room = SLACK_LIMITS.sectionText - 2 * (fence.length + 1);
  const lines = escapeText(JSON.stringify(data, null, 2) ?? 'null').split('\n');
  const body = packLines(lines, room).map((t) => section(`${fence}\n${t}\n${fence}`));
  return {
    text: cut(escapeText(`${title} (data)`), SLACK_LIMITS.fallbackText),
    blocks: fitBlocks(headerBlock(title), body, []),
  };
}
