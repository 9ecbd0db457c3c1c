import type { APIEmbed } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { canManage, focusedOf, subcommandOf, toInvocation, MANAGE_HINT } from '../../src/adapters/discord/inbound.js';
import { escapeMarkdown, LIMITS, MAX_MESSAGES, renderReply, toApiBody } from '../../src/adapters/discord/outbound.js';
import { commandDefinition } from '../../src/adapters/discord/register.js';
import { fields, heading, list, quote, sources, text, type Reply } from '../../src/core/reply.js';
import type { Subcommand } from '../../src/core/command.js';

/** Characters Discord counts toward the 6000 of a message. */
const embedSize = (e: APIEmbed) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

const base = { id: '1', userId: '9', channelId: '5' };
const sub = (name: string, options: { name: string; type: number; value?: string | number | boolean; focused?: boolean }[] = []) => [
  { type: 1, name, options },
];

describe('inbound: interaction → Invocation', () => {
  test('Manage Server (32) or Administrator (8) may manage schedules; other bits may not', () => {
    expect(canManage('32')).toBe(true);
    expect(canManage('8')).toBe(true);
    expect(canManage(String(1n << 40n | 32n))).toBe(true);
    expect(canManage('1024')).toBe(false);
    expect(canManage(undefined)).toBe(false);
    expect(canManage('not a number')).toBe(false);
  });

  test('options are typed as Discord sent them and the place is the guild channel', () => {
    const inv = toInvocation({ ...base, guildId: '7', permissions: '32', options: sub('digest', [{ name: 'days', type: 4, value: 14 }]) });
    expect(inv).toMatchObject({
      command: 'digest',
      options: { days: 14 },
      who: { id: '9', canManageSchedules: true, manageHint: MANAGE_HINT },
      where: { platform: 'discord', channelId: '5', guildId: '7', isDirectMessage: false },
    });
  });

  test('a direct message never manages schedules, even with a permission string, and says why', () => {
    const inv = toInvocation({ ...base, guildId: null, permissions: '8', options: sub('subscribe') });
    expect(inv.who.canManageSchedules).toBe(false);
    expect(inv.who.manageHint).toMatch(/direct messages/);
    expect(inv.where.isDirectMessage).toBe(true);
  });

  test('no subcommand means help; the focused option is found for autocomplete', () => {
    expect(subcommandOf([]).name).toBe('help');
    expect(focusedOf(sub('quotes', [{ name: 'speaker', type: 3, value: 'nick', focused: true }]))).toEqual({
      command: 'quotes',
      option: 'speaker',
      typed: 'nick',
    });
    expect(focusedOf(sub('quotes'))).toBeNull();
  });
});

