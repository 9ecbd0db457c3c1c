import { Events, type AutocompleteInteraction, type ChatInputCommandInteraction, type Client, type Interaction } from 'discord.js';
import type { Logger } from '../../log.js';
import { answerCommand, autocompleteChoices, type AnswerOptions, type InteractionResponder } from './answer.js';
import { COMMAND_NAME, type InteractionFacts } from './inbound.js';
import { toDiscordJsOptions } from './outbound.js';

function factsOf(i: ChatInputCommandInteraction | AutocompleteInteraction): InteractionFacts {
  return {
    id: i.id,
    options: i.options.data,
    userId: i.user.id,
    userName: i.user.username,
    guildId: i.guildId,
    channelId: i.channelId ?? 'unknown',
    permissions: i.memberPermissions?.bitfield.toString() ?? null,
  };
}

function responderFor(i: ChatInputCommandInteraction): InteractionResponder {
  return {
    defer: async () => {
      await i.deferReply();
    },
    first: async (m, deferred) => {
      if (deferred) await i.editReply(toDiscordJsOptions(m));
      else await i.reply(toDiscordJsOptions(m));
    },
    followUp: async (m) => {
      await i.followUp(toDiscordJsOptions(m));
    },
    deleteOriginal: () => i.deleteReply(),
  };
}

/** Answers `/rareearth` chat-input and autocomplete interactions on a discord.js client. */
export function attachGateway(client: Client, o: AnswerOptions): void {
  const log: Logger = o.log;
  client.on(Events.InteractionCreate, (i: Interaction) => {
    if (i.isChatInputCommand() && i.commandName === COMMAND_NAME) {
      void answerCommand(factsOf(i), responderFor(i), o);
    } else if (i.isAutocomplete() && i.commandName === COMMAND_NAME) {
      i.respond(autocompleteChoices(o.bot, i.options.data)).catch((err: unknown) =>
        log.warn({ err, interactionId: i.id }, 'discord autocomplete answer failed'),
      );
    }
  });
}
