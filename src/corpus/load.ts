// STUB: to be completed by the loading/cleaning work (issue 2).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArticleFormat, RawArticle } from './types.js';

const FORMATS: Record<string, ArticleFormat> = { '.txt': 'txt', '.md': 'md', '.html': 'html', '.htm': 'html' };

export type FileRead =
  | { ok: true; file: string; id: string; format: ArticleFormat; hash: string; bytes: Buffer }
  | { ok: false; file: string; reason: string };

export type Decoded = { ok: true; raw: RawArticle } | { ok: false; file: string; reason: string };

/** Article files under dir (relative paths, sorted), by extension. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && FORMATS[path.extname(e.name).toLowerCase()])
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export async function readArticleFile(dir: string, file: string): Promise<FileRead> {
  try {
    const bytes = await readFile(path.join(dir, file));
    const ext = path.extname(file).toLowerCase();
    return {
      ok: true,
      file,
      id: path.basename(file, path.extname(file)),
      format: FORMATS[ext],
      hash: createHash('sha256').update(bytes).digest('hex'),
      bytes,
    };
  } catch (err) {
    return { ok: false, file, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

export function decodeArticle(read: Extract<FileRead, { ok: true }>): Decoded {
  const text = read.bytes.toString('utf8');
  return { ok: true, raw: { id: read.id, file: read.file, format: read.format, hash: read.hash, text, meta: {}, url: null } };
}
