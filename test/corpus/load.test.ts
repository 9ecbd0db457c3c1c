import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listArticleFiles } from '../../src/corpus/files.js';
import { decodeArticle, MAX_ARTICLE_BYTES, readArticleFile, stripMarkdown, type Decoded } from '../../src/corpus/load.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'load-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(file: string, content: string | Buffer): Promise<Decoded> {
  await writeFile(path.join(dir, file), content);
  const read = await readArticleFile(dir, file);
  if (!read.ok) return read;
  return decodeArticle(read);
}

function rawOf(decoded: Decoded) {
  if (!decoded.ok) throw new Error(`skipped: ${decoded.reason}`);
  return decoded.raw;
}

const STORY = 'A lithium mine in Quebec started production on Monday, the company said.';

describe('listArticleFiles', () => {
  test('lists article files by extension, recursively, sorted', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'list-test-'));
    await mkdir(path.join(root, 'sub'));
    for (const f of ['b.txt', 'a.md', 'c.HTML', 'd.htm', 'notes.json', 'sub/e.txt', 'image.png']) await writeFile(path.join(root, f), 'x');
    expect(await listArticleFiles(root)).toEqual(['a.md', 'b.txt', 'c.HTML', 'd.htm', path.join('sub', 'e.txt')]);
    await rm(root, { recursive: true, force: true });
  });
});

describe('readArticleFile and decodeArticle: bad files are skipped with a reason, never thrown', () => {
  test('empty file', async () => {
    expect(await load('empty.txt', '')).toEqual({ ok: false, file: 'empty.txt', reason: 'is empty' });
  });

  test('whitespace only', async () => {
    expect(await load('blank.txt', ' \n\t\n  \n')).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
  });

  test('binary with NUL bytes', async () => {
    expect(await load('nul.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/binary/),
    });
  });

  test('mostly control characters', async () => {
    expect(await load('ctl.txt', Buffer.from('\x01\x02\x03\x04abc\x05\x06\x07\x08'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/binary/),
    });
  });

  test('latin-1 text is not UTF-8', async () => {
    const latin1 = Buffer.from('Le cobalt coûte 30 000 $ la tonne à Montréal.', 'latin1');
    expect(await load('latin1.txt', latin1)).toEqual({ ok: false, file: 'latin1.txt', reason: 'is not UTF-8 text (latin-1?)' });
  });

  test('over 5 MB is too large (refused before reading)', async () => {
    await writeFile(path.join(dir, 'huge.txt'), Buffer.alloc(MAX_ARTICLE_BYTES + 1, 0x61));
    expect(await readArticleFile(dir, 'huge.txt')).toMatchObject({ ok: false, file: 'huge.txt', reason: expect.stringMatching(/too large/) });
  });

  test('a file that cannot be read', async () => {
    expect(await readArticleFile(dir, 'missing.txt')).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot be read \(ENOENT\)/) });
    await mkdir(path.join(dir, 'folder.txt'));
    expect(await readArticleFile(dir, 'folder.txt')).toMatchObject({ ok: false, reason: expect.stringMatching(/cannot be read/) });
  });

  test('an HTML page with no text', async () => {
    expect(await load('nothing.html', '<html><body><script>var a = 1;</script></body></html>')).toMatchObject({
      ok: false,
      reason: 'has no article text',
    });
  });
});

