/**
 * One string in memory per distinct text. JSON.parse makes a new string of every value it reads,
 * and a corpus repeats the same texts in thousands of articles: names, entity types, subjects,
 * dates, lines of page chrome, the paragraphs of syndicated copies. Read back from the article
 * cache in a 10k rebuild, such repeats were 27 of the 128 MB of heap.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  /** The pool's string equal to `text`: `text` itself the first time, kept for the next. */
  get(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }
}
