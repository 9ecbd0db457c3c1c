/**
 * FNV-1a over UTF-16 code units, 32 bits: how dedup, the search index and summaries hash words
 * as they scan them, so that a word costs no string.
 */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export const asciiLower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** The FNV-1a hash of a whole string, as a scan of its code units gives it. */
export function hashOf(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Whether `word` is text[start … end−1] with its ASCII capitals lowercased, compared in place. */
export function sameAsciiWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = start; i < end; i++) if (word.charCodeAt(i - start) !== asciiLower(text.charCodeAt(i))) return false;
  return true;
}
