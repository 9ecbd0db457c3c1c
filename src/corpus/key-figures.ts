/**
 * Key figures: the figures that state the same fact, grouped across articles.
 *
 * Same fact = same entity, same subject (compared lowercase, dashes folded), same unit, and values
 * that can all be true at once. Each stated value becomes the interval of true values its
 * qualifier allows, and a group holds figures whose intervals share at least one point:
 * - no qualifier ("70%"): ±2% relative, for rounding ([68.6, 71.4]);
 * - about, around, approximately, roughly, some, an estimated, close to: ±10%;
 * - over, more than, above, at least, in excess of…: from −2% to +10% ("over 90%" → [88.2, 99]);
 * - nearly, almost, up to, less than, under, below…: from −10% to +2% ("nearly 90%" → [81, 91.8]);
 * - a range: its ends, ±2%.
 * So "an estimated 90%", "nearly 90%" and "over 90%" agree (they share [88.2, 91.8]): the
 * sources word one fact differently. "90%" and "70%" of the same thing do not: both groups are
 * kept, marked `conflict`, each listing the other in `conflictsWith`; never silently merged.
 * Two groups conflict only when no article states both values (an article giving 60% and 70%
 * is telling two facts, e.g. two years) and when the subject is specific (not a fallback such
 * as "amount", see GENERIC_SUBJECTS) and the entity is known.
 *
 * One source per article: a sentence repeated in an article, or the same fact stated twice,
 * counts once. Order: most sources first, then larger values, then id. Ids are stable across
 * runs: a hash of entity | subject | unit | value to 3 significant digits.
 */
import { GENERIC_SUBJECTS } from './figure-subject.js';
import { remembered } from './remembered.js';
import type { Figure, FigureSource, KeyFigure } from './types.js';

const ABOUT = new Set(['about', 'around', 'approximately', 'approx.', 'roughly', 'some', 'an estimated', 'estimated', 'close to', 'circa']);
const AT_LEAST = new Set(['over', 'more than', 'above', 'at least', 'just over', 'well over', 'well above', 'in excess of', 'upwards of', 'as low as']);
const AT_MOST = new Set(['nearly', 'almost', 'up to', 'less than', 'fewer than', 'under', 'below', 'at most', 'just under', 'as much as', 'as many as', 'as high as']);
const EXACT = 0.02;
const LOOSE = 0.1;

/** How far below and above a stated value the true one may lie, as shares of it, by qualifier. */
function margins(q: string | null | undefined): [down: number, up: number] {
  if (q && ABOUT.has(q)) return LOOSE_BOTH;
  if (q && AT_LEAST.has(q)) return UP_LOOSE;
  return q && AT_MOST.has(q) ? DOWN_LOOSE : EXACT_BOTH;
}
const LOOSE_BOTH: [number, number] = [LOOSE, LOOSE];
const UP_LOOSE: [number, number] = [EXACT, LOOSE];
const DOWN_LOOSE: [number, number] = [LOOSE, EXACT];
const EXACT_BOTH: [number, number] = [EXACT, EXACT];

/** The true values a stated figure allows, in its unit (see the module comment). */
export function tolerance(f: Pick<Figure, 'value' | 'valueMax' | 'qualifier'>): [number, number] {
  const lo = Math.min(f.value, f.valueMax ?? f.value);
  const hi = Math.max(f.value, f.valueMax ?? f.value);
  const [down, up] = margins(f.qualifier);
  // Negative values widen the other way.
  return lo >= 0 ? [lo * (1 - down), hi * (1 + up)] : [lo * (1 + up), hi * (1 - down)];
}

interface Group {
  figures: Figure[];
  lo: number;
  hi: number;
  articles: Set<string>;
}

const subjectKey = (subject: string): string => subject.toLowerCase().replace(/[–—‐]/g, '-').replace(/\s+/g, ' ').trim();

/** FNV-1a, 32 bits, as 8 hex digits: short stable ids. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Greedy interval grouping: figures sorted by value join the first group they are compatible
 * with. A group whose upper end lies below every lower end still to come can take no more
 * figures: the search starts after the first run of such groups, which keeps a bucket of
 * thousands of figures from comparing each with every group before it.
 */
