import { Client, Events, REST, type RESTOptions } from 'discord.js';
import type { Bot } from '../../core/bot.js';
import type { ChatAdapter } from '../../core/adapter.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { attachGateway } from './gateway.js';
import { createInteractionsServer, type InteractionsServer } from './http-interactions.js';
import { createPoster, createPostRest } from './post.js';

export interface DiscordAdapterOptions {
  config: NonNullable<Config['discord']>;
  bot: Bot;
  log: Logger;
  /** Defer a reply still unanswered after this many ms (default 1500; Discord allows 3000). */
  deferAfterMs?: number;
  /** Extra REST options for the gateway client and the interactions webhooks (tests: `{ retries: 0 }`). */
  rest?: Partial<RESTOptions>;
  /** HTTP mode: interface to listen on (default all). */
  host?: string;
}

export interface DiscordAdapter extends ChatAdapter {
  /** HTTP mode: the bound port once started (useful with port 0); gateway mode: undefined. */
  port(): number | undefined;
}

/**
 * The Discord adapter. Gateway mode (default): a discord.js client with no privileged intents,
 * answering `/rareearth` interactions. HTTP interactions mode (public key + port set): an
 * Ed25519-verified `POST /interactions` endpoint instead of a gateway connection. Either way,
 * `post` sends scheduled replies through REST.
 */
export function createDiscordAdapter(o: DiscordAdapterOptions): DiscordAdapter {
  const { config, log } = o;
  const answer = { bot: o.bot, log, deferAfterMs: o.deferAfterMs };
  const post = createPoster(createPostRest(config.apiUrl, config.token));
  const httpMode = config.publicKey !== undefined && config.interactionsPort !== undefined;
  let client: Client | null = null;
  let server: InteractionsServer | null = null;
  let boundPort: number | undefined;

  async function startGateway(): Promise<void> {
    const c = new Client({ intents: [], rest: { ...o.rest, api: config.apiUrl } });
    client = c;
    attachGateway(c, answer);
    c.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
    await c.login(config.token);
    await ready;
    log.info({ user: c.user?.tag, application: c.application?.id }, 'discord gateway ready');
  }

  async function startHttp(): Promise<void> {
    const rest = new REST({ ...o.rest, api: config.apiUrl }).setToken(config.token);
    server = createInteractionsServer({ ...answer, publicKey: config.publicKey!, port: config.interactionsPort!, host: o.host, rest });
    boundPort = await server.start();
    log.info({ port: boundPort }, 'discord interactions endpoint listening on POST /interactions');
  }

  return {
    platform: 'discord',
    port: () => boundPort,
    start: () => (httpMode ? startHttp() : startGateway()),
    async stop() {
      await client?.destroy();
      await server?.stop();
      client = null;
      server = null;
    },
    post,
  };
}
