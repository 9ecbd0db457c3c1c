/**
 * Deterministic synthetic corpus for benchmarks: real sentences of the seed corpus recombined
 * into articles about invented events, wrapped in varied page chrome. About 20% of the articles
 * are syndicated copies (same body, other chrome) and 30% rewrites of an earlier event, so that
 * dedup and story grouping do real work. Same seed, same files.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../src/corpus/sentences.js';

/** mulberry32: a small, fast, seedable PRNG. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    sample: <T>(xs: readonly T[], k: number): T[] => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, k);
    },
  };
}
type Random = ReturnType<typeof createRandom>;

const SYLLABLES = ['kar', 'ves', 'lun', 'dor', 'mir', 'tal', 'ena', 'bro', 'sik', 'ola', 'vek', 'rum', 'pai', 'zen', 'hal', 'qui'];
const NAV = ['Home', 'World', 'Business', 'Markets', 'Tech', 'Opinion', 'Sport', 'Video', 'Podcasts', 'Subscribe', 'Sign in', 'Menu', 'Search'];
const MARKERS = ['Latest', 'Related Articles', 'Topics', 'Popular Categories', 'More from this section', 'Trending now', 'Read more'];
const PROMPTS = [
  'Share this article',
  'Follow us on social media',
  'Subscribe to our newsletter for daily updates',
  'You have not yet added any article to your bookmarks!',
  'Connect with us',
  'Advertisement',
];
const FIRST = ['Maria', 'Kenji', 'Aisha', 'Tom', 'Lena', 'Ravi', 'Chen', 'Sofia', 'Omar', 'Ines'];
const LAST = ['Okafor', 'Lindqvist', 'Tanaka', 'Moreau', 'Haddad', 'Kowalski', 'Ferreira', 'Nakamura', 'Osei', 'Brandt'];

const name = (r: Random, parts = 2) =>
  Array.from({ length: parts }, () => r.pick(SYLLABLES)).join('').replace(/^./, (c) => c.toUpperCase());

interface Event {
  place: string;
  company: string;
  sentences: string[];
  date: Date;
  title: string;
}

function makeEvent(r: Random, pool: string[], start: Date): Event {
  const place = `${name(r)} ${r.pick(['Province', 'Bay', 'Valley', 'Highlands', 'Port'])}`;
  const company = `${name(r, 3)} ${r.pick(['Minerals', 'Resources', 'Metals', 'Mining Corp'])}`;
  // Each event gets its own facts woven into real sentences, so rewrites share distinctive words.
  const sentences = r.sample(pool, 16).map((s, i) =>
    i % 3 === 0 ? `${s.replace(/\.$/, '')}, according to ${company} in ${place}.` : s,
  );
  sentences.unshift(`${company} said on Monday it would invest $${1 + r.int(900)} million in a refinery in ${place}.`);
  const date = new Date(start.getTime() + r.int(365) * 86_400_000);
  return { place, company, sentences, date, title: `${company} plans rare earth refinery in ${place}` };
}

function chrome(r: Random, ev: Event, body: string[], others: Event[], format: 'txt' | 'md' | 'html'): string {
  const day = ev.date.toISOString().slice(0, 10);
  const author = `${r.pick(FIRST)} ${r.pick(LAST)}`;
  const site = `${name(r)}${r.pick([' News', ' Times', 'Daily', '.com'])}`;
  const teasers = r.sample(others, 3 + r.int(4)).flatMap((o) => [o.title, `${o.sentences[1].slice(0, 90)}…`]);
  if (format === 'md') {
    return `---\ntitle: "${ev.title}"\ndate: ${day}\nauthor: ${author}\npublisher: ${site}\n---\n\n# ${ev.title}\n\n${body.join('\n\n')}\n`;
  }
  if (format === 'html') {
    const paras = body.map((p) => `<p>${p}</p>`).join('\n');
    return `<!doctype html><html><head><title>${ev.title}</title><meta property="og:site_name" content="${site}"><meta property="article:published_time" content="${day}"></head><body><nav>${NAV.join(' | ')}</nav><article><h1>${ev.title}</h1><p class="byline">By ${author}</p>${paras}</article><aside><h2>${r.pick(MARKERS)}</h2>${teasers.map((t) => `<p>${t}</p>`).join('')}</aside></body></html>`;
  }
  const head = r.sample(NAV, 4 + r.int(5)).concat(r.next() < 0.5 ? [`${(r.next() * 30).toFixed(1)} C`, name(r)] : []);
  const byline = r.pick([`By ${author}`, `Post by : ${author}`, `Written by ${author}`]);
  const lines = [...head, '', r.pick(PROMPTS), '', ev.title, '', byline, '', ...body.flatMap((p) => [p, '']), r.pick(MARKERS), '', ...teasers.flatMap((t) => [t, '']), r.pick(PROMPTS), site];
  return lines.join('\n');
}

/** Real body sentences of the seed corpus (long lines only: teasers and chrome are short). */
export async function sentencePool(seedDir: string): Promise<string[]> {
  const files = (await readdir(seedDir)).filter((f) => f.endsWith('.txt'));
  const pool = new Set<string>();
  for (const f of files) {
    for (const line of (await readFile(path.join(seedDir, f), 'utf8')).split('\n')) {
      if (line.length < 160) continue;
      for (const s of splitSentences(line)) if (s.length > 60 && /[.!?]$/.test(s)) pool.add(s);
    }
  }
  return [...pool];
}

export async function generateCorpus(outDir: string, count: number, seedDir: string, seed = 42): Promise<void> {
  const r = createRandom(seed);
  const pool = await sentencePool(seedDir);
  await mkdir(outDir, { recursive: true });
  const start = new Date('2025-01-01T00:00:00Z');
  const events: Event[] = [];
  const bodies: { ev: Event; body: string[] }[] = [];
  const paragraphs = (ev: Event, sents: string[]) => {
    const out: string[] = [];
    for (let i = 0; i < sents.length; i += 3) out.push(sents.slice(i, i + 3).join(' '));
    return out;
  };
  const writes: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r.next();
    let ev: Event;
    let body: string[];
    if (roll < 0.2 && bodies.length) {
      ({ ev, body } = r.pick(bodies)); // syndicated copy: same body, new chrome
    } else if (roll < 0.5 && events.length) {
      ev = r.pick(events); // rewrite: same event, other sentences and order
      body = paragraphs(ev, [ev.sentences[0], ...r.sample(ev.sentences.slice(1), 9)]);
    } else {
      ev = makeEvent(r, pool, start);
      events.push(ev);
      body = paragraphs(ev, ev.sentences.slice(0, 12));
    }
    bodies.push({ ev, body });
    const f = r.next();
    const format = f < 0.02 ? 'html' : f < 0.2 ? 'md' : 'txt';
    const file = path.join(outDir, `${String(i).padStart(6, '0')}.${format}`);
    writes.push(writeFile(file, chrome(r, ev, body, events, format)));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, n] = process.argv.slice(2);
  await generateCorpus(out, Number(n ?? 1000), path.resolve('data/articles'));
}
