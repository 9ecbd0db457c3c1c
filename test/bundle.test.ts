import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './helpers/cli.js';
import { ROOT, SEED_DIR } from './helpers/corpus.js';

const run = promisify(execFile);
let root: string;
let corpus: string;

beforeAll(async () => {
  await run('npm', ['run', 'build', '--silent'], { cwd: ROOT, timeout: 60_000 });
  root = await mkdtemp(path.join(tmpdir(), 'rareearth-bundle-'));
  corpus = path.join(root, 'articles');
  await cp(SEED_DIR, corpus, { recursive: true });
  // Settled files: the second start may serve the saved snapshot.
  const old = new Date(Date.now() - 60_000);
  for (const f of await readdir(corpus)) await utimes(path.join(corpus, f), old, old);
}, 90_000);
afterAll(() => rm(root, { recursive: true, force: true }));

const env = (cache: string) => ({ ...process.env, CORPUS_DIR: corpus, CACHE_DIR: path.join(root, cache), STATE_FILE: path.join(root, `${cache}.json`) });
const bundled = async (args: string[]) => (await run(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, env: env('bundle'), timeout: 30_000 })).stdout;

/** The two runs keep separate caches, so their first-seen times differ. */
const parse = (json: string): unknown => JSON.parse(json, (key, value: unknown) => (key === 'firstSeen' ? undefined : value));

test('the bundle npm start runs answers as the sources do, cold and then from the saved snapshot', async () => {
  for (const args of [['stats', '--json'], ['article', '002', '--json'], ['search', 'refining', '--json']]) {
    const fromSource = await runCli(args, env('source'));
    expect(fromSource.code).toBe(0);
    const cold = await bundled(args);
    const warm = await bundled(args);
    expect(parse(cold)).toEqual(parse(fromSource.stdout));
    expect(parse(warm)).toEqual(parse(cold));
  }
}, 120_000);
