import cron from 'node-cron';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { isUserError } from '../../src/core/errors.js';
import { compileSchedule, formatInZone } from '../../src/schedule/cron-time.js';
import { resolveTimezone, splitTimezone } from '../../src/schedule/timezone.js';
import { parseWhen } from '../../src/schedule/when.js';

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isUserError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not throw');
};
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('parseWhen', () => {
  test.each([
    ['daily 09:00', '0 9 * * *'],
    ['daily 7:05', '5 7 * * *'],
    ['weekdays 08:30', '30 8 * * 1-5'],
    ['weekly mon 09:00', '0 9 * * 1'],
    ['Weekly Friday 16:45', '45 16 * * 5'],
    ['weekly sun 00:00', '0 0 * * 0'],
    ['hourly', '0 * * * *'],
    ['0 9 * * 1-5', '0 9 * * 1-5'],
    ['*/30 6-18 * * mon-fri', '*/30 6-18 * * mon-fri'],
    ['* * * * *', '* * * * *'],
  ])('"%s" → %s', (when, expected) => {
    expect(parseWhen(when).cron).toBe(expected);
  });

  test('gives the schedule in words', () => {
    expect(parseWhen('weekdays 08:30').words).toBe('At 08:30, Monday through Friday');
  });

  test('a misspelt form gets the exact error with forms that work', () => {
    expect(errorOf(() => parseWhen('dayly 9am'))).toEqual({
      code: 'bad-schedule',
      message: '"dayly 9am" is not a schedule. Try: daily 09:00, weekdays 08:30, weekly mon 09:00, hourly, or a cron expression like "0 9 * * 1-5".',
    });
  });

  test.each([
    ['daily 9am', /"daily 9am" has "9am" where a time HH:MM \(24-hour\) belongs/],
    ['daily 24:00', /has "24:00" where a time/],
    ['weekly someday 09:00', /has "someday" where a weekday \(mon … sun\) belongs/],
    ['0 25 * * *', /is not a valid cron expression \(hour/],
    ['0 0 9 * * *', /has 6 fields; a cron expression has 5/],
    ['0 9 * *', /has 4 fields/],
    ['0 9 L * *', /uses L, W or #/],
  ])('"%s" is refused, saying what is wrong', (when, why) => {
    const e = errorOf(() => parseWhen(when));
    expect(e.code).toBe('bad-schedule');
    expect(e.message).toMatch(why);
    expect(e.message).toContain('Try: daily 09:00');
  });
});

describe('timezones', () => {
  test('an unknown timezone gets the exact error', () => {
    expect(errorOf(() => resolveTimezone('Mars/Base'))).toEqual({
      code: 'unknown-timezone',
      message: '"Mars/Base" is not a timezone. Try Europe/Berlin or America/New_York.',
    });
  });

  test('names are made canonical', () => {
    expect(resolveTimezone('america/new_york')).toBe('America/New_York');
    expect(resolveTimezone('UTC')).toBe('UTC');
  });

  test('the text form splits a trailing Area/City or UTC off the schedule, and only that', () => {
    expect(splitTimezone('daily 09:00 Europe/Berlin')).toEqual({ when: 'daily 09:00', timezone: 'Europe/Berlin' });
    expect(splitTimezone('0 9 * * 1-5 America/Argentina/Buenos_Aires')).toEqual({ when: '0 9 * * 1-5', timezone: 'America/Argentina/Buenos_Aires' });
    expect(splitTimezone('hourly utc')).toEqual({ when: 'hourly', timezone: 'utc' });
    expect(splitTimezone('*/30 * * * *')).toEqual({ when: '*/30 * * * *' });
    expect(splitTimezone('weekly mon 09:00')).toEqual({ when: 'weekly mon 09:00' });
  });
});

describe('run times', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('daily 09:00 in Berlin is 08:00Z before the spring DST change and 07:00Z after; New York shifts on its own date', () => {
    const from = new Date('2026-03-26T12:00:00Z');
    expect(iso(compileSchedule('0 9 * * *', 'Europe/Berlin').upcoming(from, 4))).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
    // New York moved to EDT on 8 March: already UTC−4 here, unchanged across Berlin's switch.
    expect(iso(compileSchedule('0 9 * * *', 'America/New_York').upcoming(from, 3))).toEqual([
      '2026-03-26T13:00:00.000Z',
      '2026-03-27T13:00:00.000Z',
      '2026-03-28T13:00:00.000Z',
    ]);
  });

  test('a local time that does not exist on the spring-forward night is skipped that day', () => {
    expect(iso(compileSchedule('30 2 * * *', 'Europe/Berlin').upcoming(new Date('2026-03-28T12:00:00Z'), 2))).toEqual([
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  test.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'])(
    'agrees with node-cron’s own next runs in %s, across both DST changes',
    (tz) => {
      vi.useFakeTimers();
      for (const start of ['2026-03-28T18:00:00Z', '2026-10-24T18:00:00Z', '2026-11-01T04:10:20Z', '2026-04-04T22:59:00Z']) {
        vi.setSystemTime(new Date(start));
        for (const expr of ['0 9 * * *', '30 2 * * *', '0 * * * *', '*/20 1-3 * * *', '15 0 * * 0']) {
          const task = cron.createTask(expr, () => undefined, { timezone: tz });
          expect(iso(compileSchedule(expr, tz).upcoming(new Date(start), 4)), `${expr} from ${start}`).toEqual(iso(task.getNextRuns(4)));
          void task.destroy();
        }
      }
    },
  );

  test('latestIn finds the one latest slot in a window, none when the window holds none', () => {
    const s = compileSchedule('0 9 * * *', 'UTC');
    expect(s.latestIn(new Date('2026-05-01T09:00:00Z'), new Date('2026-05-04T10:00:00Z'))?.toISOString()).toBe('2026-05-04T09:00:00.000Z');
    expect(s.latestIn(new Date('2026-05-04T09:00:00Z'), new Date('2026-05-05T08:59:00Z'))).toBeNull();
  });

  test('minGapMinutes sees the tightest spacing, also inside an otherwise sparse schedule', () => {
    const from = new Date('2026-05-01T00:00:00Z');
    expect(compileSchedule('0 * * * *', 'UTC').minGapMinutes(from)).toBe(60);
    expect(compileSchedule('0,20 9 * * 1', 'UTC').minGapMinutes(from)).toBe(20);
    expect(compileSchedule('* * * * *', 'UTC').minGapMinutes(from)).toBe(1);
  });

  test('run times read in the subscription’s timezone', () => {
    expect(formatInZone(new Date('2026-03-30T07:00:00Z'), 'Europe/Berlin')).toBe('Mon 30 Mar 2026, 09:00 CEST');
  });
});
