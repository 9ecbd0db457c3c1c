import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  Routes,
  type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { OptionSpec, OptionType, Subcommand } from '../../core/command.js';
import { COMMAND_NAME } from './inbound.js';

type CommandBody = RESTPutAPIApplicationCommandsJSONBody[number];

export const COMMAND_DESCRIPTION = 'Briefings on the rare-earth and critical-minerals news';

const OPTION_TYPE: Record<OptionType, number> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
};

/** Discord caps names and descriptions of commands and options at 100 characters, choices at 25. */
const desc = (s: string) => (s.length <= 100 ? s : `${s.slice(0, 99)}…`);

function optionJson(o: OptionSpec) {
  // Discord rejects choices together with autocomplete; autocomplete wins (it suggests the corpus).
  const choices = o.autocomplete || !o.choices?.length ? undefined : o.choices.slice(0, 25);
  return {
    type: OPTION_TYPE[o.type],
    name: o.name,
    description: desc(o.description),
    required: o.required ?? false,
    ...(choices ? { choices: choices.map((c) => ({ name: desc(c.name), value: c.value })) } : {}),
    ...(o.type === 'integer' && o.min !== undefined ? { min_value: o.min } : {}),
    ...(o.type === 'integer' && o.max !== undefined ? { max_value: o.max } : {}),
    ...(o.type === 'string' && o.maxLength !== undefined ? { max_length: Math.min(o.maxLength, 6000) } : {}),
    ...(o.autocomplete ? { autocomplete: true } : {}),
  };
}

/**
 * The one `/rareearth` chat-input command, a subcommand per spec: built from the same data as
 * help, so it cannot drift. Required options come first (Discord requires that order).
 * Schedule-managing subcommands are guarded at run time, since Discord's
 * `default_member_permissions` applies to the whole command, not to one subcommand.
 */
export function commandDefinition(commands: readonly Subcommand[]): CommandBody {
  return {
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    description: COMMAND_DESCRIPTION,
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: commands.map((c) => ({
      type: ApplicationCommandOptionType.Subcommand,
      name: c.name,
      description: desc(c.description),
      options: [...c.options.filter((o) => o.required), ...c.options.filter((o) => !o.required)].map(optionJson),
    })),
  } as CommandBody;
}

export interface RegisterTarget {
  appId: string;
  /** Registers to this server only (instant), instead of globally (may take up to an hour to show). */
  guildId?: string;
}

/** PUTs the definition, replacing whatever this application registered there before. */
export async function registerCommands(rest: REST, target: RegisterTarget, commands: readonly Subcommand[]): Promise<void> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.appId, target.guildId)
    : Routes.applicationCommands(target.appId);
  await rest.put(route, { body: [commandDefinition(commands)] });
}

/** The application id behind a bot token, when DISCORD_APP_ID is not set. */
export async function fetchAppId(rest: REST): Promise<string> {
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  return app.id;
}
