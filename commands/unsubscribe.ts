import type { Subcommand } from '../src/core/command.js';
import { scheduleService } from './subscribe.js';

export const unsubscribe = {
  name: 'unsubscribe',
  description: 'Stop a scheduled digest in this channel (the id is needed only when there are several)',
  options: [{ name: 'id', description: 'Which digest, as listed by `schedules` (e.g. s3)', type: 'string', maxLength: 20 }],
  examples: ['unsubscribe', 'unsubscribe s3'],
  managesSchedules: true,
  run: ({ invocation, services }) =>
    scheduleService(services).unsubscribe(invocation.where, invocation.options.id as string | undefined),
} satisfies Subcommand;
