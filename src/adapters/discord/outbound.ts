import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Block, Field, Reply, SourceRef } from '../../core/reply.js';

/** Discord's message limits, in characters (embed limits of the Discord API docs). */
export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  charsPerMessage: 6000,
} as const;

/** A reply is the first message plus follow-ups; past this many messages it is cut with a visible note. */
export const MAX_MESSAGES = 3;
/** Footers are short provenance lines; capping them keeps every embed plus the footer under 6000. */
const FOOTER_MAX = 1000;
/** Room kept free in every embed and message for the "…and N more" line. */
const NOTE_RESERVE = 60;
const EMBED_BUDGET = LIMITS.charsPerMessage - FOOTER_MAX - NOTE_RESERVE;
const DESCRIPTION_BUDGET = LIMITS.description - NOTE_RESERVE;

const COLOR = 0x2f6f8f;
const ERROR_COLOR = 0xc0392b;
const ZWSP = '\u200b';

/** One Discord message of a rendered reply, transport-neutral (camelCase or snake_case is added later). */
export interface DiscordMessage {
  embeds: APIEmbed[];
  ephemeral: boolean;
}

/** Discord's ephemeral message flag (1 << 6). */
export const EPHEMERAL_FLAG = 64;

// Inline markdown anywhere: \ * _ ~ ` | spoilers, <@mentions> and <t:…> tags, [masked](links), @everyone.
const INLINE_MD = /[\\*_~`|<>[\]@]/g;
// Block markdown only counts at the start of a line: # headings, -# subtext, - + lists, "1." lists.
const LINE_MD = /^([ \t]*)([#+-]|\d+\.)(?=\s|#)/gm;

/**
 * Plain text → Discord-safe text that shows exactly as written. Discord renders a backslash before
 * any punctuation as the punctuation itself, so over-escaping is harmless.
 * Example: `*nearly* 90% <@123>` → `\*nearly\* 90% \<\@123\>`.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(INLINE_MD, '\\$&')
    .replace(LINE_MD, (_m, space: string, mark: string) =>
      mark.endsWith('.') ? `${space}${mark.slice(0, -1)}\\.` : `${space}\\${mark}`,
    );
}

/** Cuts to `max` characters with a visible ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A description line longer than one embed is split at spaces (or hard, when a word is too long). */
function splitLong(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const cut = space > max / 2 ? space : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

function sourceLink(s: SourceRef): string {
  const label = escapeMarkdown(s.label);
  return s.url && /^https?:\/\/\S+$/.test(s.url) ? `[${label}](${s.url.replace(/\)/g, '%29')})` : label;
}

/** Source links joined with " · "; those that do not fit the field become "…and N more". */
function sourcesField(refs: SourceRef[]): APIEmbedField {
  let value = '';
  for (let i = 0; i < refs.length; i++) {
    const candidate = `${value}${value ? ' · ' : ''}${sourceLink(refs[i])}`;
    const reserve = i < refs.length - 1 ? 24 : 0;
    if (candidate.length + reserve > LIMITS.fieldValue) {
      value += `${value ? ' · ' : ''}…and ${refs.length - i} more`;
      break;
    }
    value = candidate;
  }
  return { name: 'Sources', value };
}

function toField(f: Field): APIEmbedField {
  return {
    name: clip(escapeMarkdown(f.name), LIMITS.fieldName) || ZWSP,
    value: clip(escapeMarkdown(f.value), LIMITS.fieldValue) || ZWSP,
    inline: f.inline ?? false,
  };
}

/** Embed titles render some markdown too; escaped and cut to 256. */
const titleText = (t: string) => clip(escapeMarkdown(t), LIMITS.title) || ZWSP;

/** What one block contributes: description lines, fields, or (heading) a new section. */
type Piece = { line: string } | { field: APIEmbedField } | { heading: string };

function pieces(b: Block): Piece[] {
  switch (b.kind) {
    case 'heading':
      return [{ heading: titleText(b.text) }];
    case 'text':
      return splitLong(escapeMarkdown(b.text), DESCRIPTION_BUDGET).map((line) => ({ line }));
    case 'list':
      return b.items.flatMap((it, i) =>
        splitLong(`${b.ordered ? `${i + 1}.` : '•'} ${escapeMarkdown(it)}`, DESCRIPTION_BUDGET).map((line) => ({ line })),
      );
    case 'quote':
      return [
        ...splitLong(`> “${escapeMarkdown(b.text)}”`, DESCRIPTION_BUDGET).map((line) => ({ line })),
        { line: `> — ${escapeMarkdown(b.by)}` },
      ];
    case 'fields':
      return b.fields.map((f) => ({ field: toField(f) }));
    case 'sources':
      return b.sources.length ? [{ field: sourcesField(b.sources) }] : [];
    case 'divider':
      return [{ line: ZWSP }];
  }
}

interface Draft {
  title?: string;
  lines: string[];
  fields: APIEmbedField[];
  /** Description length including newlines, and the embed's total counted size. */
  descLength: number;
  size: number;
  /** How many pieces (lines and fields) it holds, to count what a cut drops. */
  items: number;
}

const newDraft = (title?: string): Draft => ({
  title,
  lines: [],
  fields: [],
  descLength: 0,
  size: title?.length ?? 0,
  items: 0,
});

/**
 * Blocks → embed drafts within the per-embed limits. A heading starts a new embed; text after
 * fields starts a continuation embed, so the reading order survives (Discord shows the
 * description above the fields).
 */
function layout(reply: Reply): Draft[] {
  const drafts: Draft[] = [newDraft(titleText(reply.title))];
  let cur = drafts[0];
  const next = (title?: string) => {
    cur = newDraft(title);
    drafts.push(cur);
  };
  for (const block of reply.blocks) {
    for (const p of pieces(block)) {
      if ('heading' in p) {
        next(p.heading);
      } else if ('line' in p) {
        const add = p.line.length + (cur.lines.length ? 1 : 0);
        if (cur.fields.length || cur.descLength + add > DESCRIPTION_BUDGET || cur.size + add > EMBED_BUDGET) next();
        const sep = cur.lines.length ? 1 : 0;
        cur.lines.push(p.line);
        cur.descLength += p.line.length + sep;
        cur.size += p.line.length + sep;
        cur.items++;
      } else {
        const add = p.field.name.length + p.field.value.length;
        if (cur.fields.length >= LIMITS.fields || cur.size + add > EMBED_BUDGET) next();
        cur.fields.push(p.field);
        cur.size += add;
        cur.items++;
      }
    }
  }
  return drafts;
}

function toEmbed(d: Draft, color: number): APIEmbed {
  const e: APIEmbed = { color };
  if (d.title !== undefined) e.title = d.title;
  if (d.lines.length) e.description = d.lines.join('\n');
  if (d.fields.length) e.fields = d.fields;
  return e;
}

/**
 * A Reply as Discord messages: the first message and its follow-ups, each within Discord's limits
 * (10 embeds, 6000 characters). Past MAX_MESSAGES the rest is dropped and the last embed says
 * "…and N more" — never an error for length. The footer goes on the last embed shown.
 */
export function renderReply(reply: Reply): DiscordMessage[] {
  const color = reply.error ? ERROR_COLOR : COLOR;
  const drafts = layout(reply);
  const messages: Draft[][] = [];
  let size = Infinity;
  for (const d of drafts) {
    const last = messages[messages.length - 1];
    if (!last || last.length >= LIMITS.embedsPerMessage || size + d.size > LIMITS.charsPerMessage - FOOTER_MAX - NOTE_RESERVE) {
      messages.push([d]);
      size = d.size;
    } else {
      last.push(d);
      size += d.size;
    }
  }
  const kept = messages.slice(0, MAX_MESSAGES);
  const dropped = messages.slice(MAX_MESSAGES).flat().reduce((n, d) => n + d.items, 0);
  const out = kept.map((m) => ({ embeds: m.map((d) => toEmbed(d, color)), ephemeral: reply.ephemeral === true }));
  const lastEmbed = out[out.length - 1].embeds.at(-1)!;
  if (dropped > 0) {
    const note = `*…and ${dropped} more ${dropped === 1 ? 'item' : 'items'} not shown (Discord's length limit)*`;
    lastEmbed.description = lastEmbed.description ? `${lastEmbed.description}\n${note}` : note;
  }
  if (reply.footer) lastEmbed.footer = { text: clip(reply.footer, FOOTER_MAX) };
  return out;
}

/** Every message: nobody is pinged, whatever the corpus or the user typed (`@everyone`, `<@123>`). */
export const NO_MENTIONS = { parse: [] as [] };

/** Raw API body (HTTP interaction responses, webhooks, channel posts). */
export function toApiBody(m: DiscordMessage): { embeds: APIEmbed[]; allowed_mentions: { parse: [] }; flags?: number } {
  return { embeds: m.embeds, allowed_mentions: NO_MENTIONS, ...(m.ephemeral ? { flags: EPHEMERAL_FLAG } : {}) };
}

/** discord.js reply/followUp/editReply options. */
export function toDiscordJsOptions(m: DiscordMessage): { embeds: APIEmbed[]; allowedMentions: { parse: [] }; flags?: number } {
  return { embeds: m.embeds, allowedMentions: NO_MENTIONS, ...(m.ephemeral ? { flags: EPHEMERAL_FLAG } : {}) };
}
