// STUB: to be completed by the quotes work (issue 3).
import type { Quote } from './types.js';

export function extractQuotes(_paragraphs: string[], _articleId: string): Quote[] {
  return [];
}

export function mergeQuotes(quotes: Quote[]): Quote[] {
  return quotes;
}
