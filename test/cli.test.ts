import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from './helpers/cli.js';

let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'rareearth-cli-'));
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { CACHE_DIR: cacheDir, STATE_FILE: path.join(cacheDir, 'state.json'), ...env });

describe('one-shot CLI', () => {
  test('sources --json prints the stable JSON contract on stdout only', async () => {
    const r = await cli(['sources', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { articles: Record<string, unknown>[]; stories: Record<string, unknown>[] };
    expect(data.articles).toHaveLength(5);
    for (const a of data.articles) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining(['id', 'file', 'title', 'publisher', 'author', 'published', 'storyId', 'duplicateOf', 'removedLines']),
      );
    }
    for (const s of data.stories) expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'articleIds', 'why']));
  });

  test('article <id> --json adds the clean body', async () => {
    const r = await cli(['article', '002_fa51ae2332851756', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as { id: string; body: string };
    expect(a.id).toBe('002_fa51ae2332851756');
    expect(a.body.length).toBeGreaterThan(500);
  });

  test('a refused command exits 2 with its message on stderr and nothing on stdout', async () => {
    const r = await cli(['article', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no article "nope"/i);
  });

  test('--corpus reads another folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rareearth-corpus-'));
    await writeFile(
      path.join(dir, 'quebec.md'),
      '---\ntitle: Lithium mine opens in Quebec\ndate: 2026-02-03\n---\nA lithium mine opened in northern Quebec on Monday, the operator said. It will ship 20,000 tonnes of spodumene a year to battery makers in Ontario.\n',
    );
    const r = await cli(['sources', '--json', '--corpus', dir]);
    await rm(dir, { recursive: true, force: true });
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { articles: { id: string; title: string }[] };
    expect(data.articles.map((a) => a.id)).toEqual(['quebec']);
  });

  test('a bad configuration variable is named and exits 2', async () => {
    const r = await cli(['sources'], { DIGEST_TIMEZONE: 'Mars/Base' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DIGEST_TIMEZONE');
  });
});

test('changing TOPIC_KEYWORDS rescores cached articles', async () => {
  const before = JSON.parse((await cli(['sources', '--json'])).stdout) as { articles: { onTopic: boolean }[] };
  expect(before.articles.every((a) => a.onTopic)).toBe(true);
  const after = JSON.parse((await cli(['sources', '--json'], { TOPIC_KEYWORDS: 'football,penalty kick' })).stdout) as {
    articles: { onTopic: boolean }[];
  };
  expect(after.articles.some((a) => a.onTopic)).toBe(false);
});