describe('plain text', () => {
  test('kept as is, BOM stripped, id from the file stem, sha256 of the bytes', async () => {
    const raw = rawOf(await load('000_abc.txt', `\ufeff${STORY}\n`));
    expect(raw).toMatchObject({ id: '000_abc', file: '000_abc.txt', format: 'txt', text: `${STORY}\n`, meta: {}, url: null });
    expect(raw.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the same bytes give the same hash, other bytes another', async () => {
    const a = rawOf(await load('h1.txt', STORY));
    const b = rawOf(await load('h2.txt', STORY));
    const c = rawOf(await load('h3.txt', `${STORY} `));
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe('markdown', () => {
  test('front matter fills meta and url; dates become ISO; the body follows the front matter', async () => {
    const md = [
      '---',
      'title: "Cobalt mine restarts in Ontario"',
      'date: 05/03/2024',
      'author: Marie Tremblay',
      'source: Ore Times',
      'url: https://oretimes.example/cobalt',
      '---',
      '# Cobalt mine restarts',
      '',
      STORY,
    ].join('\n');
    const raw = rawOf(await load('fm.md', md));
    expect(raw.meta).toEqual({
      title: 'Cobalt mine restarts in Ontario',
      published: '2024-03-05',
      author: 'Marie Tremblay',
      publisher: 'Ore Times',
    });
    expect(raw.url).toBe('https://oretimes.example/cobalt');
    expect(raw.text).toBe(`Cobalt mine restarts\n\n${STORY}`);
  });

  test('an ISO timestamp, a "published" key and a "site" key are read too', async () => {
    const raw = rawOf(await load('fm2.md', `---\npublished: 2024-03-05T08:00:00Z\nsite: Ore Times\n---\n${STORY}\n`));
    expect(raw.meta).toEqual({ published: '2024-03-05', publisher: 'Ore Times' });
  });

  test('a date the front matter states unclearly is left unknown', async () => {
    const raw = rawOf(await load('fm3.md', `---\ndate: last spring\n---\n${STORY}\n`));
    expect(raw.meta).toEqual({});
  });

  test('front matter reads as YAML reads it: numbers, comments, repeated keys, nested values', async () => {
    const metaOf = async (file: string, fm: string) => rawOf(await load(file, `---\n${fm}\n---\n${STORY}\n`)).meta;
    expect(await metaOf('y1.md', 'title: 0x1F\nauthor: 1e3')).toEqual({ title: '31', author: '1000' });
    expect(await metaOf('y2.md', 'title: Nickel#1 # a comment\nauthor: Jane Roe   ')).toEqual({ title: 'Nickel#1', author: 'Jane Roe' });
    expect(await metaOf('y3.md', 'title: One\ntitle: Two')).toEqual({});
    expect(await metaOf('y4.md', "title: 'It''s back'\nauthor:\n  - Jane Roe\n  - Li Wei")).toEqual({ title: "It's back", author: 'Jane Roe' });
    expect(await metaOf('y5.md', 'title: "Lithium: a \\"boom\\""\npublisher: true')).toEqual({ title: 'Lithium: a "boom"' });
  });

  test('broken front matter: the body still loads, metadata unknown', async () => {
    const raw = rawOf(await load('fm4.md', `---\ntitle: [unclosed\n---\n${STORY}\n`));
    expect(raw.meta).toEqual({});
    expect(raw.text).toBe(`${STORY}\n`);
  });

  test('simple markdown is stripped: headings, bold, links, images; soft-wrapped lines join', () => {
    const md = [
      '## Prices',
      '',
      '![chart](chart.png)',
      'Cobalt **fell 5%** last year, [the exchange](https://x.example) said, as',
      'supply from Congo grew.',
      '',
      '- first item',
      '- second item',
      '> A quoted line.',
    ].join('\n');
    expect(stripMarkdown(md)).toBe(
      ['Prices', '', 'Cobalt fell 5% last year, the exchange said, as supply from Congo grew.', '', '- first item', '- second item', 'A quoted line.'].join('\n'),
    );
  });
});

describe('HTML', () => {
  const html = `<!doctype html><html><head>
    <title>Cobalt mine restarts | Ore Times</title>
    <meta property="og:title" content="Cobalt mine restarts in Ontario">
    <meta property="og:site_name" content="Ore Times">
    <meta name="author" content="Marie Tremblay">
    <meta property="article:published_time" content="2024-03-05T10:00:00Z">
    <link rel="canonical" href="https://oretimes.example/cobalt">
  </head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article>
      <h1>Cobalt mine restarts in Ontario</h1>
      <p>The cobalt mine near Sudbury began production on Monday, the company said in a statement to investors.</p>
      <p>It expects to ship 2,000 tonnes a year &amp; hire 300 workers. The province welcomed the news,
      calling it a milestone for the region.</p>
      <h2>Prices</h2>
      <p>Cobalt prices fell 5% last year as supply from Congo grew faster than demand from battery makers.</p>
      <ul><li>Output resumes after two years</li><li>Province backs the loan</li></ul>
    </article>
    <footer>© 2024 Ore Times</footer>
  </body></html>`;

  test('meta tags and the canonical link fill meta and url', async () => {
    const raw = rawOf(await load('page.html', html));
    expect(raw.meta).toEqual({
      title: 'Cobalt mine restarts in Ontario',
      publisher: 'Ore Times',
      author: 'Marie Tremblay',
      published: '2024-03-05',
    });
    expect(raw.url).toBe('https://oretimes.example/cobalt');
    expect(raw.format).toBe('html');
  });

  test('the article text keeps one paragraph per block, entities decoded, list items as bullets', async () => {
    const paragraphs = rawOf(await load('page2.htm', html)).text.split('\n\n');
    expect(paragraphs).toContain('It expects to ship 2,000 tonnes a year & hire 300 workers. The province welcomed the news, calling it a milestone for the region.');
    expect(paragraphs).toContain('- Output resumes after two years');
    expect(paragraphs.indexOf('Prices')).toBeGreaterThan(0);
    expect(paragraphs.join(' ')).not.toMatch(/Home|World/);
  });

  test('a page without meta tags: metadata unknown unless Readability finds it', async () => {
    const bare = `<html><body><article><p>${STORY} ${STORY}</p><p>${STORY}</p></article></body></html>`;
    const raw = rawOf(await load('bare.html', bare));
    expect(raw.meta).toEqual({});
    expect(raw.url).toBeNull();
    expect(raw.text).toContain(STORY);
  });
});
