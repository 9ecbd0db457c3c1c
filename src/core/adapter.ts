import type { Platform } from './command.js';
import type { Reply } from './reply.js';

export interface ChannelRef {
  platform: Platform;
  channelId: string;
}

export interface PostResult {
  /** Discord message id, Slack message ts, or a shell sequence number. */
  messageId: string;
}

export interface PostOptions {
  /** Idempotency key of a scheduled delivery (`<subscriptionId>@<fireTime>`); Discord sends it as a nonce. */
  key?: string;
}

/**
 * A failed post, classified so the scheduler can act without knowing the platform:
 * `retry` (429, 5xx, timeouts: try again, after retryAfterMs when given) or
 * `permanent` (deleted channel, lost permission: stop and mark the subscription failing).
 */
export class PostError extends Error {
  constructor(
    readonly kind: 'retry' | 'permanent',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PostError';
  }
}

export const isPostError = (e: unknown): e is PostError => e instanceof PostError;

/** What the core sees of a platform. */
export interface ChatAdapter {
  platform: Platform;
  start(): Promise<void>;
  stop(): Promise<void>;
  post(to: ChannelRef, reply: Reply, options?: PostOptions): Promise<PostResult>;
}
