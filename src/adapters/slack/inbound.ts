import type { SlashCommand } from '@slack/bolt';
import type { Where, Who } from '../../core/command.js';
import { COMMAND_PREFIX, tokenize } from '../../core/parse.js';
import type { Logger } from '../../log.js';

export const MANAGE_HINT = 'workspace admins or the users listed in SLACK_ADMIN_USERS';

const SLACK_ENTITY = /&(amp|lt|gt);/g;
const DECODED: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** Slack sends command text with `&`, `<`, `>` as entities; the parser wants what the user typed. */
export const unescapeSlack = (s: string): string => s.replace(SLACK_ENTITY, (_m, name: string) => DECODED[name]);

/**
 * The subcommand a line asks for, read the way the core parser reads it (prefix and the
 * `--json`/`--private` flags skipped), so the permission lookup matches what will run.
 * `"--private digest 3"` → `"digest"`; an empty line → `"help"`.
 */
export function subcommandName(line: string): string {
  const words = tokenize(line.trim()).filter((t) => t !== '--json' && t !== '--private');
  const first = words[0]?.toLowerCase() === COMMAND_PREFIX ? words[1] : words[0];
  return (first ?? 'help').toLowerCase();
}

export function whereOf(cmd: Pick<SlashCommand, 'channel_id' | 'channel_name' | 'team_id'>): Where {
  return {
    platform: 'slack',
    channelId: cmd.channel_id,
    ...(cmd.team_id ? { guildId: cmd.team_id } : {}),
    // DM channel ids start with D; Slack also names them "directmessage" in command payloads.
    isDirectMessage: cmd.channel_name === 'directmessage' || cmd.channel_id.startsWith('D'),
  };
}

/** What users.info says about a user's workspace role (absent flags mean no). */
export interface SlackRole {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

export interface AdminCheckDeps {
  adminUsers: readonly string[];
  /** users.info for one user; throws or returns undefined when Slack cannot say. */
  lookup: (userId: string) => Promise<SlackRole | undefined>;
  log: Logger;
  /** How long a users.info answer is reused (ms). Role changes are rare; commands can come in bursts. */
  ttlMs?: number;
  clock?: () => number;
}

const DEFAULT_TTL_MS = 5 * 60_000;
const MAX_CACHED = 1000;

/**
 * Whether a user may manage schedules: listed in SLACK_ADMIN_USERS (no API call), else a workspace
 * admin or owner per users.info, cached briefly. A failed lookup refuses and is not cached.
 */
export function createAdminCheck(deps: AdminCheckDeps): (userId: string) => Promise<boolean> {
  const listed = new Set(deps.adminUsers);
  const ttl = deps.ttlMs ?? DEFAULT_TTL_MS;
  const clock = deps.clock ?? Date.now;
  const cache = new Map<string, { admin: boolean; at: number }>();

  return async (userId) => {
    if (listed.has(userId)) return true;
    const hit = cache.get(userId);
    if (hit && clock() - hit.at < ttl) return hit.admin;
    let role: SlackRole | undefined;
    try {
      role = await deps.lookup(userId);
    } catch (err) {
      deps.log.warn({ err, userId }, 'users.info failed; treating the user as not an admin');
      return false;
    }
    if (!role) return false;
    const admin = Boolean(role.is_admin || role.is_owner || role.is_primary_owner);
    cache.delete(userId);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(userId, { admin, at: clock() });
    return admin;
  };
}

/** The invoker; `canManageSchedules` is only looked up when the subcommand needs it (saves a users.info call). */
export async function whoOf(
  cmd: Pick<SlashCommand, 'user_id' | 'user_name'>,
  needsPermission: boolean,
  isAdmin: (userId: string) => Promise<boolean>,
): Promise<Who> {
  return {
    id: cmd.user_id,
    name: cmd.user_name,
    canManageSchedules: needsPermission ? await isAdmin(cmd.user_id) : false,
    manageHint: MANAGE_HINT,
  };
}
