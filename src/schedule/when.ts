import cronstrue from 'cronstrue';
import cron from 'node-cron';
import { UserError } from '../core/errors.js';

export interface ParsedWhen {
  /** 5-field cron: minute hour day-of-month month day-of-week. */
  cron: string;
  /** The schedule in words: "At 08:30, Monday through Friday". */
  words: string;
}

const FORMS = 'daily 09:00, weekdays 08:30, weekly mon 09:00, hourly, or a cron expression like "0 9 * * 1-5"';
const badSchedule = (input: string, why = 'is not a schedule') =>
  new UserError('bad-schedule', `"${input.slice(0, 60)}" ${why}. Try: ${FORMS}.`);

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const WEEKDAYS: Record<string, number> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

/** "HH:MM" → [minute, hour], or null. */
function clock(s: string | undefined): [number, number] | null {
  const m = s ? HHMM.exec(s) : null;
  return m ? [Number(m[2]), Number(m[1])] : null;
}

/** Cron with only plain numbers, ranges, lists and steps: our own next-run computation covers exactly these. */
function checkCron(input: string, expr: string): string {
  const fields = expr.split(/\s+/);
  if (fields.length !== 5) {
    throw badSchedule(input, `has ${fields.length} fields; a cron expression has 5 (minute hour day month weekday)`);
  }
  const check = cron.validateDetailed(expr);
  if (!check.valid) {
    const e = check.errors[0];
    throw badSchedule(input, `is not a valid cron expression (${e ? `${e.field}: "${e.value ?? ''}" is out of range or malformed` : 'malformed'})`);
  }
  const parsed = cron.parse(expr);
  if ([...parsed.dayOfMonth, ...parsed.dayOfWeek].some((v) => typeof v !== 'number')) {
    throw badSchedule(input, 'uses L, W or #, which digests do not support');
  }
  return expr;
}

function toCron(input: string): string {
  const words = input.trim().toLowerCase().split(/\s+/);
  const [kind] = words;
  if (kind === 'hourly' && words.length === 1) return '0 * * * *';
  if ((kind === 'daily' || kind === 'weekdays') && words.length === 2) {
    const t = clock(words[1]);
    if (!t) throw badSchedule(input, `has "${words[1]}" where a time HH:MM (24-hour) belongs`);
    return `${t[0]} ${t[1]} * * ${kind === 'daily' ? '*' : '1-5'}`;
  }
  if (kind === 'weekly' && words.length === 3) {
    const day = WEEKDAYS[words[1]];
    if (day === undefined) throw badSchedule(input, `has "${words[1]}" where a weekday (mon … sun) belongs`);
    const t = clock(words[2]);
    if (!t) throw badSchedule(input, `has "${words[2]}" where a time HH:MM (24-hour) belongs`);
    return `${t[0]} ${t[1]} * * ${day}`;
  }
  if (words.length >= 3 && words.every((w) => /^[\d*,/\-a-z?]+$/.test(w)) && /^[\d*]/.test(kind)) {
    return checkCron(input, words.join(' '));
  }
  throw badSchedule(input);
}

/**
 * Reads a `when`: `daily HH:MM`, `weekdays HH:MM`, `weekly <mon…sun> HH:MM`, `hourly`, or a
 * 5-field cron expression. Throws UserError('bad-schedule') naming what is wrong, with forms that work.
 * Example: "weekly Fri 16:00" → { cron: "0 16 * * 5", words: "At 16:00, only on Friday" }.
 */
export function parseWhen(input: string): ParsedWhen {
  const expr = toCron(input);
  return { cron: expr, words: describeCron(expr) };
}

export function describeCron(expr: string): string {
  return cronstrue.toString(expr, { use24HourTimeFormat: true, throwExceptionOnParseError: false });
}
