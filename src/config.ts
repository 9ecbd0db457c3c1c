import { z } from 'zod';

/** Empty strings in .env mean "not set". */
const opt = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const url = z.url({ message: 'must be a URL such as https://example.com/api' });
const port = z.coerce.number().int().min(1).max(65535);
const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const schema = z.object({
  CORPUS_DIR: opt(z.string()).default('data/articles'),
  CACHE_DIR: opt(z.string()).default('data/cache'),
  STATE_FILE: opt(z.string()).default('data/state.json'),
  LOG_LEVEL: opt(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  TOPIC_KEYWORDS: opt(z.string()),
  CORPUS_POLL_SECONDS: opt(z.coerce.number().int().min(0).max(86_400)).default(10),

  DIGEST_DAYS: opt(z.coerce.number().int().min(1).max(365)).default(7),
  DIGEST_TIMEZONE: opt(z.string().refine(isTimezone, 'must be an IANA timezone such as Europe/Berlin')).default('UTC'),
  DIGEST_MIN_INTERVAL_MINUTES: opt(z.coerce.number().int().min(1).max(10_080)).default(60),
  DIGEST_EMPTY: opt(z.enum(['notice', 'skip'])).default('notice'),
  DIGEST_CATCHUP_HOURS: opt(z.coerce.number().min(0).max(24 * 30)).default(24),

  DISCORD_TOKEN: opt(z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'must be a bot token (three dot-separated parts)')),
  DISCORD_APP_ID: opt(z.string().regex(/^\d{15,22}$/, 'must be the numeric application id')),
  DISCORD_GUILD_ID: opt(z.string().regex(/^\d{15,22}$/, 'must be a numeric server (guild) id')),
  DISCORD_PUBLIC_KEY: opt(z.string().regex(/^[0-9a-f]{64}$/i, 'must be the 64-hex-digit public key')),
  DISCORD_INTERACTIONS_PORT: opt(port),
  DISCORD_API_URL: opt(url).default('https://discord.com/api'),

  SLACK_BOT_TOKEN: opt(z.string().startsWith('xoxb-', 'must start with xoxb-')),
  SLACK_SIGNING_SECRET: opt(z.string().min(16, 'looks too short for a signing secret')),
  SLACK_APP_TOKEN: opt(z.string().startsWith('xapp-', 'must start with xapp-')),
  SLACK_ADMIN_USERS: opt(z.string().regex(/^[\sA-Z0-9,]+$/, 'must be Slack user ids separated by commas (U123,U456)')),
  SLACK_API_URL: opt(url).default('https://slack.com/api/'),
  PORT: opt(port).default(3000),
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
