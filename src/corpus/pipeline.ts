/**
 * The entry to the corpus: serves the saved snapshot when the corpus folder is as it recorded,
 * and otherwise hands over to ingest.ts. Ingest (and with it the NLP and HTML libraries) is
 * imported only then, so a start with an unchanged corpus never loads it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';
import { CACHE_VERSION } from './cache.js';
import { composeCorpus, type Timed } from './compose.js';
import { listArticleFiles, statEach } from './files.js';
import type { TopicProfile } from './relevance.js';
import { loadSearchIndex } from './search.js';
import { loadSnapshot, loadSnapshotFiles, rowsOf, type FileStampRow, type FileStamps, type LoadedSnapshot } from './snapshot-file.js';
import type { Corpus } from './types.js';

export interface BuildOptions {
  dir: string;
  /** null: no on-disk cache (every file processed). */
  cacheDir: string | null;
  profile: TopicProfile;
  log: Logger;
  now?: () => Date;
}

export interface BuildStats {
  files: number;
  processed: number;
  fromCache: number;
  skipped: number;
  /** Milliseconds per stage. */
  stages: Record<string, number>;
}

/** Whether the listed files are the stamped ones by name (one comparison of the joined names). */
const sameNames = (files: readonly string[], stamps: FileStamps) => files.length === stamps.sizes.length && files.join('\0') === stamps.names;

/** Whether every listed file has the size and mtime of its stamp. */
const sameStats = (dir: string, files: readonly string[], { sizes, mtimes }: FileStamps): Promise<boolean> =>
  statEach(dir, files, (i, info) => info?.size === sizes[i] && info.mtimeMs === mtimes[i]);

export interface BuiltCorpus {
  corpus: Corpus;
  stats: BuildStats;
  /**
   * Every file of the folder as the build found it: size and mtime, taken before it was read (a
   * file that could not be stat'ed is left out). The corpus watcher starts from these, so that a
   * file added or changed while the build ran is seen by its first polls.
   */
  seen: FileStampRow[];
}

/** Milliseconds per named stage, summed over calls. */
export interface Timer {
  stages: Record<string, number>;
  time: Timed;
}

function timer(): Timer {
  const stages: Record<string, number> = {};
  return {
    stages,
    /** Times fn; for a promise, until it settles. */
    time<T>(name: string, fn: () => T): T {
      const t0 = performance.now();
      const record = () => (stages[name] = (stages[name] ?? 0) + performance.now() - t0);
      let result: T;
      try {
        result = fn();
      } catch (err) {
        record();
        throw err;
      }
      if (result instanceof Promise) return result.finally(record) as T;
      record();
      return result;
    },
  };
}

/**
 * Reads the corpus folder and builds a snapshot. When every file is as the saved snapshot
 * recorded it (names, sizes, mtimes), that snapshot is served as it is. Otherwise unchanged files
 * (same content hash) come from the article cache, and new or changed files alone go through
 * load → clean → facts. Bad files are skipped with one warning each, never fatal.
 */
export async function buildCorpus(opts: BuildOptions): Promise<BuiltCorpus> {
  const now = opts.now ?? (() => new Date());
  const t = timer();
  const code = opts.cacheDir ? await codeVersion() : '';
  const listing = t
    .time('list', () => listArticleFiles(opts.dir))
    .catch((err: unknown) => {
      opts.log.error({ err, dir: opts.dir }, 'cannot list the corpus folder');
      return [];
    });
  const known = opts.cacheDir ? await t.time('snapshot-check', () => loadSnapshotFiles(opts.cacheDir!, code, opts.log)) : null;
  const files = await listing;
  const warnSkipped = (skipped: Corpus['skipped']) => {
    for (const s of skipped) opts.log.warn({ file: s.file }, `skipped ${s.file}: ${s.reason}`);
  };

  const stamps = known?.files.stamps;
  let loaded: LoadedSnapshot | null = null;
  if (stamps && sameNames(files, stamps)) {
    // The snapshot's reads start first, to run while the stats do; if the folder turns out
    // changed, ingest is handed what was loaded (its parts serve if the contents are the same).
    const loading = t.time('snapshot-load', () => loadSnapshot(opts.cacheDir!, code, known.key, opts.log));
    const same = await t.time('stat', () => sameStats(opts.dir, files, stamps));
    const saved = (loaded = await loading);
    if (same && saved) {
      warnSkipped(saved.files.skipped);
      return { ...serve(saved, t, now(), files.length), seen: rowsOf(stamps) };
    }
  }
  const { ingest } = await import('./ingest.js');
  return ingest(opts, { files, code, known, loaded, t, warnSkipped });
}

function serve(saved: LoadedSnapshot, t: Timer, builtAt: Date, fileCount: number): { corpus: Corpus; stats: BuildStats } {
  const { articles, files: recorded } = saved;
  const index = t.time('index', () => loadSearchIndex(saved.index, articles));
  const corpus = composeCorpus(articles, saved.parts, index, recorded.skipped, builtAt);
  const stats = { files: fileCount, processed: 0, fromCache: articles.length, skipped: recorded.skipped.length, stages: t.stages };
  return { corpus, stats };
}

/**
 * The snapshot last saved in cacheDir, served without checking the folder against it; null when
 * there is none for this code. For a build that just ran elsewhere (the rebuild worker): a file
 * touched since is the next poll's business, not a reason to ingest again here.
 */
export async function loadSavedCorpus(cacheDir: string, log: Logger, now: () => Date = () => new Date()): Promise<{ corpus: Corpus; stats: BuildStats } | null> {
  const t = timer();
  const code = await codeVersion();
  const known = await t.time('snapshot-check', () => loadSnapshotFiles(cacheDir, code, log));
  const saved = known && (await t.time('snapshot-load', () => loadSnapshot(cacheDir, code, known.key, log)));
  return saved ? serve(saved, t, now(), saved.files.stamps?.sizes.length ?? saved.articles.length + saved.files.skipped.length) : null;
}

/**
 * The contents of every module beside this one (the corpus modules, or the bundle that holds
 * them): a saved snapshot must never outlive the code that derived it, and no one remembers to
 * bump a version for a summary tweak. Contents, not mtimes, so a rebuild of the same code keeps it.
 */
let codeOnce: Promise<string> | null = null;
function codeVersion(): Promise<string> {
  codeOnce ??= (async () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const names = (await readdir(here)).filter((n) => /\.[cm]?[jt]s$/.test(n)).sort();
    const h = createHash('sha256').update(`${CACHE_VERSION}\n`);
    for (const name of names) h.update(`${name}\n`).update(await readFile(path.join(here, name)));
    return h.digest('hex');
  })();
  return codeOnce;
}

