import { isUserError, UserError } from './errors.js';
import { errorReply, type Reply } from './reply.js';
import { checkOptions, COMMAND_PREFIX, parseLine } from './parse.js';
import type { Choice, Invocation, Services, Subcommand, Where, Who } from './command.js';
import type { Corpus } from '../corpus/types.js';
import type { Logger } from '../log.js';

export interface Bot {
  commands: readonly Subcommand[];
  find(name: string): Subcommand | undefined;
  /** Runs an invocation. Never throws: user errors become their message, anything else an apology. */
  dispatch(invocation: Invocation): Promise<Reply>;
  /** Parses a text line (`search "rare earth" --json`) and dispatches it; `json` tells whether --json was given. */
  dispatchLine(line: string, who: Who, where: Where): Promise<{ reply: Reply; json: boolean }>;
  /** Suggestions for a partly typed option value; empty when the option has none. */
  complete(command: string, option: string, typed: string): Choice[];
}

export interface BotDeps {
  commands: readonly Subcommand[];
  corpus: () => Corpus;
  services: Services;
  log: Logger;
  clock?: () => Date;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export function unknownCommandError(name: string, commands: readonly Subcommand[]): UserError {
  const near = commands
    .map((c) => ({ c, d: editDistance(name, c.name) }))
    .filter((x) => x.d <= 2)
    .sort((x, y) => x.d - y.d)[0];
  const hint = near ? `Did you mean \`${near.c.name}\`? ` : '';
  return new UserError(
    'unknown-command',
    `There is no subcommand "${name.slice(0, 40)}". ${hint}Try \`${COMMAND_PREFIX} help\` for the list.`,
  );
}

const MAX_COMPLETIONS = 25;

export function createBot(deps: BotDeps): Bot {
  const clock = deps.clock ?? (() => new Date());
  const find = (name: string) => deps.commands.find((c) => c.name === name);

  async function dispatch(invocation: Invocation): Promise<Reply> {
    try {
      const sub = find(invocation.command);
      if (!sub) throw unknownCommandError(invocation.command, deps.commands);
      if (sub.managesSchedules && !invocation.who.canManageSchedules) {
        throw new UserError(
          'forbidden',
          `Only ${invocation.who.manageHint ?? 'schedule managers'} can use \`${sub.name}\`.`,
        );
      }
      const options = checkOptions(sub, invocation.options);
      const reply = await sub.run({
        corpus: deps.corpus(),
        invocation: { ...invocation, options },
        now: clock(),
        log: deps.log,
        services: deps.services,
        commands: deps.commands,
      });
      return invocation.private ? { ...reply, ephemeral: true } : reply;
    } catch (err) {
      if (isUserError(err)) return errorReply(err.code, err.message);
      deps.log.error(
        { err, command: invocation.command, platform: invocation.where.platform, channel: invocation.where.channelId },
        'command failed',
      );
      return errorReply('internal', 'Sorry, something went wrong on our side while answering that. It has been logged.');
    }
  }

  async function dispatchLine(line: string, who: Who, where: Where): Promise<{ reply: Reply; json: boolean }> {
    let parsed;
    try {
      parsed = parseLine(line, deps.commands);
    } catch (err) {
      if (isUserError(err)) return { reply: errorReply(err.code, err.message), json: false };
      throw err;
    }
    const reply = await dispatch({
      command: parsed.command,
      options: parsed.options,
      who,
      where,
      private: parsed.flags.private,
    });
    return { reply, json: parsed.flags.json };
  }

  function complete(command: string, option: string, typed: string): Choice[] {
    const spec = find(command)?.options.find((o) => o.name === option);
    if (!spec?.autocomplete) return [];
    try {
      return spec.autocomplete(deps.corpus(), typed).slice(0, MAX_COMPLETIONS);
    } catch (err) {
      deps.log.error({ err, command, option }, 'autocomplete failed');
      return [];
    }
  }

  return { commands: deps.commands, find, dispatch, dispatchLine, complete };
}