describe('outbound: Reply → embeds', () => {
  test('Discord markdown and mentions in corpus text show literally', () => {
    expect(escapeMarkdown('*nearly* 90% of _cobalt_ ~x~ `y` ||z|| <@123> @here [a](b)')).toBe(
      '\\*nearly\\* 90% of \\_cobalt\\_ \\~x\\~ \\`y\\` \\|\\|z\\|\\| \\<\\@123\\> \\@here \\[a\\](b)',
    );
    expect(escapeMarkdown('# Lithium\n- item\n1. first\n-# small')).toBe('\\# Lithium\n\\- item\n1\\. first\n\\-# small');
    expect(escapeMarkdown('Prices rose 5.2% - a record')).toBe('Prices rose 5.2% - a record');
  });

  test('a heading starts a new embed; text after fields continues in a new embed to keep the order', () => {
    const [m] = renderReply({
      title: 'Lithium in Canada',
      blocks: [text('Intro.'), fields([{ name: 'Mines', value: '3' }]), text('After the fields.'), heading('Quebec'), list(['Whabouchi'])],
    });
    expect(m.embeds.map((e) => e.title)).toEqual(['Lithium in Canada', undefined, 'Quebec']);
    expect(m.embeds[1].description).toBe('After the fields.');
    expect(m.embeds[2].description).toBe('• Whabouchi');
  });

  test('quotes, sources with links, and the footer are rendered', () => {
    const [m] = renderReply({
      title: 'Cobalt',
      blocks: [quote('Supply is tight.', 'A trader'), sources([{ label: 'Mining Wire', url: 'https://example.org/a' }, { label: 'Ore_Daily' }])],
      footer: '2 sources',
    });
    const e = m.embeds[0];
    expect(e.description).toBe('> “Supply is tight.”\n> — A trader');
    expect(e.fields?.[0]).toEqual({ name: 'Sources', value: '[Mining Wire](https://example.org/a) · Ore\\_Daily' });
    expect(e.footer?.text).toBe('2 sources');
  });

  test('oversized titles, field names and values are cut visibly to their limits', () => {
    const [m] = renderReply({
      title: 'T'.repeat(300),
      blocks: [fields([{ name: 'N'.repeat(300), value: 'V'.repeat(2000) }, { name: '', value: '' }])],
    });
    const e = m.embeds[0];
    expect(e.title).toHaveLength(LIMITS.title);
    expect(e.title!.endsWith('…')).toBe(true);
    expect(e.fields![0].name).toHaveLength(LIMITS.fieldName);
    expect(e.fields![0].value).toHaveLength(LIMITS.fieldValue);
    expect(e.fields![1].name.length).toBeGreaterThan(0);
  });

  test('more than 25 fields and a 5000-character paragraph are split into embeds within every limit, nothing lost', () => {
    const reply: Reply = {
      title: 'Nickel',
      blocks: [text('ore '.repeat(1250)), fields(Array.from({ length: 40 }, (_, i) => ({ name: `Mine ${i}`, value: 'x'.repeat(60) })))],
    };
    const messages = renderReply(reply);
    const embeds = messages.flatMap((m) => m.embeds);
    expect(embeds.map((e) => e.description ?? '').join('').replace(/\s/g, '').length).toBe('ore'.length * 1250);
    expect(embeds.flatMap((e) => e.fields ?? [])).toHaveLength(40);
    expect(messages.length).toBeGreaterThan(1);
    expect(JSON.stringify(messages)).not.toContain('more items');
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(m.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.charsPerMessage);
      for (const e of m.embeds) {
        expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
        expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
      }
    }
  });

  test('past the message cap the rest is dropped with a visible count', () => {
    const items = Array.from({ length: 2000 }, (_, i) => `Cobalt shipment ${i} from an imaginary port`);
    const messages = renderReply({ title: 'Shipments', blocks: [list(items)], footer: 'Imaginary port authority' });
    expect(messages).toHaveLength(MAX_MESSAGES);
    const last = messages.at(-1)!.embeds.at(-1)!;
    const shown = messages.flatMap((m) => m.embeds).flatMap((e) => (e.description ?? '').split('\n')).filter((l) => l.startsWith('•'));
    expect(last.description).toContain(`…and ${items.length - shown.length} more items not shown`);
    expect(last.footer?.text).toBe('Imaginary port authority');
  });

  test('error replies are ephemeral and every API body turns mentions off', () => {
    const [m] = renderReply({ title: 'Cannot do that', blocks: [text('No.')], ephemeral: true, error: 'bad' });
    expect(toApiBody(m)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
  });
});

describe('register: specs → command definition', () => {
  const specs: Subcommand[] = [
    {
      name: 'mines',
      description: 'Mines by country',
      options: [
        { name: 'limit', description: 'How many', type: 'integer', min: 1, max: 50 },
        { name: 'country', description: 'Which country', type: 'string', required: true, maxLength: 60 },
        { name: 'metal', description: 'Which metal', type: 'string', choices: [{ name: 'Lithium', value: 'li' }] },
        { name: 'owner', description: 'Owner', type: 'string', autocomplete: () => [], choices: [{ name: 'X', value: 'x' }] },
        { name: 'open', description: 'Only open ones', type: 'boolean' },
      ],
      examples: [],
      run: () => ({ title: '', blocks: [] }),
    },
    { name: 'watch', description: 'd'.repeat(150), options: [], examples: [], managesSchedules: true, run: () => ({ title: '', blocks: [] }) },
  ];

  test('one chat-input command, a subcommand per spec, required options first, types and limits mapped', () => {
    const def = commandDefinition(specs) as unknown as {
      name: string;
      type: number;
      options: { type: number; name: string; description: string; options: Record<string, unknown>[] }[];
    };
    expect(def.name).toBe('rareearth');
    expect(def.type).toBe(1);
    expect(def.options.map((o) => [o.type, o.name])).toEqual([[1, 'mines'], [1, 'watch']]);
    expect(def.options[1].description.length).toBeLessThanOrEqual(100);
    expect(def.options[0].options).toEqual([
      { type: 3, name: 'country', description: 'Which country', required: true, max_length: 60 },
      { type: 4, name: 'limit', description: 'How many', required: false, min_value: 1, max_value: 50 },
      { type: 3, name: 'metal', description: 'Which metal', required: false, choices: [{ name: 'Lithium', value: 'li' }] },
      { type: 3, name: 'owner', description: 'Owner', required: false, autocomplete: true },
      { type: 5, name: 'open', description: 'Only open ones', required: false },
    ]);
  });
});
