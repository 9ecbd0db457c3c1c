/**
 * Rebuilds the corpus in a worker thread, so that the bot keeps answering from the snapshot it
 * has while a changed folder is ingested: at 100k articles a rebuild takes minutes of CPU, and
 * its assembly stages are synchronous. The worker saves the new snapshot in the cache folder;
 * this thread then loads it, which takes seconds instead.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Logger } from './log.js';
import type { BuildStats } from './corpus/pipeline.js';

export interface RebuildRequest {
  dir: string;
  cacheDir: string;
  topicKeywords: string[] | null;
  logLevel: string;
}

export type RebuildMessage = { kind: 'log'; line: string } | { kind: 'done'; stats: BuildStats };

/** The worker's module beside this one: TypeScript when run from the sources, the bundle's JavaScript otherwise. */
const WORKER = new URL(`./rebuild-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * What a Worker is started with. From the sources (tsx, vitest) the module is TypeScript, and
 * Node 20 does not apply `--import tsx` to a worker's entry module: a small script loads it
 * through tsx's API instead. The bundle is plain JavaScript.
 */
function workerEntry(): [URL | string, WorkerOptions] {
  if (!WORKER.pathname.endsWith('.ts')) return [WORKER, {}];
  const tsx = import.meta.resolve('tsx/esm/api');
  return [`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(WORKER.href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true }];
}

/** Logs one of the worker's pino lines through `log`, so that it lands where every other line does. */
function relay(log: Logger, line: string): void {
  const { level, msg, time: _time, pid: _pid, hostname: _host, err, ...fields } = JSON.parse(line) as Record<string, unknown>;
  const label = log.levels.labels[Number(level)] as 'info';
  // The worker already serialised the error; an Error again, so that it is not logged as type "Object".
  const error = err && typeof err === 'object' ? { err: Object.assign(new Error(), err) } : {};
  log[label]({ ...fields, ...error, thread: 'rebuild' }, String(msg ?? ''));
}

/** Runs buildCorpus in a worker thread; resolves with its stats once the snapshot is saved. */
export function buildInWorker(req: RebuildRequest, log: Logger): Promise<BuildStats> {
  return new Promise((resolve, reject) => {
    const [entry, options] = workerEntry();
    const worker = new Worker(entry, { ...options, workerData: req });
    worker.on('message', (m: RebuildMessage) => {
      if (m.kind === 'log') return relay(log, m.line);
      resolve(m.stats);
      // The snapshot and cache are saved by now; what the worker still holds is garbage.
      void worker.terminate();
    });
    worker.once('error', reject);
    // After a resolve this is a no-op; otherwise the worker died without an error event (e.g. out of memory).
    worker.once('exit', (code) => reject(new Error(`the rebuild worker stopped (exit code ${code}) before it finished`)));
  });
}
