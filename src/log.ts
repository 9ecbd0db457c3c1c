import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

/** Paths that may hold secrets; pino replaces their values before anything is written. */
const REDACT = [
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'config.discordToken',
  'config.slackBotToken',
  'config.slackAppToken',
  'config.slackSigningSecret',
];

/** Token-shaped strings that may hide inside error messages (Slack xox*-, Discord bot tokens). */
const TOKEN_PATTERN = /\b(xox[abposr]-[\w-]+|xapp-[\w-]+|[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,})\b/g;

export function scrubSecrets(s: string): string {
  return s.replace(TOKEN_PATTERN, '[REDACTED]');
}

/** Logs go to stderr (fd 2) so that stdout stays clean for `--json`. */
export function createLogger(level = 'info', destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      serializers: {
        err: (e: unknown) => {
          const ser = pino.stdSerializers.err(e as Error);
          return { ...ser, message: scrubSecrets(ser.message ?? ''), stack: scrubSecrets(ser.stack ?? '') };
        },
      },
    },
    destination,
  );
}

/** A logger that keeps its lines in memory, for tests and for the shell's quiet mode. */
export function createMemoryLogger(level = 'debug'): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger(level, {
    write(chunk: string) {
      lines.push(JSON.parse(chunk) as Record<string, unknown>);
    },
  });
  return { log, lines };
}
