import type { Subcommand } from '../src/core/command.js';
import { scheduleService } from './subscribe.js';

export const schedules = {
  name: 'schedules',
  description: 'This channel’s scheduled digests: id, schedule, timezone, next run, last delivery and last error',
  options: [],
  examples: ['schedules'],
  run: ({ invocation, services }) => scheduleService(services).list(invocation.where),
} satisfies Subcommand;
