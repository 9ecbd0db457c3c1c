import type { Subcommand } from '../src/core/command.js';
import { article } from './article.js';
import { digest } from './digest.js';
import { help } from './help.js';
import { quotes } from './quotes.js';
import { search } from './search.js';
import { sources } from './sources.js';
import { schedules } from './schedules.js';
import { stats } from './stats.js';
import { subscribe } from './subscribe.js';
import { timeline } from './timeline.js';
import { unsubscribe } from './unsubscribe.js';
import { who } from './who.js';

/** The /rareearth subcommands, in the order help lists them. Explicit on purpose: no globbing. */
export const commands: readonly Subcommand[] = [
  digest,
  stats,
  search,
  quotes,
  timeline,
  who,
  sources,
  article,
  subscribe,
  unsubscribe,
  schedules,
  help,
];
