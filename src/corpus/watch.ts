import type { Logger } from '../log.js';
import { listArticleFiles, statEach } from './files.js';
import { stampsOf, type FileStampRow, type FileStamps } from './snapshot-file.js';
import type { Corpus } from './types.js';

export interface CorpusWatcherOptions {
  dir: string;
  /** Seconds between polls (CORPUS_POLL_SECONDS); 0 turns watching off. */
  pollSeconds: number;
  /** Builds a fresh snapshot (buildCorpus: cheap, unchanged files come from the cache). */
  rebuild: () => Promise<Corpus>;
  /** Receives each new snapshot; the caller swaps it in for the commands and the digest job. */
  onCorpus: (corpus: Corpus) => void;
  log: Logger;
}

/**
 * What one poll did: `unchanged` (folder as last built), `settling` (something changed since the
 * previous poll: wait until it holds still), `rebuilt`, or `failed` (tried again next poll).
 */
export type PollResult = 'unchanged' | 'settling' | 'rebuilt' | 'failed';

export interface CorpusWatcher {
  /**
   * Takes `built` (the files as the current snapshot's build found them, see BuiltCorpus) as the
   * state of the current snapshot, or else the folder as it is now, then polls.
   */
  start(built?: readonly FileStampRow[]): Promise<void>;
  stop(): void;
  /** One poll; the timer calls it, tests may too. */
  poll(): Promise<PollResult>;
}

/**
 * Every article file under dir with its size and mtime, in the snapshot's form (names joined,
 * so that two listings compare in one string comparison). A file deleted between the listing
 * and its stat is absent.
 */
async function listing(dir: string): Promise<FileStamps> {
  const files = await listArticleFiles(dir);
  const rows: FileStampRow[] = [];
  await statEach(dir, files, (i, info) => {
    if (info) rows.push([files[i], info.size, info.mtimeMs]);
    return true;
  });
  return stampsOf(rows);
}

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
const sameListing = (a: FileStamps, b: FileStamps): boolean => a.names === b.names && sameNumbers(a.sizes, b.sizes) && sameNumbers(a.mtimes, b.mtimes);

/**
 * Polls the corpus folder and rebuilds when files were added, changed or removed.
 *
 * A rebuild happens only once the folder has held still for a whole poll interval: a file still
 * being written (its size or mtime moved since the previous poll) holds the rebuild back, so a
 * half-written file is never read as an article, and a burst of copies gives one rebuild
 * (the debounce). Worked example at 10 s: a file appears at t=3 → poll t=10 sees a change
 * (settling) → poll t=20 sees the same listing → rebuild.
 */
export function createCorpusWatcher(opts: CorpusWatcherOptions): CorpusWatcher {
  let built: FileStamps | null = null;
  let previous: FileStamps | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;

  async function poll(): Promise<PollResult> {
    let current: FileStamps;
    try {
      current = await listing(opts.dir);
    } catch (err) {
      opts.log.warn({ err, dir: opts.dir }, 'cannot list the corpus folder; will retry');
      return 'failed';
    }
    const settled = previous !== null && sameListing(current, previous);
    previous = current;
    if (built && sameListing(current, built)) return 'unchanged';
    if (!settled) return 'settling';
    try {
      const corpus = await opts.rebuild();
      opts.onCorpus(corpus);
      built = current;
      opts.log.info({ files: current.sizes.length, articles: corpus.articles.length }, 'corpus folder changed: snapshot rebuilt');
      return 'rebuilt';
    } catch (err) {
      opts.log.error({ err, dir: opts.dir }, 'corpus rebuild failed; keeping the previous snapshot');
      return 'failed';
    }
  }

  function arm(): void {
    if (stopped) return;
    // A chain of timeouts, not an interval: a slow rebuild never overlaps the next poll.
    timer = setTimeout(() => void poll().finally(arm), opts.pollSeconds * 1000);
    timer.unref();
  }

  return {
    async start(rows) {
      if (opts.pollSeconds <= 0) return;
      try {
        // Listing the folder now instead would take a file added while the build ran for one it read.
        built = previous = rows ? stampsOf(rows) : await listing(opts.dir);
      } catch {
        built = previous = stampsOf([]);
      }
      stopped = false;
      arm();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    poll,
  };
}
