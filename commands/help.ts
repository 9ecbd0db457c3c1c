import { COMMAND_PREFIX, usage } from '../src/core/parse.js';
import { fields, heading, list, text, type Reply } from '../src/core/reply.js';
import type { Subcommand } from '../src/core/command.js';
import { unknownCommandError } from '../src/core/bot.js';

function oneCommand(sub: Subcommand): Reply {
  return {
    title: `${COMMAND_PREFIX} ${sub.name}`,
    blocks: [
      text(sub.description),
      text(usage(sub)),
      ...(sub.options.length
        ? [
            fields(
              sub.options.map((o) => ({
                name: `${o.name}${o.required ? '' : ' (optional)'}`,
                value: `${o.description}${o.choices ? ` One of: ${o.choices.map((c) => c.value).join(', ')}.` : ''}`,
              })),
            ),
          ]
        : []),
      heading('Examples'),
      list(sub.examples.map((e) => `${COMMAND_PREFIX} ${e}`)),
    ],
    ephemeral: true,
    data: { command: sub.name, description: sub.description, options: sub.options.map(({ autocomplete: _a, ...o }) => o), examples: sub.examples },
  };
}

export const help = {
  name: 'help',
  description: 'What each subcommand does, with an example',
  options: [{ name: 'subcommand', description: 'Show one subcommand in detail', type: 'string', maxLength: 40 }],
  examples: ['help', 'help search'],
  run: ({ invocation, commands }) => {
    const name = invocation.options.subcommand as string | undefined;
    if (name) {
      const sub = commands.find((c) => c.name === name.toLowerCase());
      if (!sub) throw unknownCommandError(name, commands);
      return oneCommand(sub);
    }
    return {
      title: `${COMMAND_PREFIX}: your rare-earth briefing`,
      blocks: [
        text('Briefings built from the article corpus: every figure and quote names its sources.'),
        list(commands.map((c) => `${usage(c).replace('Usage: ', '')} — ${c.description}. e.g. ${COMMAND_PREFIX} ${c.examples[0]}`)),
      ],
      footer: `${COMMAND_PREFIX} help <subcommand> for details`,
      ephemeral: true,
      data: { commands: commands.map((c) => ({ name: c.name, description: c.description, usage: usage(c), examples: c.examples })) },
    };
  },
} satisfies Subcommand;
