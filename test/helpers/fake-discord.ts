import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_APP_ID = '111111111111111111';
export const FAKE_BOT_ID = '222222222222222222';
/** Shaped like a bot token (three dot-separated parts) so config validation accepts it. */
export const FAKE_TOKEN = 'MTExMTExMTExMTExMTExMTEx.GfakeX.fake-token-for-tests-only-xxxxxxxxxx';

export interface Recorded {
  method: string;
  /** Decoded path without the query, e.g. `/api/v10/webhooks/1/tok/messages/@original`. */
  path: string;
  query: string;
  body: unknown;
  headers: IncomingMessage['headers'];
  /** Date.now() when the request arrived (fake time under vitest fake timers). */
  at: number;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route override: return an answer to take the request, or undefined to fall through. */
export type FakeRoute = (r: Recorded) => FakeAnswer | undefined;

/** A message the fake created in a channel (`POST /channels/{id}/messages` answered 200). */
export interface CreatedMessage {
  channelId: string;
  id: string;
  body: Record<string, unknown>;
}

export interface FakeDiscordOptions {
  /** Gateway heartbeat interval sent in HELLO (ms). Tests that jump fake time by hours set it long, so no heartbeat goes unacked. */
  heartbeatIntervalMs?: number;
}

/**
 * A fake Discord on 127.0.0.1: REST under /api/v10 and a gateway (ws) on the same port.
 * It records every REST request and plays just enough of the gateway for discord.js to become
 * ready (HELLO → IDENTIFY → READY, heartbeats acked) and then receive dispatches.
 */
export interface FakeDiscord {
  apiUrl: string;
  requests: Recorded[];
  /** Channel messages created, in order; a repeat with an enforced nonce is not among them (Discord returns the first). */
  created: CreatedMessage[];
  /** Answers matching requests differently (first matching override wins). */
  override(route: FakeRoute): void;
  /** Answers the next requests matching, one answer each, in order; later ones fall through. */
  script(match: (r: Recorded) => boolean, ...answers: FakeAnswer[]): void;
  clearOverrides(): void;
  /** Sends a gateway dispatch (op 0) to every identified connection. */
  dispatch(t: string, d: unknown): void;
  /** Resolves with the first recorded request (past or future) matching, or rejects after timeoutMs. */
  waitFor(match: (r: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  close(): Promise<void>;
}

function message(channelId: string, body: Record<string, unknown>, id: string) {
  return {
    id,
    channel_id: channelId,
    author: { id: FAKE_BOT_ID, username: 'rareearth', discriminator: '0', global_name: null, avatar: null, bot: true },
    content: body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body.embeds ?? [],
    pinned: false,
    type: 0,
    flags: body.flags ?? 0,
  };
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const requests: Recorded[] = [];
  const created: CreatedMessage[] = [];
  const overrides: FakeRoute[] = [];
  const waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];
  let nextId = 900_000_000_000_000_000n;
  const newId = () => String(nextId++);
  let port = 0;

  /**
   * Like Discord: a nonce sent with `enforce_nonce` that this channel already saw returns the
   * message it created then, and no new message (Discord keeps nonces a few minutes).
   */
  function createMessage(channelId: string, body: Record<string, unknown>) {
    const nonce = body.enforce_nonce === true && typeof body.nonce === 'string' ? body.nonce : undefined;
    const earlier = nonce ? created.find((m) => m.channelId === channelId && m.body.nonce === nonce) : undefined;
    if (earlier) return message(channelId, earlier.body, earlier.id);
    const id = newId();
    created.push({ channelId, id, body });
    return message(channelId, body, id);
  }

  function defaultAnswer(r: Recorded): FakeAnswer {
    const p = r.path.replace(/^\/api\/v10/, '');
    const body = (r.body ?? {}) as Record<string, unknown>;
    if (r.method === 'GET' && p === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (r.method === 'GET' && p === '/applications/@me') return { status: 200, body: { id: FAKE_APP_ID, name: 'rareearth', flags: 0 } };
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(p)) return { status: 204 };
    if (r.method === 'DELETE') return { status: 204 };
    const webhook = /^\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/.exec(p);
    if (webhook) return { status: 200, body: message('333333333333333333', body, newId()) };
    const channel = /^\/channels\/(\d+)\/messages$/.exec(p);
    if (channel && r.method === 'POST') return { status: 200, body: createMessage(channel[1], body) };
    if (r.method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(p)) {
      return { status: 200, body: (r.body as object[]).map((c) => ({ ...c, id: newId(), application_id: FAKE_APP_ID, version: newId() })) };
    }
    return { status: 404, body: { message: 'Unknown route (fake)', code: 0 } };
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const [rawPath, query = ''] = (req.url ?? '').split('?');
    let body: unknown = text;
    if ((req.headers['content-type'] ?? '').includes('application/json') && text) body = JSON.parse(text);
    const r: Recorded = { method: req.method ?? 'GET', path: decodeURIComponent(rawPath), query, body, headers: req.headers, at: Date.now() };
    requests.push(r);
    for (const w of waiters.filter((x) => x.match(r))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(r);
    }
    // Stop at the first override that answers: a scripted one consumes its answer when asked.
    let answer: FakeAnswer | undefined;
    for (const o of overrides) {
      answer = o(r);
      if (answer) break;
    }
    answer ??= defaultAnswer(r);
    // Like Discord, a 204 has no body and no content type (discord.js would try to parse it).
    res.writeHead(answer.status, { ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  const http = createServer((req, res) => void onRequest(req, res));
  const wss = new WebSocketServer({ server: http });
  const identified = new Set<WebSocket>();
  let seq = 1;
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: opts.heartbeatIntervalMs ?? 41_250 } }));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { op: number };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) {
        identified.add(ws);
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: seq++,
            d: {
              v: 10,
              user: { id: FAKE_BOT_ID, username: 'rareearth', discriminator: '0', bot: true, avatar: null, global_name: null },
              guilds: [],
              session_id: 'fake-session',
              resume_gateway_url: `ws://127.0.0.1:${port}`,
              application: { id: FAKE_APP_ID, flags: 0 },
            },
          }),
        );
      }
    });
    ws.on('close', () => identified.delete(ws));
  });

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  port = (http.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    created,
    override: (route) => overrides.push(route),
    script(match, ...answers) {
      const queue = [...answers];
      overrides.push((r) => (queue.length > 0 && match(r) ? queue.shift() : undefined));
    },
    clearOverrides: () => overrides.splice(0),
    dispatch(t, d) {
      for (const ws of identified) ws.send(JSON.stringify({ op: 0, t, s: seq++, d }));
    },
    waitFor(match, timeoutMs = 5000) {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = { match, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms`));
          }
        }, timeoutMs).unref();
      });
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

let interactionSeq = 0;

export interface InteractionInit {
  sub: string;
  options?: { name: string; type: number; value: string | number | boolean; focused?: boolean }[];
  /** Permission bitfield of the member; undefined = a DM (no member, no guild). */
  permissions?: string;
  /** 2 = command, 4 = autocomplete. */
  type?: 2 | 4;
}

/** An INTERACTION_CREATE payload for `/rareearth <sub> …`, as Discord sends it (gateway or HTTP). */
export function interactionPayload(init: InteractionInit): { id: string; token: string } & Record<string, unknown> {
  const id = String(700_000_000_000_000_000n + BigInt(++interactionSeq));
  const user = { id: '444444444444444444', username: 'analyst', discriminator: '0', global_name: 'Analyst', avatar: null };
  const inGuild = init.permissions !== undefined;
  return {
    id,
    token: `tok-${id}`,
    application_id: FAKE_APP_ID,
    type: init.type ?? 2,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    app_permissions: '2147483647',
    channel_id: '555555555555555555',
    channel: { id: '555555555555555555', type: inGuild ? 0 : 1 },
    ...(inGuild
      ? {
          guild_id: '666666666666666666',
          guild_locale: 'en-US',
          member: { user, permissions: init.permissions, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
        }
      : { user }),
    data: {
      id: '777777777777777777',
      name: 'rareearth',
      type: 1,
      options: [{ type: 1, name: init.sub, options: init.options ?? [] }],
    },
  };
}
