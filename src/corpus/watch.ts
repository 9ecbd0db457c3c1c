import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { listArticleFiles } from './files.js';
import type { FileStampRow } from './snapshot-file.js';
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

/** file → "size:mtimeMs" for every article file under dir. */
type Listing = Map<string, string>;

async function listing(dir: string): Promise<Listing> {
  const files = await listArticleFiles(dir);
  const stats = await Promise.all(
    files.map((f) =>
      stat(path.join(dir, f)).then(
        (s) => `${s.size}:${s.mtimeMs}`,
        () => null, // deleted between readdir and stat: absent
      ),
    ),
  );
  const out: Listing = new Map();
  files.forEach((f, i) => {
    if (stats[i] !== null) out.set(f, stats[i]);
  });
  return out;
}

const listingOf = (rows: readonly FileStampRow[]): Listing => new Map(rows.map(([file, size, mtimeMs]) => [file, `${size}:${mtimeMs}`]));

function sameListing(a: Listing, b: Listing): boolean {
  if (a.size !== b.size) return false;
  for (const [f, sig] of a) if (b.get(f) !== sig) return false;
  return true;
}

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
  let built: Listing | null = null;
  let previous: Listing | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;

  async function poll(): Promise<PollResult> {
    let current: Listing;
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
      opts.log.info({ files: current.size, articles: corpus.articles.length }, 'corpus folder changed: snapshot rebuilt');
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
        built = previous = rows ? listingOf(rows) : await listing(opts.dir);
      } catch {
        built = previous = new Map();
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
