import type { Subcommand } from '../src/core/command.js';
import { composeDigest } from '../src/briefing/digest.js';

const DAY_MS = 86_400_000;

export const digest = {
  name: 'digest',
  description: 'The stories of the last days: syndicated copies merged, with summary, figures and a quote',
  options: [{ name: 'days', description: 'How many days back (default 7)', type: 'integer', min: 1, max: 365 }],
  examples: ['digest', 'digest 3'],
  run: ({ corpus, invocation, now, services }) => {
    const days = (invocation.options.days as number | undefined) ?? services.settings.digestDays;
    const since = new Date(now.getTime() - days * DAY_MS).toISOString();
    return composeDigest(corpus, { since, now, periodLabel: `last ${days} day${days === 1 ? '' : 's'}` }).reply;
  },
} satisfies Subcommand;
