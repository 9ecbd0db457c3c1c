/**
 * Which files in the corpus folder are articles, and of what format. Apart from load.ts so that
 * listing the folder (at every start, and by the watcher) never loads the HTML libraries.
 */
import { statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleFormat } from './types.js';

const FORMATS: Record<string, ArticleFormat> = { '.txt': 'txt', '.md': 'md', '.html': 'html', '.htm': 'html' };

/** The format of an article file by its extension (case-insensitive), or undefined for other files. */
export const formatOf = (file: string): ArticleFormat | undefined => FORMATS[path.extname(file).toLowerCase()];

/** Article files under dir (relative paths, sorted), by extension. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const root = path.resolve(dir);
  const files: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || !formatOf(e.name)) continue;
    // A file at the top (nearly all of them) carries the folder as given: no path to resolve.
    const top = e.parentPath === dir || path.resolve(e.parentPath) === root;
    files.push(top ? e.name : path.relative(root, path.join(e.parentPath, e.name)));
  }
  return files.sort();
}

/** Stats between turns of the event loop: the folder is stat'ed while commands are answered. */
const STAT_CHUNK = 1000;

/**
 * Stats each file (undefined when it cannot be taken) and hands it to `visit`, in order, until
 * that returns false; true when every file was visited. Blocking stats in chunks: at 100k files
 * they took a third of the CPU of promise-based ones, and between chunks the event loop runs
 * (commands, the snapshot's reads), so none waits for more than a chunk (~15 ms).
 */
export async function statEach(dir: string, files: readonly string[], visit: (i: number, stat: Stats | undefined) => boolean): Promise<boolean> {
  for (let i = 0; i < files.length; i++) {
    if (i % STAT_CHUNK === STAT_CHUNK - 1) await new Promise((resolve) => setImmediate(resolve));
    if (!visit(i, statSync(path.join(dir, files[i]), { throwIfNoEntry: false }))) return false;
  }
  return true;
}
