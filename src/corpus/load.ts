/**
 * Loading: a file in the corpus folder → RawArticle (text plus any metadata stated outside the
 * text), or a skip with a reason a person can act on. Never throws on a bad file.
 *
 * Formats: `.txt` as is; `.md` with optional YAML front matter, simple markdown stripped;
 * `.html`/`.htm` through Readability on a linkedom document, paragraphs kept.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parse as parseYaml } from 'yaml';
import { formatOf } from './files.js';
import { normaliseDate } from './metadata.js';
import type { ArticleFormat, ArticleMeta, RawArticle } from './types.js';

/** Bigger files are not news articles (a dump, a log, a mis-saved binary). */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/** Size and modification time of a file, as its descriptor gave them before the read. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

export type FileRead =
  | { ok: true; file: string; id: string; format: ArticleFormat; hash: string; bytes: Buffer; stat: FileStat }
  | { ok: false; file: string; reason: string };

export type Decoded = { ok: true; raw: RawArticle } | { ok: false; file: string; reason: string };

/** What decoding reads of a file read: not its stat. */
type Read = Omit<Extract<FileRead, { ok: true }>, 'stat'>;

/**
 * The file's stat and contents (null when it is too large: then it is not read). Blocking calls
 * on one descriptor: files are small, and the promise API's thread-pool round trips (stat, open,
 * fstat, read, close) cost about five times the CPU of the reads themselves.
 */
function readSmallFile(full: string): { stat: FileStat; bytes: Buffer | null } {
  const fd = openSync(full, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    return { stat: { size, mtimeMs }, bytes: size > MAX_ARTICLE_BYTES ? null : readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes and content hash; a file too large is refused before it is read. */
export async function readArticleFile(dir: string, file: string): Promise<FileRead> {
  try {
    const { stat, bytes } = readSmallFile(path.join(dir, file));
    if (bytes === null) return { ok: false, file, reason: `is too large (${(stat.size / 1024 / 1024).toFixed(1)} MB, limit 5 MB)` };
    return {
      ok: true,
      file,
      id: path.basename(file, path.extname(file)),
      format: formatOf(file) ?? 'txt',
      hash: createHash('sha256').update(bytes).digest('hex'),
      bytes,
      stat,
    };
  } catch (err) {
    return { ok: false, file, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** C0 controls other than tab, newline, form feed and carriage return. */
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/g;
/** More control characters than this share of the text: not text. */
const MAX_CONTROL_SHARE = 0.05;

/** Text of the bytes, or why they are not article text. A UTF-8 byte order mark is dropped. */
export function decodeText(bytes: Buffer): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.includes(0)) return { ok: false, reason: 'is binary (contains NUL bytes)' };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, reason: 'is not UTF-8 text (latin-1?)' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, reason: bytes.length === 0 ? 'is empty' : 'is empty (whitespace only)' };
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls / text.length > MAX_CONTROL_SHARE) return { ok: false, reason: 'is binary (mostly control characters)' };
  return { ok: true, text };
}

// ---- markdown ---------------------------------------------------------------------------

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** One value of the front matter as a string: dates may come parsed, lists give their first item. */
function field(data: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    let value = data[key];
    if (Array.isArray(value)) value = value[0];
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ((typeof value === 'string' && value.trim()) || typeof value === 'number') return String(value).trim();
  }
  return undefined;
}

/** Only the fields a file states: an absent field stays undefined so text-derived metadata can fill it. */
function statedMeta(meta: { [K in keyof ArticleMeta]?: string | null }): Partial<ArticleMeta> {
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v)) as Partial<ArticleMeta>;
}

function frontMatterMeta(data: Record<string, unknown>): { meta: Partial<ArticleMeta>; url: string | null } {
  const date = field(data, 'date', 'published', 'published_at', 'publishedAt', 'pubDate');
  return {
    meta: statedMeta({
      title: field(data, 'title', 'headline'),
      author: field(data, 'author', 'authors', 'byline'),
      publisher: field(data, 'publisher', 'source', 'site', 'site_name'),
      published: date ? normaliseDate(date) : undefined,
    }),
    url: field(data, 'url', 'canonical', 'canonical_url', 'link') ?? null,
  };
}

const MD_IMAGE = /!\[[^\]]*\]\([^)]*\)/g;
const MD_LINK = /\[([^\]]+)\]\([^)]*\)/g;
const MD_HEADING = /^#{1,6}\s+(.*?)\s*#*$/;
const MD_EMPHASIS = /\*\*|__/g;
const MD_BLOCK_START = /^(?:[-*+]\s|\d{1,2}[.)]\s|>)/;

/**
 * Markdown to plain lines: headings, bold, links ([t](u) → t) and images go; a paragraph's
 * soft-wrapped lines join into one line; list items and headings stay one line each.
 */
export function stripMarkdown(md: string): string {
  const out: string[] = [];
  let joinable = false;
  for (const rawLine of md.split(/\r?\n/)) {
    const line = rawLine.replace(MD_IMAGE, '').replace(MD_LINK, '$1').replace(MD_EMPHASIS, '').trim();
    if (line === '' && rawLine.trim() !== '') continue; // an image alone on its line: nothing to keep
    const heading = MD_HEADING.exec(line);
    if (line === '' || heading) {
      out.push(heading ? heading[1] : '');
      joinable = false;
    } else if (joinable && !MD_BLOCK_START.test(line)) {
      out[out.length - 1] += ` ${line}`;
    } else {
      out.push(line.replace(/^>\s?/, ''));
      joinable = true;
    }
  }
  return out.join('\n');
}

