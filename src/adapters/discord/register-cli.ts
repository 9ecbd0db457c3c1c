/**
 * `npm run register`: puts the /rareearth command definition to Discord, to one server when
 * DISCORD_GUILD_ID is set (instant) or globally. Exit codes: 0 done, 2 configuration, 1 Discord.
 */
import { REST } from 'discord.js';
import { commands } from '../../../commands/index.js';
import { ConfigError, loadConfig } from '../../config.js';
import { loadDotEnv } from '../../env-file.js';
import { scrubSecrets } from '../../log.js';
import { COMMAND_NAME } from './inbound.js';
import { fetchAppId, registerCommands } from './register.js';

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.discord) {
    process.stderr.write('DISCORD_TOKEN: required to register the command (set it in .env)\n');
    return 2;
  }
  const d = config.discord;
  const rest = new REST({ api: d.apiUrl, retries: 1, timeout: 15_000 }).setToken(d.token);
  const appId = d.appId ?? (await fetchAppId(rest));
  await registerCommands(rest, { appId, guildId: d.guildId }, commands);
  const where = d.guildId ? `in server ${d.guildId} (available now)` : 'globally (Discord may take up to an hour to show it)';
  process.stdout.write(`Registered /${COMMAND_NAME} with ${commands.length} subcommands ${where}.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(err instanceof ConfigError ? `${message}\n` : `Registration failed: ${scrubSecrets(message)}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
