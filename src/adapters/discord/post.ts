import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes, type RateLimitData } from 'discord.js';
import { PostError, type ChannelRef, type PostOptions, type PostResult } from '../../core/adapter.js';
import type { Reply } from '../../core/reply.js';
import { renderReply, toApiBody } from './outbound.js';

/**
 * Rate limits that discord.js may wait out itself; a longer wait goes back to the scheduler as
 * a `retry` PostError, so a post never blocks for long and retries stay bounded.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 2000;

/** A REST client for channel posts: one retry on 5xx/network errors, long rate limits rejected. */
export function createPostRest(apiUrl: string, token: string, timeoutMs = 10_000): REST {
  return new REST({
    api: apiUrl,
    retries: 1,
    timeout: timeoutMs,
    rejectOnRateLimit: (d: RateLimitData) => d.retryAfter > MAX_RATE_LIMIT_WAIT_MS || d.timeToReset > MAX_RATE_LIMIT_WAIT_MS,
  }).setToken(token);
}

/** Discord accepts a nonce of at most 25 characters: the first 25 hex digits of sha256(key). */
export const nonceFor = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 25);

/** Readable reasons for the Discord error codes a channel post meets. */
const PERMANENT: Record<number, string> = {
  10003: 'the channel no longer exists',
  50001: 'the bot has no access to the channel',
  50013: 'the bot lacks permission to post there (Send Messages and Embed Links)',
};

/**
 * Any failure → PostError: 429 → retry after Discord's wait; 5xx, timeouts and network errors →
 * retry; other 4xx → permanent, with Discord's reason.
 */
export function toPostError(err: unknown, channelId: string): PostError {
  if (err instanceof RateLimitError) {
    return new PostError('retry', `rate limited on channel ${channelId}`, Math.max(err.retryAfter, err.timeToReset));
  }
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    if (err.status === 429 || err.status >= 500) return new PostError('retry', `Discord answered ${err.status} for channel ${channelId}`);
    const code = err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
    const reason = (code !== undefined && PERMANENT[code]) || err.message;
    return new PostError('permanent', `cannot post to channel ${channelId}: ${reason} (HTTP ${err.status}${code ? `, code ${code}` : ''})`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new PostError('retry', `could not reach Discord for channel ${channelId}: ${message}`);
}

/**
 * Posts a reply to a channel (scheduled digests): `POST /channels/{id}/messages`, every part of a
 * long reply as its own message, mentions off. With a key, the first part carries the key's nonce
 * with `enforce_nonce`, so Discord drops a repeat of the same delivery. Returns the first message id.
 */
export function createPoster(rest: REST): (to: ChannelRef, reply: Reply, options?: PostOptions) => Promise<PostResult> {
  return async (to, reply, options) => {
    const parts = renderReply({ ...reply, ephemeral: false });
    let first: string | undefined;
    for (const [i, part] of parts.entries()) {
      const nonce = options?.key ? nonceFor(i === 0 ? options.key : `${options.key}#${i}`) : undefined;
      const body = { ...toApiBody(part), ...(nonce ? { nonce, enforce_nonce: true } : {}) };
      try {
        const msg = (await rest.post(Routes.channelMessages(to.channelId), { body })) as { id: string };
        first ??= msg.id;
      } catch (err) {
        throw toPostError(err, to.channelId);
      }
    }
    return { messageId: first! };
  };
}