/** `key: value` on one line, the value plain or quoted without escapes, no comment, no control characters. */
const FLAT_ENTRY = /^([A-Za-z_][\w-]*):[ ]+(?:"([^"\\\0-\x1f\x7f-\x9f\u2028\u2029\ufeff]*)"|'([^'\0-\x1f\x7f-\x9f\u2028\u2029\ufeff]*)'|([^-?:,[\]{}#&*!|>'"%@`\s\x7f-\x9f\u2028\u2029\ufeff](?:[^:#\0-\x1f\x7f-\x9f\u2028\u2029\ufeff]|:(?! )|(?<! )#)*?))[ ]*$/;
/** Plain values the YAML core schema reads as null, a boolean or a number rather than as a string. */
const NON_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
/** Keys the YAML core schema would not read as a plain string, or that an object cannot hold as data. */
const SPECIAL_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|__proto__)$/;

/**
 * Front matter that is only one-line `key: string` entries, read without the YAML parser (which
 * costs most of a markdown file's decoding); null for anything else, which the parser reads.
 * Every accepted shape reads exactly as the parser would read it.
 */
function flatFrontMatter(yaml: string): Record<string, string> | null {
  const data: Record<string, string> = {};
  for (const line of yaml.split('\n')) {
    const m = FLAT_ENTRY.exec(line);
    if (!m || SPECIAL_KEY.test(m[1]) || Object.hasOwn(data, m[1])) return null;
    const plain = m[4];
    if (plain !== undefined && (NON_STRING.test(plain) || plain.endsWith(':'))) return null;
    data[m[1]] = m[2] ?? m[3] ?? plain;
  }
  return data;
}

function readFrontMatter(yaml: string): unknown {
  const flat = flatFrontMatter(yaml);
  if (flat) return flat;
  try {
    return parseYaml(yaml);
  } catch {
    return null; // broken front matter: the body still counts, the metadata is unknown
  }
}

function decodeMarkdown(text: string): { text: string; meta: Partial<ArticleMeta>; url: string | null } {
  const fm = FRONT_MATTER.exec(text);
  if (!fm) return { text: stripMarkdown(text), meta: {}, url: null };
  const data = readFrontMatter(fm[1]);
  const stated = data && typeof data === 'object' && !Array.isArray(data) ? frontMatterMeta(data as Record<string, unknown>) : { meta: {}, url: null };
  return { text: stripMarkdown(text.slice(fm[0].length)), ...stated };
}

// ---- HTML -------------------------------------------------------------------------------

/** Elements that start a new paragraph in the text. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2',
  'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Text of an element with one line per block element; list items keep a "- " bullet. */
export function blockText(root: DomNode): string {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    const line = current.replace(/\s+/g, ' ').trim();
    if (line) lines.push(line);
    current = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = node.nodeName.toUpperCase();
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'NOSCRIPT') return;
    if (tag === 'BR') return flush();
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    if (tag === 'LI') current = '- ';
    for (let i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines.filter((l) => l !== '-').join('\n\n');
}

type HtmlDocument = ReturnType<typeof parseHTML>['document'];

function metaContent(document: HtmlDocument, ...selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

function decodeHtml(html: string): { text: string; meta: Partial<ArticleMeta>; url: string | null } {
  const { document } = parseHTML(html);
  // Read the head before Readability, which rewrites the document it is given.
  const published = metaContent(document, 'meta[property="article:published_time"]', 'meta[name="date"]', 'meta[itemprop="datePublished"]');
  const stated = {
    title: metaContent(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]'),
    publisher: metaContent(document, 'meta[property="og:site_name"]', 'meta[name="publisher"]'),
    author: metaContent(document, 'meta[name="author"]', 'meta[property="article:author"]'),
    published: published ? normaliseDate(published) : undefined,
  };
  const url =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() ||
    metaContent(document, 'meta[property="og:url"]') ||
    null;
  // Readability needs a real Document; linkedom's is close enough in practice but typed apart.
  const article = new Readability(document as unknown as Document, { serializer: (el) => el }).parse();
  const content = article?.content as unknown as DomNode | null | undefined;
  return {
    text: content ? blockText(content) : '',
    meta: statedMeta({
      ...stated,
      title: stated.title ?? article?.title,
      publisher: stated.publisher ?? article?.siteName,
      author: stated.author ?? article?.byline,
      published: stated.published ?? (article?.publishedTime ? normaliseDate(article.publishedTime) : undefined),
    }),
    url,
  };
}

/** Bytes → RawArticle, or the reason the file is skipped (empty, binary, not UTF-8, no text). */
export function decodeArticle(read: Read): Decoded {
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) return { ok: false, file: read.file, reason: decoded.reason };
  let parts: { text: string; meta: Partial<ArticleMeta>; url: string | null };
  try {
    parts =
      read.format === 'md' ? decodeMarkdown(decoded.text)
      : read.format === 'html' ? decodeHtml(decoded.text)
      : { text: decoded.text, meta: {}, url: null };
  } catch (err) {
    return { ok: false, file: read.file, reason: `cannot be parsed as ${read.format} (${(err as Error).message})` };
  }
  if (parts.text.trim() === '') return { ok: false, file: read.file, reason: 'has no article text' };
  return {
    ok: true,
    raw: { id: read.id, file: read.file, format: read.format, hash: read.hash, text: parts.text, meta: parts.meta, url: parts.url },
  };
}
