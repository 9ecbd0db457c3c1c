// STUB: to be completed by the loading/cleaning work (issue 2).
import type { CleanArticle, RawArticle } from './types.js';
import { readMetadata } from './metadata.js';

export interface Cleaned {
  paragraphs: string[];
  removed: string[];
}

export function cleanText(text: string): Cleaned {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return { paragraphs: lines, removed: [] };
}

export function cleanArticle(raw: RawArticle): CleanArticle {
  const cleaned = cleanText(raw.text);
  const meta = readMetadata(raw, cleaned);
  return {
    id: raw.id,
    file: raw.file,
    hash: raw.hash,
    url: raw.url,
    ...meta,
    paragraphs: cleaned.paragraphs,
    body: cleaned.paragraphs.join('\n\n'),
    removedLines: cleaned.removed.length,
    removed: cleaned.removed,
  };
}
