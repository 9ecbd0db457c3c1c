/**
 * Platform-neutral reply blocks. All text is plain text: adapters escape it for their platform
 * (Discord markdown, Slack mrkdwn, ANSI) and render it within their limits, cutting visibly.
 */

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

export interface SourceRef {
  label: string;
  /** Only when the URL came from the corpus. */
  url?: string;
}

export type Block =
  /** Starts a new section (Discord: a new embed; Slack: a header/bold line after a divider). */
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'fields'; fields: Field[] }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'sources'; sources: SourceRef[] }
  /** A short quoted passage with its attribution. */
  | { kind: 'quote'; text: string; by: string }
  | { kind: 'divider' };

export interface Reply {
  title: string;
  blocks: Block[];
  footer?: string;
  /** Only the invoking user sees it (help, errors, --private). */
  ephemeral?: boolean;
  /** The command's data, printed by `--json`. */
  data?: unknown;
  /** Set on error replies, with the UserError code ('internal' for unexpected errors). */
  error?: string;
}

export const text = (t: string): Block => ({ kind: 'text', text: t });
export const heading = (t: string): Block => ({ kind: 'heading', text: t });
export const list = (items: string[], ordered = false): Block => ({ kind: 'list', items, ordered });
export const fields = (fs: Field[]): Block => ({ kind: 'fields', fields: fs });
export const sources = (refs: SourceRef[]): Block => ({ kind: 'sources', sources: refs });
export const quote = (t: string, by: string): Block => ({ kind: 'quote', text: t, by });
export const divider: Block = { kind: 'divider' };

export const errorReply = (code: string, message: string): Reply => ({
  title: code === 'internal' ? 'Something went wrong' : 'Cannot do that',
  blocks: [text(message)],
  ephemeral: true,
  error: code,
});

/** Plain text of a reply, for notification fallbacks and the shell. */
export function replyToPlainText(reply: Reply): string {
  const out: string[] = [reply.title];
  for (const b of reply.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push('', b.text);
        break;
      case 'text':
        out.push(b.text);
        break;
      case 'fields':
        for (const f of b.fields) out.push(`${f.name}: ${f.value}`);
        break;
      case 'list':
        b.items.forEach((it, i) => out.push(`${b.ordered ? `${i + 1}.` : '•'} ${it}`));
        break;
      case 'sources':
        out.push(`Sources: ${b.sources.map((s) => s.label).join(', ')}`);
        break;
      case 'quote':
        out.push(`“${b.text}” — ${b.by}`);
        break;
      case 'divider':
        out.push('');
        break;
    }
  }
  if (reply.footer) out.push('', reply.footer);
  return out.join('\n');
}
