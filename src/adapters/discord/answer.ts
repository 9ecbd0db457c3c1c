import type { Bot } from '../../core/bot.js';
import type { Choice } from '../../core/command.js';
import type { Logger } from '../../log.js';
import { focusedOf, toInvocation, type InteractionFacts, type RawOption } from './inbound.js';
import { renderReply, type DiscordMessage } from './outbound.js';

/**
 * How one transport answers one interaction. Gateway mode maps these to discord.js
 * (reply/deferReply/editReply/followUp/deleteReply); HTTP mode to the HTTP response and webhooks.
 */
export interface InteractionResponder {
  /** Acknowledge now, answer later ("Bot is thinking…"). Always public: see answerCommand. */
  defer(): Promise<void>;
  /** The first message: the immediate reply, or the edit of the deferred original. */
  first(message: DiscordMessage, deferred: boolean): Promise<void>;
  followUp(message: DiscordMessage): Promise<void>;
  /** Removes the deferred placeholder (when the answer turned out to be private). */
  deleteOriginal(): Promise<void>;
}

/** Discord drops an interaction not acknowledged within 3 s; defer well before that. */
export const DEFER_AFTER_MS = 1500;

const TIMEOUT = Symbol('timeout');

function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export interface AnswerOptions {
  bot: Bot;
  log: Logger;
  deferAfterMs?: number;
}

/**
 * One `/rareearth` interaction from facts to messages, the same for both transports.
 * The dispatch races a timer: an answer within `deferAfterMs` is sent as the reply; otherwise
 * (or at once for a `slow` command) the interaction is deferred and the answer edited in.
 * A deferral is public because the answer's privacy is unknown then; if the answer is private
 * (an error, help) the public placeholder is deleted and the answer sent as ephemeral follow-ups.
 * Never throws: a failure to reach Discord is logged with the interaction id.
 */
export async function answerCommand(facts: InteractionFacts, responder: InteractionResponder, o: AnswerOptions): Promise<void> {
  const invocation = toInvocation(facts);
  const pending = o.bot.dispatch(invocation);
  try {
    const slow = o.bot.find(invocation.command)?.slow === true;
    const early = slow ? TIMEOUT : await within(pending, o.deferAfterMs ?? DEFER_AFTER_MS);
    const deferred = early === TIMEOUT;
    if (deferred) await responder.defer();
    const reply = early === TIMEOUT ? await pending : early;
    if (reply.error === 'internal') {
      o.log.error({ interactionId: facts.id, command: invocation.command }, 'discord command failed; answered with an apology');
    }
    const [head, ...rest] = renderReply(reply);
    if (deferred && head.ephemeral) {
      await responder.deleteOriginal();
      await responder.followUp(head);
    } else {
      await responder.first(head, deferred);
    }
    for (const m of rest) await responder.followUp(m);
  } catch (err) {
    o.log.error({ err, interactionId: facts.id, command: invocation.command }, 'discord reply failed');
  }
}

/** Discord caps autocomplete at 25 choices, names and string values at 100 characters. */
export function autocompleteChoices(bot: Bot, options: readonly RawOption[]): Choice[] {
  const focus = focusedOf(options);
  if (!focus) return [];
  return bot
    .complete(focus.command, focus.option, focus.typed)
    .filter((c) => c.value.length <= 100)
    .slice(0, 25)
    .map((c) => ({ name: c.name.slice(0, 100) || c.value, value: c.value }));
}
