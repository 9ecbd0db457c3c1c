import { PostError, type PostResult } from '../../core/adapter.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../log.js';
import { renderReply, type SlackMessage } from './outbound.js';

/** The one Web API call posting needs (a Bolt `app.client` fits). */
export interface ChatPoster {
  chat: { postMessage(args: SlackMessage & { channel: string }): Promise<{ ts?: string }> };
}

/** Web API platform errors worth retrying; any other platform error will fail again the same way. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);
const DEFAULT_RETRY_MS = 30_000;

interface WebApiErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

/**
 * A @slack/web-api error as a PostError: 429 → retry after Retry-After; 5xx, network and Slack's
 * internal errors → retry; channel_not_found, not_in_channel, is_archived, invalid_auth,
 * account_inactive, missing_scope and every other platform refusal → permanent.
 */
export function classifyPostError(err: unknown): PostError {
  const e = (err ?? {}) as WebApiErrorShape;
  switch (e.code) {
    case 'slack_webapi_rate_limited_error':
      return new PostError('retry', 'Slack rate-limited the post', (e.retryAfter ?? DEFAULT_RETRY_MS / 1000) * 1000);
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown_error';
      return new PostError(TRANSIENT.has(code) ? 'retry' : 'permanent', `Slack refused the post: ${code}`);
    }
    case 'slack_webapi_http_error':
      return new PostError((e.statusCode ?? 500) >= 500 ? 'retry' : 'permanent', `Slack answered HTTP ${e.statusCode}`);
    default:
      // Network failures, timeouts and anything unforeseen: the next attempt may well succeed.
      return new PostError('retry', `Posting to Slack failed: ${e.message ?? String(err)}`);
  }
}

export interface PostDeps {
  client: ChatPoster;
  log: Logger;
  /** Longest Retry-After waited here before handing the retry to the caller (ms). */
  maxWaitMs?: number;
  /** Posts tried in all while Slack keeps rate-limiting within maxWaitMs. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** chat.postMessage of a rendered Reply; returns the message ts. Rate limits are waited out (bounded), then thrown as PostError. */
export function createPost(deps: PostDeps): (channelId: string, reply: Reply) => Promise<PostResult> {
  const maxWaitMs = deps.maxWaitMs ?? 10_000;
  const attempts = deps.attempts ?? 3;
  const sleep = deps.sleep ?? wait;

  return async (channelId, reply) => {
    const message = renderReply(reply);
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await deps.client.chat.postMessage({ channel: channelId, ...message });
        // ok:true always carries a ts; were it missing, the post still went out and must not be repeated.
        return { messageId: res.ts ?? '' };
      } catch (err) {
        const failure = classifyPostError(err);
        const delay = failure.retryAfterMs;
        if (delay === undefined || delay > maxWaitMs || attempt >= attempts) throw failure;
        deps.log.warn({ channelId, attempt, delay }, 'Slack rate-limited a post; waiting as asked');
        await sleep(delay);
      }
    }
  };
}
