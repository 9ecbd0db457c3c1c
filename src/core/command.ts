import type { Corpus } from '../corpus/types.js';
import type { Logger } from '../log.js';
import type { Reply } from './reply.js';

export type Platform = 'discord' | 'slack' | 'shell';

export type OptionType = 'string' | 'integer' | 'boolean';
export type OptionValue = string | number | boolean;

export interface Choice {
  name: string;
  value: string;
}

/** One option of a subcommand. Help, parsing, Discord registration and validation read it. */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  required?: boolean;
  choices?: Choice[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** In text form ("digest 7d"), this option takes the rest of the words. */
  rest?: boolean;
  /** Suggestions for a partly typed value (Discord autocomplete, shell completion). */
  autocomplete?: (corpus: Corpus, typed: string) => Choice[];
}

export interface Where {
  platform: Platform;
  /** Channel id on the platform ('shell' in the terminal). */
  channelId: string;
  /** Discord guild / Slack team, when any; absent in DMs. */
  guildId?: string;
  isDirectMessage?: boolean;
}

export interface Who {
  id: string;
  name?: string;
  /** Whether this user may change schedules here; the adapter decides from platform permissions. */
  canManageSchedules: boolean;
  /** Who may, in words, for a refusal: "Manage Server or Administrator permission". */
  manageHint?: string;
}

export interface Invocation {
  command: string;
  options: Record<string, OptionValue>;
  who: Who;
  where: Where;
  /** Reply only to the invoker (Slack `--private`). */
  private?: boolean;
}

/** What a subcommand may read and do. Commands get the current snapshot, never a platform. */
export interface CommandContext {
  corpus: Corpus;
  invocation: Invocation;
  now: Date;
  log: Logger;
  services: Services;
  /** The registered subcommands, for help. */
  commands: readonly Subcommand[];
}

/** Services beyond the corpus, filled in by the composition root. */
export interface Services {
  schedules?: ScheduleService;
  /** Defaults and limits from config that commands show or enforce. */
  settings: { digestDays: number; digestTimezone: string };
}

/** Defined in src/schedule; declared here so commands stay independent of the implementation. */
export interface ScheduleService {
  subscribe(where: Where, when: string, timezone: string | undefined, by: string): Promise<Reply>;
  unsubscribe(where: Where, id: string | undefined): Promise<Reply>;
  list(where: Where): Promise<Reply>;
}

export interface Subcommand {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Worked example for help, without the slash-command prefix: `search "magnet recycling"`. */
  examples: string[];
  /** Changes schedules: only users the adapter marks canManageSchedules may run it. */
  managesSchedules?: boolean;
  /** May take longer than a platform's ack window: adapters defer first. */
  slow?: boolean;
  run(ctx: CommandContext): Reply | Promise<Reply>;
}