function groupBucket(figures: Figure[]): Group[] {
  const groups: Group[] = [];
  const sorted = [...figures].sort((a, b) => a.value - b.value || (a.valueMax ?? a.value) - (b.valueMax ?? b.value));
  const bounds = sorted.map(tolerance);
  // The lowest lower end from each figure on (a range's end or a wider margin can lower it).
  const lowestAfter = new Float64Array(sorted.length);
  for (let i = sorted.length - 1, low = Infinity; i >= 0; i--) lowestAfter[i] = low = Math.min(low, bounds[i][0]);
  let open = 0;
  sorted.forEach((f, i) => {
    const [lo, hi] = bounds[i];
    while (open < groups.length && groups[open].hi < lowestAfter[i]) open++;
    let g: Group | undefined;
    for (let k = open; k < groups.length && g === undefined; k++) if (lo <= groups[k].hi && hi >= groups[k].lo) g = groups[k];
    if (g) {
      g.figures.push(f);
      g.lo = Math.max(g.lo, lo);
      g.hi = Math.min(g.hi, hi);
      g.articles.add(f.articleId);
    } else groups.push({ figures: [f], lo, hi, articles: new Set([f.articleId]) });
  });
  return groups;
}

/** The value most sources state (ties: the smaller, then the first stated), with its range end if it has one. */
function representative(figures: Figure[]): Figure {
  // By value, then range end: no string key per figure.
  const byValue = new Map<number, { f: Figure; n: number }[]>();
  const counted: { f: Figure; n: number }[] = [];
  for (const f of figures) {
    const end = f.valueMax ?? null;
    const same = byValue.get(f.value);
    const c = same?.find((x) => (x.f.valueMax ?? null) === end);
    if (c) c.n++;
    else {
      const added = { f, n: 1 };
      counted.push(added);
      if (same) same.push(added);
      else byValue.set(f.value, [added]);
    }
  }
  let best = counted[0];
  for (const c of counted) if (c.n > best.n || (c.n === best.n && c.f.value < best.f.value)) best = c;
  return best.f;
}

function sourcesOf(figures: Figure[]): FigureSource[] {
  const seen = new Set<string>();
  const sources: FigureSource[] = [];
  for (const f of [...figures].sort((a, b) => (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0))) {
    if (seen.has(f.articleId)) continue;
    seen.add(f.articleId);
    sources.push({ articleId: f.articleId, qualifier: f.qualifier, text: f.sentence, wording: f.wording });
  }
  return sources;
}

/** Groups figures stating the same fact into key figures (see the module comment). */
/**
 * Groups of one bucket that no article states together conflict. Which groups share an article
 * is read from an article → groups map: comparing every pair's article sets was quadratic in
 * the sources of a much-cited figure (seconds at 100k articles).
 */
function markConflicts(keyed: { kf: KeyFigure; g: { articles: Set<string> } }[]): void {
  const groupsOf = new Map<string, number[]>();
  keyed.forEach(({ g }, i) => {
    for (const id of g.articles) {
      const list = groupsOf.get(id);
      if (list) list.push(i);
      else groupsOf.set(id, [i]);
    }
  });
  keyed.forEach((a) => {
    const sharing = new Set<number>();
    for (const id of a.g.articles) for (const j of groupsOf.get(id)!) sharing.add(j);
    keyed.forEach((b, j) => {
      if (sharing.has(j)) return;
      a.kf.conflict = true;
      a.kf.conflictsWith.push(b.kf.id);
    });
  });
}

export function groupKeyFigures(figures: Figure[]): KeyFigure[] {
  const lower = remembered((text) => text.toLowerCase());
  const subjectKeyOf = remembered(subjectKey);
  const buckets = new Map<string, Figure[]>();
  for (const f of figures) {
    const key = `${lower(f.entity ?? '')}|${subjectKeyOf(f.subject)}|${f.unit}`;
    const list = buckets.get(key);
    if (list) list.push(f);
    else buckets.set(key, [f]);
  }
  const out: KeyFigure[] = [];
  const usedIds = new Set<string>();
  for (const list of buckets.values()) {
    const groups = groupBucket(list);
    const keyed = groups.map((g) => {
      const rep = representative(g.figures);
      const base = `kf-${hash(`${rep.entity ?? ''}|${subjectKeyOf(rep.subject)}|${rep.unit}|${Number(rep.value.toPrecision(3))}`)}`;
      let id = base;
      for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
      usedIds.add(id);
      const kf: KeyFigure = {
        id,
        value: rep.value,
        ...(rep.valueMax !== undefined ? { valueMax: rep.valueMax } : {}),
        unit: rep.unit,
        entity: rep.entity,
        subject: rep.subject,
        conflict: false,
        sources: sourcesOf(g.figures),
        conflictsWith: [],
      };
      return { kf, g };
    });
    const canConflict = list[0].entity !== null && !GENERIC_SUBJECTS.has(subjectKeyOf(list[0].subject));
    if (canConflict) markConflicts(keyed);
    out.push(...keyed.map((k) => k.kf));
  }
  return out.sort((a, b) => b.sources.length - a.sources.length || b.value - a.value || (a.id < b.id ? -1 : 1));
}
