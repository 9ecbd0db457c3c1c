import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import type { Invocation, OptionValue } from '../../core/command.js';
import { COMMAND_PREFIX } from '../../core/parse.js';

/** The one top-level slash command; every core subcommand is a Discord subcommand of it. */
export const COMMAND_NAME = COMMAND_PREFIX.replace(/^\//, '');

export const MANAGE_HINT = 'members with the Manage Server or Administrator permission';
export const DM_HINT = 'server members with the Manage Server or Administrator permission, in a server channel (not in direct messages)';

/** An interaction option as both the raw API and discord.js' `interaction.options.data` give it. */
export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  options?: readonly RawOption[];
  focused?: boolean;
}

/**
 * What the adapter needs of a `/rareearth …` interaction, whichever transport brought it
 * (gateway through discord.js, or an HTTP interaction's JSON).
 */
export interface InteractionFacts {
  id: string;
  /** Top-level options: the subcommand option with its own options inside. */
  options: readonly RawOption[];
  userId: string;
  userName?: string;
  guildId?: string | null;
  channelId: string;
  /** The member's permission bitfield as a decimal string; absent in DMs. */
  permissions?: string | null;
}

/** Subset of the raw INTERACTION_CREATE payload read in HTTP mode (types 2 and 4). */
export interface RawInteraction {
  id: string;
  type: number;
  token: string;
  application_id: string;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string };
  member?: { permissions?: string; user?: { id: string; username?: string } };
  user?: { id: string; username?: string };
  data?: { name?: string; options?: RawOption[] };
}

const MANAGE_BITS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

/** Manage Server or Administrator, read from Discord's permission bitfield ("32" = ManageGuild). */
export function canManage(permissions: string | null | undefined): boolean {
  if (!permissions || !/^\d+$/.test(permissions)) return false;
  return (BigInt(permissions) & MANAGE_BITS) !== 0n;
}

/** The chosen subcommand and its options. A bare `/rareearth` (no subcommand) means help. */
export function subcommandOf(options: readonly RawOption[]): { name: string; options: readonly RawOption[] } {
  const sub = options.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  return sub ? { name: sub.name, options: sub.options ?? [] } : { name: 'help', options: [] };
}

export function toInvocation(f: InteractionFacts): Invocation {
  const sub = subcommandOf(f.options);
  const options: Record<string, OptionValue> = {};
  for (const o of sub.options) if (o.value !== undefined) options[o.name] = o.value;
  const inGuild = Boolean(f.guildId);
  return {
    command: sub.name,
    options,
    who: {
      id: f.userId,
      name: f.userName,
      canManageSchedules: inGuild && canManage(f.permissions),
      manageHint: inGuild ? MANAGE_HINT : DM_HINT,
    },
    where: inGuild
      ? { platform: 'discord', channelId: f.channelId, guildId: f.guildId ?? undefined, isDirectMessage: false }
      : { platform: 'discord', channelId: f.channelId, isDirectMessage: true },
  };
}

/** The option being typed in an autocomplete interaction: command, option name, partial text. */
export function focusedOf(options: readonly RawOption[]): { command: string; option: string; typed: string } | null {
  const sub = subcommandOf(options);
  const f = sub.options.find((o) => o.focused);
  return f ? { command: sub.name, option: f.name, typed: String(f.value ?? '') } : null;
}

export function factsFromRaw(raw: RawInteraction): InteractionFacts {
  const user = raw.member?.user ?? raw.user;
  return {
    id: raw.id,
    options: raw.data?.options ?? [],
    userId: user?.id ?? 'unknown',
    userName: user?.username,
    guildId: raw.guild_id ?? null,
    channelId: raw.channel_id ?? raw.channel?.id ?? 'unknown',
    permissions: raw.member?.permissions ?? null,
  };
}
