import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DELIVERIES_KEPT, createDeliveryLog } from '../../src/store/deliveries.js';
import { STATE_VERSION, StateFileError, openState } from '../../src/store/state.js';
import { createSubscriptionStore, type NewSubscription } from '../../src/store/subscriptions.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'rareearth-state-'));
const channel = { platform: 'slack' as const, channelId: 'C042' };
const newSub = (over: Partial<NewSubscription> = {}): NewSubscription => ({
  platform: 'slack',
  channelId: 'C042',
  when: 'daily 09:00',
  cron: '0 9 * * *',
  timezone: 'Europe/Berlin',
  createdAt: '2026-03-01T08:00:00.000Z',
  createdBy: 'U1',
  ...over,
});

describe('openState', () => {
  test('a missing file is a fresh state, created in a new folder only on the first write', async () => {
    const file = path.join(await tempDir(), 'nested', 'state.json');
    const db = await openState(file);
    expect(db.data).toMatchObject({ version: STATE_VERSION, subscriptions: [], deliveries: [] });
    expect(await readdir(path.dirname(file))).toEqual([]);
    await createSubscriptionStore(db).add(newSub());
    expect(JSON.parse(await readFile(file, 'utf8')).subscriptions).toHaveLength(1);
  });

  test('subscriptions survive closing and reopening the file', async () => {
    const file = path.join(await tempDir(), 'state.json');
    const first = createSubscriptionStore(await openState(file));
    const a = await first.add(newSub());
    const b = await first.add(newSub({ channelId: 'C777', cron: '30 8 * * 1-5' }));
    expect([a.id, b.id]).toEqual(['s1', 's2']);
    const again = createSubscriptionStore(await openState(file));
    expect(again.all().map((s) => s.id)).toEqual(['s1', 's2']);
    expect(again.inChannel(channel).map((s) => s.id)).toEqual(['s1']);
    // Ids are never reused, even after a removal.
    await again.remove('s2');
    expect((await again.add(newSub({ cron: '0 7 * * *' }))).id).toBe('s3');
  });

  test('writes are atomic: no temp file is left beside the state', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    const store = createSubscriptionStore(await openState(file));
    await Promise.all([store.add(newSub()), store.add(newSub({ cron: '0 10 * * *' }))]);
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(JSON.parse(await readFile(file, 'utf8')).subscriptions).toHaveLength(2);
  });

  const corrupt: [string, string, RegExp][] = [
    ['truncated JSON', '{"version":1,"subscriptions":[', /is not valid JSON/],
    ['an empty file', '', /is not valid JSON/],
    ['JSON of another shape', '{"users":[]}', /is not a state file of this bot/],
    ['the literal null', 'null', /is not a state file of this bot/],
    ['a newer schema', JSON.stringify({ version: 99, nextId: 1, subscriptions: [], deliveries: [], delivered: {} }), /newer version/],
  ];
  test.each(corrupt)('%s refuses to open, names the file and the problem, and leaves the file untouched', async (_name, content, problem) => {
    const file = path.join(await tempDir(), 'state.json');
    await writeFile(file, content);
    const err = await openState(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(problem);
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  test('an unreadable path (a folder where the file should be) is refused with the reason', async () => {
    const file = path.join(await tempDir(), 'state.json');
    await mkdir(file);
    await expect(openState(file)).rejects.toThrow(/state\.json cannot be read \(EISDIR\)/);
  });
});

describe('delivery log', () => {
  test('records a key only when told, remembers the channel’s stories, and sets the subscription’s last delivery', async () => {
    const file = path.join(await tempDir(), 'state.json');
    const db = await openState(file);
    const subs = createSubscriptionStore(db);
    const log = createDeliveryLog(db);
    const sub = await subs.add(newSub());
    await subs.markFailing(sub.id, 'channel not found', new Date('2026-03-02T09:00:00Z'));
    const key = `${sub.id}@2026-03-03T08:00:00.000Z`;
    expect(log.has(key)).toBe(false);
    await log.record(
      { key, subscriptionId: sub.id, fireTime: '2026-03-03T08:00:00.000Z', at: '2026-03-03T08:00:01.000Z', messageId: 'm1', stories: 1 },
      channel,
      [{ storyId: 's-lithium', articleIds: ['a1'] }],
    );
    await log.record(
      { key: `${sub.id}@2026-03-04T08:00:00.000Z`, subscriptionId: sub.id, fireTime: '2026-03-04T08:00:00.000Z', at: '2026-03-04T08:00:01.000Z', messageId: 'm2', stories: 1 },
      channel,
      [{ storyId: 's-lithium', articleIds: ['a1', 'a2'] }],
    );
    const reopened = await openState(file);
    const again = createDeliveryLog(reopened);
    expect(again.has(key)).toBe(true);
    expect(again.delivered(channel).get('s-lithium')).toEqual(['a1', 'a2']);
    expect(again.delivered({ platform: 'discord', channelId: 'C042' }).size).toBe(0);
    const stored = createSubscriptionStore(reopened).get(sub.id)!;
    expect(stored.lastDelivery).toMatchObject({ fireTime: '2026-03-04T08:00:00.000Z', messageId: 'm2' });
    expect(stored.failing).toBeUndefined();
  });

  test(`keeps the last ${DELIVERIES_KEPT} records per subscription`, async () => {
    const db = await openState(path.join(await tempDir(), 'state.json'));
    const sub = await createSubscriptionStore(db).add(newSub({ cron: '0 * * * *' }));
    const log = createDeliveryLog(db);
    for (let h = 0; h < DELIVERIES_KEPT + 5; h++) {
      const fireTime = new Date(Date.UTC(2026, 0, 1, h)).toISOString();
      await log.record({ key: `${sub.id}@${fireTime}`, subscriptionId: sub.id, fireTime, at: fireTime, messageId: `m${h}`, stories: 0 }, channel, []);
    }
    expect(log.forSubscription(sub.id)).toHaveLength(DELIVERIES_KEPT);
    expect(log.has(`${sub.id}@2026-01-01T00:00:00.000Z`)).toBe(false);
    expect(log.has(`${sub.id}@${new Date(Date.UTC(2026, 0, 1, DELIVERIES_KEPT + 4)).toISOString()}`)).toBe(true);
  });
});
