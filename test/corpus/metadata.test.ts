import { describe, expect, test } from 'vitest';
import { cleanText } from '../../src/corpus/clean.js';
import {
  dateOnlyLine,
  isPersonName,
  normaliseDate,
  parseByline,
  publishedLine,
  readMetadata,
  signoffName,
  splitDateline,
} from '../../src/corpus/metadata.js';
import type { ArticleMeta, RawArticle } from '../../src/corpus/types.js';

const BODY = [
  'A cobalt mine near Sudbury restarted production this week after a two-year shutdown, its owner said in a statement.',
  'The province offered loan guarantees worth $200 million to keep the cobalt mine open and protect 350 jobs in the region.',
  'Buyers in Japan and South Korea have signed offtake agreements for most of the cobalt output over the next five years.',
];

function meta(text: string, stated: Partial<ArticleMeta> = {}): ArticleMeta {
  const raw: RawArticle = { id: 'a', file: 'a.txt', format: 'txt', hash: 'h', text, meta: stated, url: null };
  return readMetadata(raw, cleanText(text));
}

const page = (...parts: (string | string[])[]) => parts.flat().join('\n');

describe('dates', () => {
  test.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-03-05T22:10:00+01:00', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['29.10.2025', '2025-10-29'],
    ['March 5, 2024', '2024-03-05'],
    ['Tuesday, March 5th, 2024 10:30 AM', '2024-03-05'],
    ['5 March 2024', '2024-03-05'],
    ['Tue 5 Mar 2024', '2024-03-05'],
  ])('%s → %s', (text, iso) => {
    expect(normaliseDate(text)).toBe(iso);
  });

  test.each(['10/29/2025', '31/02/2025', '05/03/24', 'soon', 'March 2024', ''])('%s is not a full date → null', (text) => {
    expect(normaliseDate(text)).toBeNull();
  });

  test('a date-only line allows a weekday and a time, nothing else', () => {
    expect(dateOnlyLine('Friday, March 8, 2024 | 10:30 AM IST')).toBe('2024-03-08');
    expect(dateOnlyLine('March 8, 2024 the mine reopened')).toBeNull();
  });

  test('a time of day may come before the date', () => {
    expect(dateOnlyLine('10:30 AM, March 5, 2024')).toBe('2024-03-05');
    expect(publishedLine('Updated 3:14 PM EST, February 3, 2026')).toBe('2026-02-03');
    expect(publishedLine('Updated 3 hours ago')).toBeNull();
  });

  test('"Published on <date>" is a date line; "Published" alone is not', () => {
    expect(publishedLine('Published on 8 March 2024')).toBe('2024-03-08');
    expect(publishedLine('Posted: 2024-03-08 09:00')).toBe('2024-03-08');
    expect(publishedLine('Published')).toBeNull();
  });
});

