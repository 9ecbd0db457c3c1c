import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Logger as BoltLogger, type RespondFn, type SlashCommand } from '@slack/bolt';
import type { ChatAdapter, ChannelRef, PostResult } from '../../core/adapter.js';
import type { Bot } from '../../core/bot.js';
import { COMMAND_PREFIX } from '../../core/parse.js';
import type { Reply } from '../../core/reply.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { createAdminCheck, subcommandName, unescapeSlack, whereOf, whoOf, type SlackRole } from './inbound.js';
import { renderData, renderReply } from './outbound.js';
import { createPost } from './post.js';

export interface SlackAdapterOptions {
  config: NonNullable<Config['slack']>;
  bot: Bot;
  log: Logger;
  /** Web API retries on transient failures (default 2); tests use 0 so a dead fake fails at once. */
  retries?: number;
  /** Longest Retry-After a post waits in place before throwing PostError('retry') (ms, default 10 s). */
  maxRateLimitWaitMs?: number;
}

export interface SlackAdapter extends ChatAdapter {
  /** The HTTP port actually bound (config.port 0 picks a free one); undefined in Socket Mode or before start. */
  port(): number | undefined;
}

const PINO_LEVEL: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/**
 * Bolt's logger on top of ours. Bolt's debug lines dump whole request bodies (the slash command's
 * verification token among them), so they go to pino's trace level.
 */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ lib: 'bolt' });
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.trace(line(msg)),
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    // Levels are ours (LOG_LEVEL); Bolt may ask, never sets.
    setLevel: () => undefined,
    getLevel: () => PINO_LEVEL[child.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}

/**
 * `/rareearth <text>` through Bolt, in Socket Mode when an app token is configured, else over HTTP
 * at `/slack/events` (Bolt checks the signature and rejects stale requests). Both transports share
 * one handler: ack at once, dispatch, then answer through response_url.
 */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { config, bot, log } = opts;
  const socketMode = Boolean(config.appToken);
  const app = new App({
    token: config.botToken,
    ...(socketMode ? { appToken: config.appToken, socketMode: true } : { signingSecret: config.signingSecret }),
    logger: boltLogger(log),
    clientOptions: {
      slackApiUrl: config.apiUrl,
      retryConfig: { retries: opts.retries ?? 2 },
      // Rate limits reach createPost, which waits a bounded time instead of the client's up to 30 minutes.
      rejectRateLimitedCalls: true,
    },
  });

  const isAdmin = createAdminCheck({
    adminUsers: config.adminUsers,
    log,
    lookup: async (user) => (await app.client.users.info({ user })).user as SlackRole | undefined,
  });
  const post = createPost({ client: app.client, log, maxWaitMs: opts.maxRateLimitWaitMs });

  async function answer(command: SlashCommand, respond: RespondFn): Promise<void> {
    const line = unescapeSlack(command.text ?? '');
    const needsPermission = Boolean(bot.find(subcommandName(line))?.managesSchedules);
    const who = await whoOf(command, needsPermission, isAdmin);
    const { reply, json } = await bot.dispatchLine(line, who, whereOf(command));
    const message = json && reply.data !== undefined && !reply.error ? renderData(reply.title, reply.data) : renderReply(reply);
    await respond({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', replace_original: false, ...message });
  }

  app.command(COMMAND_PREFIX, async ({ command, ack, respond }) => {
    // Slack gives up after 3 s; commands may take longer, so the answer goes through response_url.
    await ack();
    try {
      await answer(command, respond);
    } catch (err) {
      log.error({ err, channel: command.channel_id }, 'could not answer a Slack command');
    }
  });
  app.error(async (err) => {
    log.error({ err }, 'Slack app error');
  });

  let boundPort: number | undefined;
  let running = false;
  return {
    platform: 'slack',
    port: () => boundPort,
    async start() {
      if (socketMode) {
        await app.start();
      } else {
        const server = (await app.start(config.port)) as { address(): AddressInfo | string | null };
        const address = server.address();
        boundPort = typeof address === 'object' && address ? address.port : config.port;
      }
      running = true;
      log.info({ mode: socketMode ? 'socket' : 'http', port: boundPort }, 'Slack adapter listening');
    },
    async stop() {
      if (!running) return;
      running = false;
      await app.stop();
    },
    post(to: ChannelRef, reply: Reply): Promise<PostResult> {
      return post(to.channelId, reply);
    },
  };
}
