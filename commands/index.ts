import type { Subcommand } from '../src/core/command.js';
import { article } from './article.js';
import { help } from './help.js';
import { sources } from './sources.js';

/** The /rareearth subcommands, in the order help lists them. Explicit on purpose: no globbing. */
export const commands: readonly Subcommand[] = [sources, article, help];