describe('line readers', () => {
  test('bylines give the first author and a date stated on the same line', () => {
    expect(parseByline('Post by : Li Wei')).toEqual({ author: 'Li Wei', published: null, outlet: null });
    expect(parseByline('By Marie Tremblay | March 5, 2024')).toEqual({ author: 'Marie Tremblay', published: '2024-03-05', outlet: null });
    expect(parseByline('Written by Ana de la Cruz and Li Wei')?.author).toBe('Ana de la Cruz');
    expect(parseByline('By 2030, demand will triple.')).toBeNull();
    expect(parseByline('By Marie Tremblay in Montreal')?.author).toBe('Marie Tremblay');
    expect(parseByline('Reporting by Li Wei in Beijing; Editing by Tom Brown')?.author).toBe('Li Wei');
    expect(parseByline('by the end of the year')).toBeNull();
  });

  test('all-caps wire bylines: the name in title case, the outlet after it', () => {
    expect(parseByline('By JANE DOE Associated Press')).toEqual({ author: 'Jane Doe', published: null, outlet: 'Associated Press' });
    expect(parseByline('By MARÍA LÓPEZ')).toEqual({ author: 'María López', published: null, outlet: null });
  });

  test('date-first bylines: "Posted on <date> by <name>"', () => {
    expect(parseByline('Posted on 3 February 2026 by Sam Rivera')).toEqual({ author: 'Sam Rivera', published: '2026-02-03', outlet: null });
    expect(parseByline('March 3, 2026 at 9:12 am by Li Wei')?.author).toBe('Li Wei');
    expect(parseByline('Posted on 3 February 2026 by admin')).toBeNull();
  });

  test('person names: two to four capitalised words, any script', () => {
    expect(isPersonName('Nguyễn Thị Hương')).toBe(true);
    expect(isPersonName('Jean-Luc Picard')).toBe(true);
    expect(isPersonName('Madonna')).toBe(false);
    expect(isPersonName('the mine reopened')).toBe(false);
  });

  test('sign-offs: a domain line or a copyright line names the site', () => {
    expect(signoffName('OreTimes.com')).toBe('OreTimes.com');
    expect(signoffName('© 2024 Ore Times. All rights reserved.')).toBe('Ore Times');
    expect(signoffName('The mine reopened.')).toBeNull();
    expect(signoffName('Copyright 2026 The Wire. All rights reserved. This material may not be redistributed.')).toBe('The Wire');
  });

  test('a "Name (date): " prefix gives publisher, day-first date and the sentence after it', () => {
    expect(splitDateline('Ore Times (05/03/2024): The mine reopened.')).toEqual({
      publisher: 'Ore Times',
      published: '2024-03-05',
      rest: 'The mine reopened.',
    });
    expect(splitDateline('Cobalt (a blue metal): prices rose.')).toBeNull();
  });

  test.each([
    ['SYDNEY, Feb 3 (Reuters) - Lithium rose.', 'Reuters', null],
    ['BEIJING, Feb. 3, 2026 (Xinhua) -- Lithium rose.', 'Xinhua', '2026-02-03'],
    ['SANTIAGO, Chile (AP) — Lithium rose.', 'Associated Press', null],
    ['PARIS (AFP) - Lithium rose.', 'Agence France-Presse', null],
    ['New Delhi, March 5, 2026 (PTI): Lithium rose.', 'Press Trust of India', '2026-03-05'],
    ['TORONTO, March 5, 2026 /Newswire/ - Lithium rose.', 'Newswire', '2026-03-05'],
  ])('wire dateline %s → publisher %s, date %s', (line, publisher, published) => {
    expect(splitDateline(line)).toEqual({ publisher, published, rest: 'Lithium rose.' });
  });

  test.each([
    'Lynas Rare Earths (LYC.AX) - shares rose.',
    'Prices rose (sharply) - traders said.',
    'TOKYO — The mine reopened.',
  ])('not a dateline: %s', (line) => {
    expect(splitDateline(line)).toBeNull();
  });
});

describe('readMetadata', () => {
  test('a page that states nothing gives nulls, not guesses', () => {
    expect(meta(BODY.join('\n'))).toEqual({ title: null, publisher: null, author: null, published: null });
  });

  test('title: the headline above the body, not the site name, a section or a category', () => {
    const text = page('Ore Times', 'Mining', 'Trending', 'Cobalt Mine Near Sudbury Restarts After Two-Year Shutdown', 'Published', 'on', BODY);
    expect(meta(text).title).toBe('Cobalt Mine Near Sudbury Restarts After Two-Year Shutdown');
  });

  test('title: a headline about another story in the header is a teaser, not the title', () => {
    const text = page('Striker Signs Record Deal With Harbour City', BODY);
    expect(meta(text).title).toBeNull();
  });

  test('publisher and date from a "Name (date):" prefix', () => {
    const text = page(`Ore Times (05/03/2024): ${BODY[0]}`, BODY.slice(1));
    expect(meta(text)).toMatchObject({ publisher: 'Ore Times', published: '2024-03-05' });
  });

  test('author: a lone name line after the body, just before the sign-off', () => {
    expect(meta(page(BODY, 'Marie Tremblay', 'OreTimes.com'))).toMatchObject({ author: 'Marie Tremblay', publisher: 'OreTimes.com' });
  });

  test('author: a title-case teaser after the body is not a name', () => {
    expect(meta(page(BODY, 'Related Stories', 'OreTimes.com')).author).toBeNull();
  });

  test('author and date from a byline', () => {
    const text = page('Cobalt Mine Near Sudbury Restarts', 'By Marie Tremblay | March 5, 2024', BODY);
    expect(meta(text)).toMatchObject({ author: 'Marie Tremblay', published: '2024-03-05' });
  });

  test('published: a "Published on" line', () => {
    expect(meta(page('Published on 5 March 2024', BODY)).published).toBe('2024-03-05');
  });

  test('published: a lone date between the headline and the body is the article’s', () => {
    expect(meta(page('Cobalt Mine Near Sudbury Restarts After Shutdown', 'March 5, 2024', BODY)).published).toBe('2024-03-05');
  });

  test('published: a date bar beside the weather, above the headline, is the page’s, not the article’s', () => {
    const text = page('-3 °C', 'Toronto', 'Monday, March 4, 2024', 'Cobalt Mine Near Sudbury Restarts After Shutdown', BODY);
    expect(meta(text).published).toBeNull();
  });

  test('published: a date beside the weather below the headline is still the date bar', () => {
    const text = page('Cobalt Mine Near Sudbury Restarts After Shutdown', '12°C', 'Monday, March 4, 2024', BODY);
    expect(meta(text).published).toBeNull();
  });

  test('published: dates inside teasers after the body are other stories’', () => {
    const text = page(BODY, 'Latest', 'Heatwave Warning Issued for Coastal Towns', 'Published on 9 July 2024');
    expect(meta(text).published).toBeNull();
  });

  test('metadata stated by the file (front matter, HTML meta) wins over the text', () => {
    const text = page('By Marie Tremblay', BODY, 'OreTimes.com');
    const stated = { title: 'Stated title', author: 'Stated Author', publisher: 'Stated Site', published: '2024-01-02' };
    expect(meta(text, stated)).toEqual(stated);
  });
});

