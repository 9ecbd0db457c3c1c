import { segment } from 'sentencex';

/** Splits a paragraph into sentences; knows abbreviations such as "U.S." and "Mr.". */
export function splitSentences(paragraph: string): string[] {
  return segment('en', paragraph)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
