/**
 * Figures: every quantity an article states, with who it is about and a normalised subject,
 * and (in key-figures.ts) the grouping of the same fact across articles.
 *
 * One sentence at a time: figure-amounts.ts reads the quantities, figure-entity.ts the entity,
 * figure-subject.ts the subject. A sentence without a digit costs one regex test.
 *
 * Lists are read together: in "the US and Myanmar account for 12% and 8% of extraction" the
 * two figures share the phrase after the list ("of extraction") and take the coordinated names
 * respectively (US 12%, Myanmar 8%); when the counts differ, each figure gets all the names.
 */
import { scanAmounts, type Amount } from './figure-amounts.js';
import { createEntityFinder } from './figure-entity.js';
import { commodityIn, figureSubject, mainCommodity } from './figure-subject.js';
import type { Figure } from './types.js';

export { groupKeyFigures } from './key-figures.js';

const DIGIT = /\d/;
const LIST_GAP = /^\s*,?\s*(?:and|or)?\s*$/;

/** Index ranges of consecutive same-unit amounts joined by ", " / "and" / "or". */
function listsOf(s: string, amounts: Amount[]): { from: number; to: number }[] {
  const lists: { from: number; to: number }[] = [];
  for (let i = 0; i < amounts.length; i++) {
    const prev = lists.at(-1);
    const joined = prev && amounts[i - 1].unit === amounts[i].unit && LIST_GAP.test(s.slice(amounts[i - 1].end, amounts[i].start));
    if (joined) prev.to = i;
    else lists.push({ from: i, to: i });
  }
  return lists;
}

const LETTER = /[\p{L}'’-]/u;

/**
 * Whether the article writes a word in lowercase somewhere: then a capitalised sentence opener
 * spelled the same is a common word, not a name. indexOf scans, built lazily: cheaper than a word set.
 */
function createCommonWordTest(sentences: string[]): (w: string) => boolean {
  let text: string | null = null;
  return (w) => {
    text ??= sentences.join(' ');
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
      if (!LETTER.test(text[i - 1] ?? ' ') && !LETTER.test(text[i + w.length] ?? ' ')) return true;
    }
    return false;
  };
}

/*
 * The lazy commodity readers below are returned as anonymous arrows, not bound to local consts:
 * the app runs under tsx, whose keep-names transform wraps a named local closure in a
 * defineProperty call each time it is created (per sentence here).
 */

/** The article's main commodity, computed on first use. */
function articleCommodityOf(sentences: string[]): () => string | null {
  let commodity: string | null | undefined;
  return () => (commodity === undefined ? (commodity = mainCommodity(sentences)) : commodity);
}

/** The commodity of a sentence, else of its article. */
function sentenceCommodityOf(sentence: string, ofArticle: () => string | null): () => string | null {
  return () => commodityIn(sentence) ?? ofArticle();
}

/** Every figure stated in the sentences of one article, in order. */
export function extractFigures(sentences: string[], articleId: string): Figure[] {
  const figures: Figure[] = [];
  const ofArticle = articleCommodityOf(sentences);
  const isCommonWord = createCommonWordTest(sentences);
  for (const sentence of sentences) {
    if (!DIGIT.test(sentence)) continue;
    const amounts = scanAmounts(sentence);
    if (!amounts.length) continue;
    const entityAt = createEntityFinder(sentence, isCommonWord);
    const commodity = sentenceCommodityOf(sentence, ofArticle);
    let previousPercent: string | null = null;
    for (const list of listsOf(sentence, amounts)) {
      const first = amounts[list.from];
      const last = amounts[list.to];
      const pick = entityAt(first.start);
      const size = list.to - list.from + 1;
      for (let i = list.from; i <= list.to; i++) {
        const amount = amounts[i];
        const entity = pick ? (size > 1 && pick.names.length === size ? pick.names[i - list.from] : pick.text) : null;
        const subject = figureSubject({ sentence, amount, listStart: first.start, listEnd: last.end, previousPercent, commodity });
        if (amount.unit === '%') previousPercent = subject;
        figures.push({
          value: amount.value,
          ...(amount.valueMax !== undefined ? { valueMax: amount.valueMax } : {}),
          unit: amount.unit,
          qualifier: amount.qualifier,
          entity,
          subject,
          wording: amount.wording,
          sentence,
          articleId,
        });
      }
    }
  }
  return figures;
}
