import { describe, expect, test } from 'vitest';
import { createAdminCheck, MANAGE_HINT, subcommandName, unescapeSlack, whereOf, whoOf, type SlackRole } from '../../src/adapters/slack/inbound.js';
import { createMemoryLogger } from '../../src/log.js';

const log = createMemoryLogger().log;

describe('command text', () => {
  test('Slack entities are decoded back to what the user typed', () => {
    expect(unescapeSlack('search cobalt &amp; nickel &lt;2025&gt;')).toBe('search cobalt & nickel <2025>');
    expect(unescapeSlack('&amp;lt;')).toBe('&lt;');
  });

  test('the subcommand is the first word after the prefix and the flags, as the parser reads it', () => {
    expect(subcommandName('subscribe "mondays 9:00" Europe/Oslo')).toBe('subscribe');
    expect(subcommandName('--private Subscribe daily')).toBe('subscribe');
    expect(subcommandName('/rareearth --json stats')).toBe('stats');
    expect(subcommandName('   ')).toBe('help');
  });
});

describe('who and where', () => {
  test('a channel in a team, and a direct message', () => {
    expect(whereOf({ channel_id: 'C42', channel_name: 'battery-metals', team_id: 'T9' })).toEqual({
      platform: 'slack',
      channelId: 'C42',
      guildId: 'T9',
      isDirectMessage: false,
    });
    expect(whereOf({ channel_id: 'D42', channel_name: 'directmessage', team_id: 'T9' }).isDirectMessage).toBe(true);
  });

  test('permission is looked up only when the subcommand needs it, and the refusal hint names who may', async () => {
    let asked = 0;
    const isAdmin = async () => (++asked, true);
    const plain = await whoOf({ user_id: 'U1', user_name: 'ana' }, false, isAdmin);
    expect(plain).toMatchObject({ id: 'U1', name: 'ana', canManageSchedules: false, manageHint: MANAGE_HINT });
    expect(asked).toBe(0);
    expect((await whoOf({ user_id: 'U1', user_name: 'ana' }, true, isAdmin)).canManageSchedules).toBe(true);
    expect(asked).toBe(1);
  });
});

describe('admin check', () => {
  const roles: Record<string, SlackRole> = { UADM: { is_admin: true }, UOWN: { is_owner: true }, UPRI: { is_primary_owner: true }, UMEM: {} };

  function setup(lookup?: (id: string) => Promise<SlackRole | undefined>) {
    const asked: string[] = [];
    let now = 0;
    const check = createAdminCheck({
      adminUsers: ['ULIST'],
      log,
      ttlMs: 1000,
      clock: () => now,
      lookup: lookup ?? (async (id) => (asked.push(id), roles[id])),
    });
    return { check, asked, advance: (ms: number) => (now += ms) };
  }

  test('admins, owners, primary owners and listed users may; members may not', async () => {
    const { check, asked } = setup();
    for (const id of ['UADM', 'UOWN', 'UPRI', 'ULIST']) expect(await check(id), id).toBe(true);
    expect(await check('UMEM')).toBe(false);
    expect(asked).not.toContain('ULIST');
  });

  test('an answer is reused until it expires', async () => {
    const { check, asked, advance } = setup();
    await check('UADM');
    await check('UADM');
    expect(asked).toEqual(['UADM']);
    advance(1001);
    await check('UADM');
    expect(asked).toEqual(['UADM', 'UADM']);
  });

  test('a failed lookup refuses and is asked again next time', async () => {
    let fail = true;
    const { check } = setup(async () => {
      if (fail) throw new Error('users.info: ratelimited');
      return { is_admin: true };
    });
    expect(await check('UADM')).toBe(false);
    fail = false;
    expect(await check('UADM')).toBe(true);
  });
});
