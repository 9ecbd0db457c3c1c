import { describe, expect, test } from 'vitest';
import { classifyPostError, createPost } from '../../src/adapters/slack/post.js';
import { createMemoryLogger } from '../../src/log.js';

const log = createMemoryLogger().log;

describe('posting', () => {
  const platformError = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

  test('errors are classified for the scheduler', () => {
    expect(classifyPostError({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
    for (const e of ['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'account_inactive', 'missing_scope']) {
      expect(classifyPostError(platformError(e)).kind, e).toBe('permanent');
    }
    expect(classifyPostError(platformError('internal_error')).kind).toBe('retry');
    expect(classifyPostError({ code: 'slack_webapi_http_error', statusCode: 503 }).kind).toBe('retry');
    expect(classifyPostError({ code: 'slack_webapi_http_error', statusCode: 404 }).kind).toBe('permanent');
    expect(classifyPostError({ code: 'slack_webapi_request_error', message: 'ECONNRESET' }).kind).toBe('retry');
  });

  function fakeClient(failures: unknown[]) {
    const sent: { channel: string; text: string }[] = [];
    return {
      sent,
      client: {
        chat: {
          postMessage: async (args: { channel: string; text: string }) => {
            sent.push(args);
            const failure = failures.shift();
            if (failure) throw failure;
            return { ts: '1.000200' };
          },
        },
      },
    };
  }

  test('rate limits are waited out up to the attempt limit, then handed back', async () => {
    const waits: number[] = [];
    const limited = { code: 'slack_webapi_rate_limited_error', retryAfter: 2 };
    const ok = fakeClient([limited, limited]);
    const post = createPost({ client: ok.client, log, sleep: async (ms) => void waits.push(ms), attempts: 3 });
    await expect(post('C1', { title: 'Digest', blocks: [] })).resolves.toEqual({ messageId: '1.000200' });
    expect(waits).toEqual([2000, 2000]);

    const stuck = fakeClient([limited, limited, limited]);
    const post2 = createPost({ client: stuck.client, log, sleep: async () => undefined, attempts: 3 });
    await expect(post2('C1', { title: 'Digest', blocks: [] })).rejects.toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
    expect(stuck.sent).toHaveLength(3);
  });

  test('a permanent failure is not retried', async () => {
    const f = fakeClient([platformError('is_archived')]);
    const post = createPost({ client: f.client, log, sleep: async () => undefined });
    await expect(post('C1', { title: 'Digest', blocks: [] })).rejects.toMatchObject({ kind: 'permanent' });
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]).toMatchObject({ channel: 'C1', text: expect.stringContaining('Digest') });
  });
});
