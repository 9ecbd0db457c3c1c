import type { Block, Reply } from '../../core/reply.js';

const ESC = '\u001b[';
const style = (on: boolean) => ({
  bold: (s: string) => (on ? `${ESC}1m${s}${ESC}22m` : s),
  dim: (s: string) => (on ? `${ESC}2m${s}${ESC}22m` : s),
  red: (s: string) => (on ? `${ESC}31m${s}${ESC}39m` : s),
  cyan: (s: string) => (on ? `${ESC}36m${s}${ESC}39m` : s),
});

/** Control characters in corpus or user text could move the cursor or recolour the terminal. */
const stripControls = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

function renderBlock(b: Block, st: ReturnType<typeof style>): string[] {
  switch (b.kind) {
    case 'heading':
      return ['', st.cyan(st.bold(stripControls(b.text)))];
    case 'text':
      return [stripControls(b.text)];
    case 'fields':
      return b.fields.map((f) => `${st.bold(`${stripControls(f.name)}:`)} ${stripControls(f.value)}`);
    case 'list':
      return b.items.map((it, i) => `  ${b.ordered ? `${i + 1}.` : '•'} ${stripControls(it)}`);
    case 'sources':
      return [st.dim(`Sources: ${b.sources.map((s) => stripControls(s.url ? `${s.label} <${s.url}>` : s.label)).join(', ')}`)];
    case 'quote':
      return [`  “${stripControls(b.text)}”`, st.dim(`     — ${stripControls(b.by)}`)];
    case 'divider':
      return [st.dim('─'.repeat(40))];
  }
}

/** A Reply as terminal text: ANSI styling only when `color` (the output is a TTY). No length limit here. */
export function renderReply(reply: Reply, color = false): string {
  const st = style(color);
  const title = reply.error ? st.red(st.bold(stripControls(reply.title))) : st.bold(stripControls(reply.title));
  const lines = [title, ...reply.blocks.flatMap((b) => renderBlock(b, st))];
  if (reply.footer) lines.push(st.dim(stripControls(reply.footer)));
  return `${lines.join('\n')}\n`;
}
