/**
 * `npm run build`: the bundle in dist/ that `npm start`, `npm run cli` and `npm run register` run.
 * The bench bundles its measuring script with the same options, so that it measures what users run.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Packages are loaded from node_modules as they are: some start files of their own (node-cron's
 * daemon, pino's transports) or are CommonJS that an ES module bundle cannot require. zod is
 * bundled: its tree-shaken validators load in ~20 ms, where its ~100 modules took ~110 ms of a
 * start.
 */
const BUNDLED = new Set(['zod']);

export function bundleOptions(): BuildOptions {
  const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const external = Object.keys(dependencies)
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  return { bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', external, logLevel: 'warning' };
}

const ENTRIES = ['src/main.ts', 'src/cli.ts', 'src/adapters/discord/register-cli.ts', 'src/rebuild-worker.ts'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = path.join(ROOT, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  await build({ ...bundleOptions(), entryPoints: ENTRIES.map((entry) => path.join(ROOT, entry)), outbase: path.join(ROOT, 'src'), outdir });
}
