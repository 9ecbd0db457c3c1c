import cron from 'node-cron';

/**
 * Run times of a 5-field cron expression in an IANA timezone, from any instant (node-cron only
 * answers "from now", and catch-up needs "between the last delivery and now").
 *
 * The walk mirrors node-cron 4's own (MatcherWalker): local days in order, then the listed hours
 * and minutes of a matching day, each turned into an instant and checked against the fields. So
 * the fire times we compute are the ones node-cron fires at, DST included: a local time that does
 * not exist (02:30 on the spring-forward night) is skipped, an ambiguous one (fall-back) resolves
 * to the same instant node-cron picks. Day-of-month and day-of-week must both match (node-cron's
 * rule, unlike Vixie cron's "either").
 */
export interface CronSchedule {
  cron: string;
  timezone: string;
  /** First run strictly after `after`, or null when none within MAX_DAYS. */
  next(after: Date): Date | null;
  upcoming(after: Date, count: number): Date[];
  /** The latest run in (from, to], or null. */
  latestIn(from: Date, to: Date): Date | null;
  /** Smallest gap in minutes between consecutive runs over the next `samples` runs; Infinity for < 2 runs. */
  minGapMinutes(from: Date, samples?: number): number;
}

const MINUTE = 60_000;
/** 8 years: long enough for "0 9 29 2 *" to find a leap day. */
const MAX_DAYS = 366 * 8;
/** latestIn walks forward run by run; a minutely schedule over 30 days is 43,200 steps. */
const MAX_STEPS = 50_000;
const GAP_SAMPLES = 200;

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
/** Building an Intl formatter costs far more than using one: one per (locale, options, timezone). */
function cachedFormatter(locale: string, options: Intl.DateTimeFormatOptions): (timezone: string) => Intl.DateTimeFormat {
  const byZone = new Map<string, Intl.DateTimeFormat>();
  return (timezone) => {
    let f = byZone.get(timezone);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: timezone });
      byZone.set(timezone, f);
    }
    return f;
  };
}

const partsFormatter = cachedFormatter('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  weekday: 'short',
});

/** Local wall-clock reading of instant `t` (ms) in `timezone`. */
export function wallClock(t: number, timezone: string): Wall {
  const w: Wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, weekday: 0 };
  for (const p of partsFormatter(timezone).formatToParts(t)) {
    if (p.type === 'weekday') w.weekday = WEEKDAY[p.value];
    else if (p.type in w) w[p.type as keyof Wall] = Number(p.value);
  }
  return w;
}

/** Minutes the zone is ahead of UTC at instant t (Berlin in summer: 120). */
function offsetMinutes(t: number, timezone: string): number {
  const w = wallClock(t, timezone);
  return (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(t / MINUTE) * MINUTE) / MINUTE;
}

const readsAs = (t: number, timezone: string, y: number, mo: number, d: number, h: number, mi: number) => {
  const w = wallClock(t, timezone);
  return w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi;
};

/** Instant of a local wall-clock time, resolved exactly as node-cron 4 does (localTimeToTimestamp). */
function localToInstant(y: number, mo: number, d: number, h: number, mi: number, timezone: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = offsetMinutes(guess, timezone);
  const c1 = guess - first * MINUTE;
  const second = offsetMinutes(c1, timezone);
  if (second === first) return c1;
  const c2 = guess - second * MINUTE;
  if (readsAs(c1, timezone, y, mo, d, h, mi)) return c1;
  if (readsAs(c2, timezone, y, mo, d, h, mi)) return c2;
  return Math.max(c1, c2);
}

/** Compiles a 5-field cron expression (plain numbers, ranges, lists, steps, names; no L/W/#). */
export function compileSchedule(expr: string, timezone: string): CronSchedule {
  const f = cron.parse(expr);
  const numbers = (xs: (number | string)[]) => {
    if (xs.some((x) => typeof x !== 'number')) throw new Error(`unsupported cron field in "${expr}" (L, W or #)`);
    return new Set(xs as number[]);
  };
  const minutes = [...f.minute].sort((a, b) => a - b);
  const hours = [...f.hour].sort((a, b) => a - b);
  const months = new Set(f.month);
  const doms = numbers(f.dayOfMonth);
  const dows = numbers(f.dayOfWeek);
  const minuteSet = new Set(minutes);
  const hourSet = new Set(hours);

  const dayMatches = (y: number, mo: number, d: number) =>
    months.has(mo) && doms.has(d) && dows.has(new Date(Date.UTC(y, mo - 1, d)).getUTCDay());
  const matches = (t: number) => {
    const w = wallClock(t, timezone);
    return minuteSet.has(w.minute) && hourSet.has(w.hour) && months.has(w.month) && doms.has(w.day) && dows.has(w.weekday);
  };

  function next(after: Date): Date | null {
    const base = Math.floor(after.getTime() / 1000) * 1000;
    const b = wallClock(base, timezone);
    // Offsets are whole minutes, so the local second equals the UTC second.
    const baseSecondOfDay = b.hour * 3600 + b.minute * 60 + new Date(base).getUTCSeconds();
    let { year, month, day } = b;
    for (let i = 0; i < MAX_DAYS; i++) {
      if (dayMatches(year, month, day)) {
        for (const hour of hours) {
          if (i === 0 && hour < b.hour) continue;
          for (const minute of minutes) {
            if (i === 0 && hour * 3600 + minute * 60 <= baseSecondOfDay) continue;
            const t = localToInstant(year, month, day, hour, minute, timezone);
            if (t > base && matches(t)) return new Date(t);
          }
        }
      }
      const tomorrow = new Date(Date.UTC(year, month - 1, day + 1));
      year = tomorrow.getUTCFullYear();
      month = tomorrow.getUTCMonth() + 1;
      day = tomorrow.getUTCDate();
    }
    return null;
  }

  function upcoming(after: Date, count: number): Date[] {
    const out: Date[] = [];
    for (let t = next(after); t && out.length < count; t = next(t)) out.push(t);
    return out;
  }

  function latestIn(from: Date, to: Date): Date | null {
    let last: Date | null = null;
    let t = next(from);
    for (let i = 0; t && t <= to && i < MAX_STEPS; i++) {
      last = t;
      t = next(t);
    }
    return last;
  }

  function minGapMinutes(from: Date, samples = GAP_SAMPLES): number {
    const runs = upcoming(from, samples);
    let gap = Infinity;
    for (let i = 1; i < runs.length; i++) gap = Math.min(gap, (runs[i].getTime() - runs[i - 1].getTime()) / MINUTE);
    return gap;
  }

  return { cron: expr, timezone, next, upcoming, latestIn, minGapMinutes };
}

const displayFormatter = cachedFormatter('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "Mon 30 Mar 2026, 09:00 CEST": a run time as people in that timezone read it. */
export function formatInZone(date: Date, timezone: string): string {
  const f = displayFormatter(timezone);
  return f.format(date).replace(/^(\w+),/, '$1');
}
