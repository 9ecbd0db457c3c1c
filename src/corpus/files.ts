/**
 * Which files in the corpus folder are articles, and of what format. Apart from load.ts so that
 * listing the folder (at every start, and by the watcher) never loads the HTML libraries.
 */
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
