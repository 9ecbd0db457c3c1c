import * as z from './zod.js';

/** Empty strings in .env mean "not set" (and so take the `z._default`, zod/mini's `.default()`). */
const opt = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)),
    z.optional(schema),
  );

const url = z.url({ message: 'must be a URL such as https://example.com/api' });
const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** A whole number within bounds, from its text. */
const whole = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

const port = whole(1, 65535);

const schema = z.object({
  CORPUS_DIR: z._default(opt(z.string()), 'data/articles'),
  CACHE_DIR: z._default(opt(z.string()), 'data/cache'),
  STATE_FILE: z._default(opt(z.string()), 'data/state.json'),
  LOG_LEVEL: z._default(opt(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])), 'info'),
  TOPIC_KEYWORDS: opt(z.string()),
  CORPUS_POLL_SECONDS: z._default(opt(whole(0, 86_400)), 10),

  DIGEST_DAYS: z._default(opt(whole(1, 365)), 7),
  DIGEST_TIMEZONE: z._default(opt(z.string().check(z.refine(isTimezone, 'must be an IANA timezone such as Europe/Berlin'))), 'UTC'),
  DIGEST_MIN_INTERVAL_MINUTES: z._default(opt(whole(1, 10_080)), 60),
  DIGEST_EMPTY: z._default(opt(z.enum(['notice', 'skip'])), 'notice'),
  DIGEST_CATCHUP_HOURS: z._default(opt(z.coerce.number().check(z.minimum(0), z.maximum(24 * 30))), 24),

  DISCORD_TOKEN: opt(z.string().check(z.regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'must be a bot token (three dot-separated parts)'))),
  DISCORD_APP_ID: opt(z.string().check(z.regex(/^\d{15,22}$/, 'must be the numeric application id'))),
  DISCORD_GUILD_ID: opt(z.string().check(z.regex(/^\d{15,22}$/, 'must be a numeric server (guild) id'))),
  DISCORD_PUBLIC_KEY: opt(z.string().check(z.regex(/^[0-9a-f]{64}$/i, 'must be the 64-hex-digit public key'))),
  DISCORD_INTERACTIONS_PORT: opt(port),
  DISCORD_API_URL: z._default(opt(url), 'https://discord.com/api'),

  SLACK_BOT_TOKEN: opt(z.string().check(z.startsWith('xoxb-', 'must start with xoxb-'))),
  SLACK_SIGNING_SECRET: opt(z.string().check(z.minLength(16, 'looks too short for a signing secret'))),
  SLACK_APP_TOKEN: opt(z.string().check(z.startsWith('xapp-', 'must start with xapp-'))),
  SLACK_ADMIN_USERS: opt(z.string().check(z.regex(/^[\sA-Z0-9,]+$/, 'must be Slack user ids separated by commas (U123,U456)'))),
  SLACK_API_URL: z._default(opt(url), 'https://slack.com/api/'),
  PORT: z._default(opt(port), 3000),
});

export type Env = z.output<typeof schema>;

export interface Config {
  corpusDir: string;
  cacheDir: string;
  stateFile: string;
  logLevel: Env['LOG_LEVEL'];
  topicKeywords: string[] | null;
  corpusPollSeconds: number;
  digest: {
    days: number;
    timezone: string;
    minIntervalMinutes: number;
    empty: 'notice' | 'skip';
    catchupHours: number;
  };
  discord: {
    token: string;
    appId?: string;
    guildId?: string;
    publicKey?: string;
    interactionsPort?: number;
    apiUrl: string;
  } | null;
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    adminUsers: string[];
    apiUrl: string;
    port: number;
  } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const list = (s: string | undefined) =>
  s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [];

/** Reads and checks the environment. Every bad variable is named, one line each; values are never echoed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.DISCORD_INTERACTIONS_PORT && !e.DISCORD_PUBLIC_KEY) {
    problems.push('DISCORD_PUBLIC_KEY: required when DISCORD_INTERACTIONS_PORT is set (HTTP interactions mode)');
  }
  if ((e.DISCORD_PUBLIC_KEY || e.DISCORD_APP_ID || e.DISCORD_GUILD_ID) && !e.DISCORD_TOKEN) {
    problems.push('DISCORD_TOKEN: required when other DISCORD_ variables are set');
  }
  if ((e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) && !e.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET: set it (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) to receive commands');
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    corpusDir: e.CORPUS_DIR,
    cacheDir: e.CACHE_DIR,
    stateFile: e.STATE_FILE,
    logLevel: e.LOG_LEVEL,
    topicKeywords: e.TOPIC_KEYWORDS ? list(e.TOPIC_KEYWORDS) : null,
    corpusPollSeconds: e.CORPUS_POLL_SECONDS,
    digest: {
      days: e.DIGEST_DAYS,
      timezone: e.DIGEST_TIMEZONE,
      minIntervalMinutes: e.DIGEST_MIN_INTERVAL_MINUTES,
      empty: e.DIGEST_EMPTY,
      catchupHours: e.DIGEST_CATCHUP_HOURS,
    },
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          appId: e.DISCORD_APP_ID,
          guildId: e.DISCORD_GUILD_ID,
          publicKey: e.DISCORD_PUBLIC_KEY,
          interactionsPort: e.DISCORD_INTERACTIONS_PORT,
          apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
        }
      : null,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          adminUsers: list(e.SLACK_ADMIN_USERS),
          apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
          port: e.PORT,
        }
      : null,
  };
}
