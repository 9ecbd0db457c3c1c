// STUB: to be completed by the figures work (issue 3).
import type { Figure, KeyFigure } from './types.js';

export function extractFigures(_sentences: string[], _articleId: string): Figure[] {
  return [];
}

export function groupKeyFigures(_figures: Figure[]): KeyFigure[] {
  return [];
}
