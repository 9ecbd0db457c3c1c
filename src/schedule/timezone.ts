/**
 * Timezones as users type them. Apart from when.ts: its cron libraries took ~60 ms to load, which
 * the commands (that only read a timezone) and with them the one-shot CLI need not pay.
 */
import { UserError } from '../core/errors.js';

/**
 * The canonical IANA name ("europe/berlin" → "Europe/Berlin"), or UserError('unknown-timezone').
 */
export function resolveTimezone(tz: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() }).resolvedOptions().timeZone;
  } catch {
    throw new UserError('unknown-timezone', `"${tz.slice(0, 60)}" is not a timezone. Try Europe/Berlin or America/New_York.`);
  }
}

const TIMEZONE_LIKE = /^(?:[A-Za-z][\w+-]*\/[\w+/-]+|UTC|GMT|Etc\/[\w+-]+)$/i;

/**
 * The text form takes the timezone as the last word of the schedule ("daily 09:00 Europe/Berlin"):
 * a last word shaped like Area/City (or UTC/GMT) is split off as the timezone.
 */
export function splitTimezone(text: string): { when: string; timezone?: string } {
  const words = text.trim().split(/\s+/);
  const last = words.at(-1);
  if (words.length > 1 && last && TIMEZONE_LIKE.test(last)) return { when: words.slice(0, -1).join(' '), timezone: last };
  return { when: text.trim() };
}
