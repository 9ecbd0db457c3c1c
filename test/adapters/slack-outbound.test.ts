import { describe, expect, test } from 'vitest';
import { cut, escapeText, packLines, renderData, renderReply, sourceLink } from '../../src/adapters/slack/outbound.js';
import { divider, fields, heading, list, quote, sources, text, type Block, type Reply } from '../../src/core/reply.js';
import { blockTexts, expectNoMentions, expectWithinSlackLimits, visibleText } from '../helpers/fake-slack.js';

type Json = Record<string, unknown>;
const render = (reply: Reply) => {
  const m = renderReply(reply);
  return { text: m.text, blocks: m.blocks as unknown as Json[] };
};
const types = (blocks: Json[]) => blocks.map((b) => b.type);

describe('escaping', () => {
  test('&, < and > become entities, so mentions and links stay literal text', () => {
    expect(escapeText('Cobalt <!channel> & <@U123> > <https://evil.example|click>')).toBe(
      'Cobalt &lt;!channel&gt; &amp; &lt;@U123&gt; &gt; &lt;https://evil.example|click&gt;',
    );
  });

  test('plain @here, @channel and @everyone cannot broadcast; e-mail addresses keep their @', () => {
    expect(escapeText('ping @here, @Channel and @everyone')).not.toMatch(/@(here|channel|everyone)\b/i);
    expect(escapeText('write to press@mine.example')).toBe('write to press@mine.example');
  });

  test('a cut never leaves half an entity and shows the ellipsis', () => {
    const s = escapeText(`${'a'.repeat(8)}&&&`);
    expect(cut(s, 11)).toBe(`${'a'.repeat(8)}…`);
    expect(cut(s, 100)).toBe(s);
  });

  test('every text of a reply built from hostile text is inert, fallback included', () => {
    const evil = '<!channel> <@U123> <#C999> @here <https://x.example|y>';
    const m = render({
      title: evil,
      blocks: [heading(evil), text(evil), list([evil]), fields([{ name: evil, value: evil }]), quote(evil, evil), sources([{ label: evil }])],
      footer: evil,
    });
    expectNoMentions(m);
    expect(visibleText(m.blocks)).toContain('<!channel> <@U123>');
  });
});

describe('Block Kit shape', () => {
  test('title → header, heading → divider + bold section, footer and sources → context', () => {
    const m = render({
      title: 'Lithium in Canada',
      blocks: [text('Two mines reopened.'), heading('Prices'), list(['Spodumene up 4%', 'Carbonate flat'], true), sources([{ label: 'Mining Weekly' }])],
      footer: '3 stories',
    });
    expect(types(m.blocks)).toEqual(['header', 'section', 'divider', 'section', 'section', 'context', 'context']);
    expect(blockTexts(m.blocks)).toEqual([
      'Lithium in Canada',
      'Two mines reopened.',
      '*Prices*',
      '1. Spodumene up 4%\n2. Carbonate flat',
      'Sources: Mining Weekly',
      '3 stories',
    ]);
    expect(m.text).toContain('Lithium in Canada');
  });

  test('a heading containing * or _ stays one bold run', () => {
    const m = render({ title: 't', blocks: [heading('Cobalt *spot* price_index\nQ3')] });
    const bold = blockTexts(m.blocks)[1];
    expect(bold).toMatch(/^\*[^*\n]+\*$/);
  });

  test('no divider first, last or twice in a row', () => {
    const m = render({ title: 't', blocks: [divider, heading('A'), divider, divider, heading('B'), divider] });
    expect(types(m.blocks)).toEqual(['header', 'section', 'divider', 'section']);
  });

  test('a quote is a blockquote with its attribution', () => {
    const m = render({ title: 't', blocks: [quote('We will double output.', 'a mine CEO')] });
    expect(blockTexts(m.blocks)[1]).toBe('> “We will double output.”\n> — _a mine CEO_');
  });

  test('empty text and empty field values never produce an empty (rejected) section', () => {
    const m = render({ title: '', blocks: [text(''), text('\n\n'), fields([{ name: 'Output', value: '' }])] });
    expectWithinSlackLimits(m);
  });
});

