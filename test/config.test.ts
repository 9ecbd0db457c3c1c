import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

test('an empty environment gives the shell defaults', () => {
  const c = loadConfig({});
  expect(c).toMatchObject({ corpusDir: 'data/articles', discord: null, slack: null, digest: { days: 7, timezone: 'UTC', empty: 'notice' } });
});

test('each bad variable is named on its own line, without echoing its value', () => {
  const problems = problemsOf({ DIGEST_TIMEZONE: 'Mars/Base', SLACK_BOT_TOKEN: 'secret-value', DIGEST_DAYS: 'lots' });
  expect(problems.some((p) => p.startsWith('DIGEST_TIMEZONE:'))).toBe(true);
  expect(problems.some((p) => p.startsWith('SLACK_BOT_TOKEN:'))).toBe(true);
  expect(problems.some((p) => p.startsWith('DIGEST_DAYS:'))).toBe(true);
  expect(problems.join('\n')).not.toContain('secret-value');
});

test('variables that need a partner say which one is missing', () => {
  expect(problemsOf({ DISCORD_INTERACTIONS_PORT: '8080', DISCORD_TOKEN: 'a.b.c' })).toEqual([
    expect.stringMatching(/^DISCORD_PUBLIC_KEY:/),
  ]);
  expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET:/)]);
});

test('empty values in .env count as unset', () => {
  expect(loadConfig({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: ' ' }).discord).toBeNull();
});

test('platform URLs are normalised for the libraries that take them', () => {
  const c = loadConfig({
    DISCORD_TOKEN: 'a.b.c',
    DISCORD_API_URL: 'http://127.0.0.1:9/api/',
    SLACK_BOT_TOKEN: 'xoxb-1',
    SLACK_APP_TOKEN: 'xapp-1',
    SLACK_API_URL: 'http://127.0.0.1:9/api',
  });
  expect(c.discord?.apiUrl).toBe('http://127.0.0.1:9/api');
  expect(c.slack?.apiUrl).toBe('http://127.0.0.1:9/api/');
});