describe('readMetadata: wire and long-headline pages', () => {
  const LONG = 'Cobalt mine near Sudbury restarts after a two-year shutdown as the province steps in with loan guarantees for the owner';

  test('publisher and date from a wire dateline; the dateline leaves the body', () => {
    const text = page(`SUDBURY, Ontario, March 5, 2026 (Reuters) - ${BODY[0]}`, BODY.slice(1));
    expect(meta(text)).toMatchObject({ publisher: 'Reuters', published: '2026-03-05' });
    expect(cleanText(text).paragraphs[0]).toBe(BODY[0]);
  });

  test('a wire dateline without a year gives the publisher, not a date', () => {
    expect(meta(page(`SUDBURY, March 5 (Reuters) - ${BODY[0]}`, BODY.slice(1)))).toMatchObject({ publisher: 'Reuters', published: null });
  });

  test('publisher from the outlet of an all-caps byline', () => {
    expect(meta(page('By JANE DOE Associated Press', BODY))).toMatchObject({ author: 'Jane Doe', publisher: 'Associated Press' });
  });

  test('a sentence-case headline of 14+ words directly above the byline is the title', () => {
    expect(meta(page(LONG, 'By Marie Tremblay', BODY)).title).toBe(LONG);
  });

  test('a long sentence-case line in the header not above a byline or date is not a title', () => {
    expect(meta(page(LONG, BODY)).title).toBeNull();
  });

  test('the headline directly above a byline is the title even when a longer headline stands above it', () => {
    const text = page('Nickel Glut Deepens as Indonesian Smelters Keep Expanding Output', 'Sudbury cobalt mine restarts', 'By Marie Tremblay', BODY);
    expect(meta(text).title).toBe('Sudbury cobalt mine restarts');
  });

  test('published: the byline’s date, not the date bar at the top of the page', () => {
    const text = page('Tuesday, March 10, 2026', 'Ore Times', 'Cobalt mine near Sudbury restarts', 'By Marie Tremblay | March 9, 2026', BODY);
    expect(meta(text).published).toBe('2026-03-09');
  });

  test('published: "Updated <time>, <date>" under the headline; "Updated 3 hours ago" is no date', () => {
    expect(meta(page('Cobalt mine near Sudbury restarts', 'Updated 3:14 PM EST, March 5, 2026', BODY)).published).toBe('2026-03-05');
    expect(meta(page('Cobalt mine near Sudbury restarts', 'Updated 3 hours ago', '4 min read', BODY)).published).toBeNull();
  });
});

describe('readMetadata: teasers below the body', () => {
  test('a byline under a teaser after a section marker is not the article’s author', () => {
    const text = page(BODY, 'More from Ore Times', 'Heatwave Warning Issued for Coastal Towns', 'By Sam Okafor');
    expect(meta(text).author).toBeNull();
  });
});
