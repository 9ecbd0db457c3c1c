import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';

/** One Web API call as the fake received it; nested JSON fields (blocks) are parsed back. */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** Date.now() when the call arrived (fake time under vitest fake timers). */
  at: number;
}

/** What a response_url received: the message Bolt's respond() posted. */
export interface Responded {
  response_type?: 'ephemeral' | 'in_channel';
  text: string;
  blocks: Record<string, unknown>[];
  [key: string]: unknown;
}

/** A scripted Web API answer: HTTP status, headers and JSON body. */
export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export interface FakeSlackOptions {
  /** users.info answers by user id; unknown ids get user_not_found. */
  users?: Record<string, { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean }>;
}

export interface FakeSlack {
  /** Web API base for SLACK_API_URL, ending in `/`. */
  apiUrl: string;
  /** A fresh response_url pointing at the capture server. */
  responseUrl(): string;
  calls: ApiCall[];
  /** Answers given to the next calls of a method, in order, before the default answer. */
  script(method: string, ...answers: FakeAnswer[]): void;
  /** Resolves with what the response_url receives next (rejects after timeoutMs). */
  nextResponse(url: string, timeoutMs?: number): Promise<Responded>;
  /** Socket Mode: sends a slash command envelope over the open socket; resolves with the client's ack. */
  sendSocketCommand(payload: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });

/** The Web API client sends form posts whose object fields are JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    try {
      args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
    } catch {
      args[k] = v;
    }
  }
  return args;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<T>((_r, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref())]);

/**
 * A fake Slack on 127.0.0.1: Web API (auth.test, users.info, chat.postMessage,
 * apps.connections.open), a capture server for response_url, and a Socket Mode WebSocket.
 */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: ApiCall[] = [];
  const scripts = new Map<string, FakeAnswer[]>();
  const responded = new Map<string, Responded>();
  const waiters = new Map<string, (r: Responded) => void>();
  let posts = 0;
  let urls = 0;

  function defaultAnswer(method: string, args: Record<string, unknown>): FakeAnswer {
    switch (method) {
      case 'auth.test':
        return { body: { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001', user: 'rareearth' } };
      case 'users.info': {
        const role = opts.users?.[String(args.user)];
        return { body: role ? { ok: true, user: { id: args.user, ...role } } : { ok: false, error: 'user_not_found' } };
      }
      case 'chat.postMessage':
        return { body: { ok: true, channel: args.channel, ts: `1700000000.${String(++posts).padStart(6, '0')}` } };
      case 'apps.connections.open':
        return { body: { ok: true, url: `ws://127.0.0.1:${port}/socket` } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    if (path.startsWith('/respond/')) {
      const message = JSON.parse(raw) as Responded;
      const waiter = waiters.get(path);
      if (waiter) waiter(message);
      else responded.set(path, message);
      res.writeHead(200).end('ok');
      return;
    }
    const method = path.replace(/^\/api\//, '').split('?')[0];
    const args = parseArgs(raw, req.headers['content-type']);
    calls.push({ method, args, at: Date.now() });
    const answer = scripts.get(method)?.shift() ?? defaultAnswer(method, args);
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  const wss = new WebSocketServer({ server, path: '/socket' });
  let socket: WebSocket | null = null;
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Record<string, unknown>;
      acks.get(String(ack.envelope_id))?.(ack);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' }, debug_info: { host: 'fake' } }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: () => `${base}/respond/${++urls}`,
    calls,
    script: (method, ...answers) => scripts.set(method, [...(scripts.get(method) ?? []), ...answers]),
    nextResponse(url, timeoutMs = 5000) {
      const path = new URL(url).pathname;
      const ready = responded.get(path);
      if (ready) return Promise.resolve(ready);
      return withTimeout(new Promise<Responded>((resolve) => waiters.set(path, resolve)), timeoutMs, `a response at ${path}`);
    },
    sendSocketCommand(payload, timeoutMs = 5000) {
      if (!socket) return Promise.reject(new Error('no Socket Mode client is connected'));
      const envelopeId = `env-${++urls}`;
      const acked = new Promise<Record<string, unknown>>((resolve) => acks.set(envelopeId, resolve));
      socket.send(JSON.stringify({ envelope_id: envelopeId, type: 'slash_commands', payload, accepts_response_payload: true }));
      return withTimeout(acked, timeoutMs, `the ack of ${envelopeId}`);
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Headers Slack signs a request with: `v0=` HMAC-SHA256 of `v0:{ts}:{body}` under the signing secret. */
export function slackSignature(secret: string, body: string, ts = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(ts) };
}

/** A slash command payload as Slack sends it, for `/rareearth <text>`. */
export function slashPayload(text: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    token: 'verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C0001',
    channel_name: 'minerals',
    user_id: 'U0001',
    user_name: 'analyst',
    command: '/rareearth',
    text,
    api_app_id: 'A0001',
    trigger_id: '1.2.3',
    ...over,
  };
}

/** POSTs a signed slash command to Bolt's HTTP endpoint, the way Slack does. */
export async function postSlashCommand(
  url: string,
  secret: string,
  payload: Record<string, string>,
  sign: { secret?: string; ts?: number } = {},
): Promise<Response> {
  const body = new URLSearchParams(payload).toString();
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(sign.secret ?? secret, body, sign.ts) },
    body,
    signal: AbortSignal.timeout(5000),
  });
}

type Json = Record<string, unknown>;

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every text string in a Block Kit message, in order (header, sections, fields, context). */
export function blockTexts(blocks: readonly Json[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') out.push(x);
        else walk(x);
      }
    }
  };
  walk(blocks);
  return out;
}

/** What a reader sees: the texts with Slack's entities decoded. */
export const visibleText = (blocks: readonly Json[]) => decode(blockTexts(blocks).join('\n'));

/** Slack's limits that, when broken, make it reject the whole message. */
export function expectWithinSlackLimits(message: { text: string; blocks: readonly Json[] }): void {
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  expect(message.text.length).toBeGreaterThan(0);
  for (const b of message.blocks) {
    const text = b.text as { text: string } | undefined;
    if (b.type === 'header') expect(text!.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section') {
      const fields = (b.fields as { text: string }[] | undefined) ?? [];
      expect(text || fields.length).toBeTruthy();
      if (text) expect(text.text.length, text.text.slice(0, 80)).toBeLessThanOrEqual(3000);
      if (text) expect(text.text.trim()).not.toBe('');
      expect(fields.length).toBeLessThanOrEqual(10);
      for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    if (b.type === 'context') {
      const elements = b.elements as { text: string }[];
      expect(elements.length).toBeGreaterThan(0);
      expect(elements.length).toBeLessThanOrEqual(10);
      for (const e of elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
  }
}

/** No broadcast or mention can come out of the message, in the blocks or the fallback. */
export function expectNoMentions(message: { text: string; blocks: readonly Json[] }): void {
  for (const t of [message.text, ...blockTexts(message.blocks)]) {
    expect(t).not.toMatch(/<[!@#]/);
    expect(t).not.toMatch(/@(channel|here|everyone)\b/);
  }
}