describe('links', () => {
  test('a corpus URL becomes <url|label>; no URL, a bad URL or a non-http scheme stays a label', () => {
    expect(sourceLink({ label: 'Mining Weekly', url: 'https://mining.example/cobalt?a=1&b=2' })).toBe(
      '<https://mining.example/cobalt?a=1&amp;b=2|Mining Weekly>',
    );
    expect(sourceLink({ label: 'Mining Weekly' })).toBe('Mining Weekly');
    expect(sourceLink({ label: 'x', url: 'javascript:alert(1)' })).toBe('x');
    expect(sourceLink({ label: 'x', url: 'not a url' })).toBe('x');
  });

  test('| and > in a URL or label cannot end the link early', () => {
    const link = sourceLink({ label: 'a|b>c', url: 'https://mine.example/x|y>z' });
    expect(link).toMatch(/^<https:\/\/mine\.example\/[^|<>]+\|[^|<>]+>$/);
  });
});

describe('limits', () => {
  test('a 10 000-character paragraph is split into sections of at most 3000, losing nothing', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    const m = render({ title: 't', blocks: [text(words)] });
    expectWithinSlackLimits(m);
    const sections = m.blocks.filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(2);
    expect(blockTexts(sections).join(' ')).toBe(words);
  });

  test('a word longer than a section is cut hard but kept whole across sections', () => {
    const long = 'x&'.repeat(2000);
    const m = render({ title: 't', blocks: [text(long)] });
    expectWithinSlackLimits(m);
    expect(visibleText(m.blocks.slice(1)).replace(/\n/g, '')).toBe(long);
  });

  test('25 fields → sections of at most 10; an over-long value is cut with …', () => {
    const m = render({ title: 't', blocks: [fields(Array.from({ length: 25 }, (_, i) => ({ name: `Mine ${i}`, value: 'ore '.repeat(800) })))] });
    expectWithinSlackLimits(m);
    const counts = m.blocks.filter((b) => b.fields).map((b) => (b.fields as unknown[]).length);
    expect(counts).toEqual([10, 10, 5]);
    expect(blockTexts(m.blocks)[1]).toMatch(/…$/);
  });

  test('a title over 150 characters is cut in the header and kept whole in the fallback', () => {
    const title = `Nickel ${'and cobalt '.repeat(20)}`.trim();
    const m = render({ title, blocks: [] });
    expectWithinSlackLimits(m);
    expect(m.text).toContain(title);
  });

  test('over 50 blocks: header and footer kept, the cut said with the number hidden', () => {
    const blocks: Block[] = Array.from({ length: 60 }, (_, i) => [heading(`Story ${i}`), text(`Body ${i}`)]).flat();
    const m = render({ title: 'Digest', blocks, footer: 'as of Monday' });
    expectWithinSlackLimits(m);
    expect(m.blocks[0].type).toBe('header');
    expect(blockTexts(m.blocks).at(-1)).toBe('as of Monday');
    const sections = m.blocks.filter((b) => b.type === 'section');
    const note = blockTexts(sections).find((t) => t.includes('more not shown'))!;
    // 60 headings + 60 bodies in all; every one not shown is counted.
    expect(Number(/…and (\d+) more/.exec(note)![1])).toBe(120 - (sections.length - 1));
  });

  test('hundreds of sources fit in one context of at most 10 elements, the rest counted', () => {
    const refs = Array.from({ length: 400 }, (_, i) => ({ label: `Outlet number ${i}`, url: `https://outlet${i}.example/story/${'p'.repeat(40)}` }));
    const m = render({ title: 't', blocks: [sources(refs)] });
    expectWithinSlackLimits(m);
    expect(visibleText(m.blocks)).toMatch(/…and \d+ more sources/);
  });

  test('the fallback text is capped for notifications', () => {
    const m = render({ title: 't', blocks: [text('cobalt '.repeat(2000))] });
    expect(m.text.length).toBeLessThanOrEqual(3000);
    expect(m.text.endsWith('…')).toBe(true);
  });

  test('packLines keeps order and packs as much as fits', () => {
    expect(packLines(['aa', 'bb', 'cc'], 5)).toEqual(['aa\nbb', 'cc']);
    expect(packLines(['aaaa bbbb'], 5)).toEqual(['aaaa', 'bbbb']);
  });
});

test('--json data is fenced, escaped and split within limits', () => {
  const data = { items: Array.from({ length: 400 }, (_, i) => ({ id: `mine-${i}`, note: '<@U1> & co' })) };
  const m = renderData('Search: cobalt', data);
  const blocks = m.blocks as unknown as Json[];
  expectWithinSlackLimits({ text: m.text, blocks });
  expectNoMentions({ text: m.text, blocks });
  for (const t of blockTexts(blocks).slice(1, -1)) expect(t).toMatch(/^```\n[\s\S]*\n```$/);
});
