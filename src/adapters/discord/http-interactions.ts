import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionResponseType, InteractionType, Routes, type REST } from 'discord.js';
import { answerCommand, autocompleteChoices, type AnswerOptions, type InteractionResponder } from './answer.js';
import { COMMAND_NAME, factsFromRaw, type RawInteraction } from './inbound.js';
import { toApiBody } from './outbound.js';

/** Discord's own replay window: a request signed more than 5 minutes away from now is refused. */
export const MAX_SKEW_MS = 5 * 60_000;
/** Interactions are small JSON; anything larger is not from Discord. */
const MAX_BODY_BYTES = 1_000_000;
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PublicKey(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/**
 * Discord signs `timestamp + body` with the application's key. True only for a valid signature
 * made within MAX_SKEW_MS of `nowMs` (timestamp in Unix seconds).
 */
export function isValidSignature(
  key: KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
  nowMs: number,
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex) || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_SKEW_MS) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signatureHex, 'hex'));
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The interaction's HTTP response is its first answer; later messages go through its webhook. */
function httpResponder(res: ServerResponse, raw: RawInteraction, rest: REST): InteractionResponder & { answered(): boolean } {
  let sent = false;
  const respond = (body: unknown) =>
    new Promise<void>((resolve) => {
      sent = true;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body), () => resolve());
    });
  const original = Routes.webhookMessage(raw.application_id, raw.token, '@original');
  return {
    answered: () => sent,
    defer: () => respond({ type: InteractionResponseType.DeferredChannelMessageWithSource }),
    first: async (m, deferred) => {
      if (deferred) await rest.patch(original, { body: toApiBody(m), auth: false });
      else await respond({ type: InteractionResponseType.ChannelMessageWithSource, data: toApiBody(m) });
    },
    followUp: async (m) => {
      await rest.post(Routes.webhook(raw.application_id, raw.token), { body: toApiBody(m), auth: false });
    },
    deleteOriginal: async () => {
      await rest.delete(original, { auth: false });
    },
  };
}

export interface InteractionsServerOptions extends AnswerOptions {
  /** The application's public key, 64 hex digits (Developer Portal → General Information). */
  publicKey: string;
  port: number;
  host?: string;
  /** For deferred edits and follow-ups (webhook routes need no bot token). */
  rest: REST;
  now?: () => number;
}

export interface InteractionsServer {
  /** Listens; resolves with the bound port (useful with port 0). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Discord's HTTP interactions transport: `POST /interactions`, Ed25519-verified, answering PING,
 * `/rareearth` commands and autocomplete with the same code as gateway mode.
 */
export function createInteractionsServer(o: InteractionsServerOptions): InteractionsServer {
  const key = ed25519PublicKey(o.publicKey);
  const now = o.now ?? Date.now;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/interactions') return json(res, 404, { error: 'not found' });
    const body = await readBody(req);
    if (!body) return json(res, 413, { error: 'too large' });
    const sig = req.headers['x-signature-ed25519'];
    const ts = req.headers['x-signature-timestamp'];
    if (!isValidSignature(key, typeof sig === 'string' ? sig : undefined, typeof ts === 'string' ? ts : undefined, body, now())) {
      return json(res, 401, { error: 'invalid request signature' });
    }
    let raw: RawInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as RawInteraction;
    } catch {
      return json(res, 400, { error: 'body is not JSON' });
    }
    if (raw.type === InteractionType.Ping) return json(res, 200, { type: InteractionResponseType.Pong });
    if (raw.data?.name !== COMMAND_NAME) return json(res, 400, { error: 'unknown command' });
    if (raw.type === InteractionType.ApplicationCommandAutocomplete) {
      const choices = autocompleteChoices(o.bot, raw.data.options ?? []);
      return json(res, 200, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
    }
    if (raw.type !== InteractionType.ApplicationCommand) return json(res, 400, { error: 'unsupported interaction type' });
    const responder = httpResponder(res, raw, o.rest);
    await answerCommand(factsFromRaw(raw), responder, o);
    // answerCommand logged whatever kept it from answering; Discord still needs a response.
    if (!responder.answered()) json(res, 500, { error: 'could not answer' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      o.log.error({ err }, 'discord interactions endpoint failed');
      if (!res.headersSent) json(res, 500, { error: 'internal' });
    });
  });

  return {
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(o.port, o.host ?? '0.0.0.0', () => resolve((server.address() as AddressInfo).port));
      }),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
