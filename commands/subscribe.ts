import type { ScheduleService, Services, Subcommand } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import { splitTimezone } from '../src/schedule/timezone.js';

/** The schedule service, or a refusal saying this bot runs without schedules (the one-shot CLI). */
export function scheduleService(services: Services): ScheduleService {
  if (!services.schedules) {
    throw new UserError('schedules-unavailable', 'Scheduled digests are not available here: start the bot (npm start) to use them.');
  }
  return services.schedules;
}

export const subscribe = {
  name: 'subscribe',
  description: 'Post a digest of what is new to this channel on a schedule, in its timezone',
  options: [
    {
      name: 'when',
      description: 'daily HH:MM, weekdays HH:MM, weekly mon HH:MM, hourly, or a 5-field cron expression',
      type: 'string',
      required: true,
      rest: true,
      maxLength: 100,
    },
    { name: 'timezone', description: 'IANA timezone such as Europe/Berlin (default: the bot’s DIGEST_TIMEZONE)', type: 'string', maxLength: 64 },
  ],
  examples: ['subscribe daily 09:00', 'subscribe weekdays 08:30 Europe/Berlin', 'subscribe "0 9 * * 1-5" --timezone America/New_York'],
  managesSchedules: true,
  run: ({ invocation, services }) => {
    const raw = invocation.options.when as string;
    const given = invocation.options.timezone as string | undefined;
    // In text form the timezone may trail the schedule: "daily 09:00 Europe/Berlin".
    const { when, timezone } = given ? { when: raw, timezone: given } : splitTimezone(raw);
    return scheduleService(services).subscribe(invocation.where, when, timezone, invocation.who.id);
  },
} satisfies Subcommand;
