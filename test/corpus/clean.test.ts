import { describe, expect, test } from 'vitest';
import { classifyLine, cleanArticle, cleanText, splitLines } from '../../src/corpus/clean.js';
import type { RawArticle } from '../../src/corpus/types.js';

/** An imagined mining story: four body paragraphs in sentences. */
const BODY = [
  'A Canadian company has started production at a lithium mine in northern Quebec, the first new mine in the province in a decade.',
  'The open-pit operation will ship spodumene concentrate to a refinery in Ontario, where it will be turned into battery-grade lithium hydroxide.',
  'Executives said the lithium project would supply enough material for 500,000 electric cars a year.',
  'Prices for lithium have fallen by half since 2023, squeezing lithium miners across Australia and Chile.',
];

const page = (...parts: (string | string[])[]) => parts.flat().join('\n');

function nonBlankLines(text: string): number {
  return text.split('\n').filter((l) => l.trim()).length;
}

describe('cleanText: the body', () => {
  test('a page that is only body text keeps every paragraph in order and removes nothing', () => {
    const cleaned = cleanText(BODY.join('\n\n'));
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.removed).toEqual([]);
  });

  test('a page of navigation links only cleans to an empty body', () => {
    const text = page('Home', 'World', 'Business', 'Mining', 'Energy Markets Today', 'Contact us', 'About');
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs).toEqual([]);
    expect(cleaned.removed).toHaveLength(7);
  });

  test('every dropped non-blank line is counted in removed', () => {
    const text = page('Ore Times', '', 'Markets', BODY, '', 'Trending', 'Gold hits a record high as investors seek safety in uncertain times.', 'OreTimes.com');
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs.length + cleaned.removed.length).toBe(nonBlankLines(text));
    expect(cleaned.paragraphs).toEqual(BODY);
  });

  test('short sentences between body paragraphs are kept', () => {
    const text = page(BODY[0], 'He declined to comment.', BODY[1]);
    expect(cleanText(text).paragraphs).toEqual([BODY[0], 'He declined to comment.', BODY[1]]);
  });

  test('in-body subheadings leave the paragraphs, in order, and are kept apart with the paragraph they head', () => {
    const text = page(BODY[0], BODY[1], 'Prices Under Pressure Across the Industry', BODY[2], BODY[3]);
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.removed).toEqual(['Prices Under Pressure Across the Industry']);
    expect(cleaned.subheadings).toEqual([{ text: 'Prices Under Pressure Across the Industry', paragraph: 2 }]);
  });

  test('a headline above the body is not a subheading', () => {
    expect(cleanText(page('Quebec Lithium Mine Starts Production', BODY)).subheadings).toEqual([]);
  });

  test('Chinese text, written without spaces, is read as sentences', () => {
    const zh = ['锂矿公司周一在魁北克北部开始生产，这是该省十年来的第一座新矿。', '公司表示，该项目每年可为五十万辆电动汽车提供原料。'];
    expect(classifyLine(zh[0])).toBe('prose');
    expect(cleanText(page('首页', '矿业', zh)).paragraphs).toEqual(zh);
  });

  test('hard-wrapped lines that continue in lower case join into one paragraph', () => {
    const text = page('The mine will employ 400 people once it reaches full output, the company', 'said on Monday in a statement to shareholders.', '', BODY[1]);
    expect(cleanText(text).paragraphs).toEqual([
      'The mine will employ 400 people once it reaches full output, the company said on Monday in a statement to shareholders.',
      BODY[1],
    ]);
  });
});

describe('cleanText: header rules', () => {
  test('chrome above the body goes: weather, city, date bar, category, "Published", "on"', () => {
    const text = page('-3 °C', 'Toronto', 'Monday, March 4, 2024', '', 'Mining', '', 'Published', '', 'on', '', BODY);
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.removed).toEqual(['-3 °C', 'Toronto', 'Monday, March 4, 2024', 'Mining', 'Published', 'on']);
  });

  test('reader prompts are dropped even when they end like sentences', () => {
    const text = page(
      'Sign up for our free newsletter and never miss a story!',
      'You have saved no stories to your reading list yet. Bookmark one to read later!',
      'Follow us',
      BODY,
    );
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.removed).toHaveLength(3);
  });

  test('a body sentence that uses a prompt word but does not address the reader is kept', () => {
    const sentence = 'Pension funds subscribed to most of the new shares, and regulators were notified of the sale on Friday.';
    expect(cleanText(page(BODY[0], sentence, BODY[1])).paragraphs).toEqual([BODY[0], sentence, BODY[1]]);
  });

  test('template debris tokens are dropped', () => {
    const text = page('ad_slot_top', BODY[0], BODY[1], 'banner_img', 'widget_slot-2');
    expect(cleanText(text).paragraphs).toEqual([BODY[0], BODY[1]]);
    expect(classifyLine('spot_banner')).toBe('token');
  });

  test('a byline is metadata: dropped from the body', () => {
    const text = page('By Marie Tremblay', BODY[0], BODY[1], 'Written by Marie Tremblay');
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs).toEqual([BODY[0], BODY[1]]);
    expect(cleaned.lines.filter((l) => l.kind === 'byline')).toHaveLength(2);
  });

  test('"By 2030, …" is a sentence, not a byline', () => {
    const sentence = 'By 2030, demand for lithium is expected to triple as carmakers switch to batteries.';
    expect(classifyLine(sentence)).toBe('prose');
    expect(cleanText(page(sentence, BODY[0])).paragraphs).toEqual([sentence, BODY[0]]);
  });

  test('a "Site (date): " prefix is stripped from the first paragraph; its sentence stays', () => {
    const cleaned = cleanText(page(`Ore Times (04/03/2024): ${BODY[0]}`, BODY[1]));
    expect(cleaned.paragraphs).toEqual([BODY[0], BODY[1]]);
  });

  test('a bullet list above the body ("Key Takeaways") is part of the article, bullets stripped', () => {
    const text = page(
      'Cobalt Mine Restarts in Ontario',
      'At a Glance',
      '• Cobalt output resumes after a two-year shutdown',
      '• Province offers loan guarantees to the operator',
      '* Buyers in Asia have signed offtake agreements',
      '',
      BODY,
    );
    const cleaned = cleanText(text);
    expect(cleaned.paragraphs).toEqual([
      'Cobalt output resumes after a two-year shutdown',
      'Province offers loan guarantees to the operator',
      'Buyers in Asia have signed offtake agreements',
      ...BODY,
    ]);
    expect(cleaned.removed).toEqual(['Cobalt Mine Restarts in Ontario', 'At a Glance']);
  });

  test('a navigation menu of one-word bullets above the body is not kept', () => {
    const text = page('- Home', '- World', '- Mining', BODY);
    expect(cleanText(text).paragraphs).toEqual(BODY);
  });
});

describe('cleanText: footer rules', () => {
  const teasers = [
    'Striker Signs Record Deal With Harbour City',
    'The forward joined the club for a fee that broke the league’s transfer record on Tuesday.',
    'Film Festival Announces Opening Night Picture',
    'Organisers chose a comedy about two sisters, the first debut film to open the festival.',
    'Heatwave Warning Issued for Coastal Towns',
    'Forecasters expect temperatures to stay above 35 degrees for most of the coming week.',
  ];

  test('a section marker ends the body: related stories after it go, even on the same topic', () => {
    const related = [
      'Lithium Prices Slide as Quebec Mines Expand',
      'Lithium miners in Quebec and Australia face falling prices as new lithium supply reaches the market.',
    ];
    for (const marker of ['More from Ore Times', 'You may also like', 'Most Read', 'Recommended']) {
      const cleaned = cleanText(page(BODY, '', marker, '', related));
      expect(cleaned.paragraphs, marker).toEqual(BODY);
      expect(cleaned.removed, marker).toEqual([marker, ...related]);
    }
  });

  test('a teaser list printed twice is dropped even without a marker', () => {
    const twice = [teasers[1], teasers[3]];
    const text = page(BODY, twice, twice);
    expect(cleanText(text).paragraphs).toEqual(BODY);
  });

  test('a line printed twice inside the body keeps its first occurrence', () => {
    const text = page(BODY[0], BODY[1], BODY[2], BODY[1], BODY[3]);
    expect(cleanText(text).paragraphs).toEqual([BODY[0], BODY[1], BODY[2], BODY[3]]);
  });

  test('headline + blurb pairs about other stories go by topical distance, without a marker', () => {
    const cleaned = cleanText(page(BODY, teasers));
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.removed).toEqual(teasers);
  });

  test('a last section on the article’s own topic (subheading + paragraph) is kept', () => {
    const outlook = [
      'Lithium Outlook',
      'Analysts expect lithium prices to recover next year as new lithium mines in Quebec and Australia slow their expansion plans.',
      'Battery Makers Respond',
      'Battery makers in Ontario said lithium from the Quebec mine would cut their costs and their reliance on imported material.',
    ];
    const cleaned = cleanText(page(BODY, outlook));
    expect(cleaned.paragraphs).toEqual([...BODY, outlook[1], outlook[3]]);
  });

  test('truncated teaser blurbs after the body are dropped', () => {
    const cut = [
      'Striker Signs Record Deal With Harbour City',
      'The forward joined the club for a fee that broke the league’s transfer record on Tuesday after weeks of tal',
      'Heatwave Warning Issued for Coastal Towns',
      'Forecasters expect temperatures to stay above 35 degrees for most of the coming week across the sou',
    ];
    expect(classifyLine(cut[1])).toBe('truncated');
    expect(cleanText(page(BODY, cut)).paragraphs).toEqual(BODY);
  });

  test('the author line and the site sign-off below the body are dropped', () => {
    const cleaned = cleanText(page(BODY, 'Marie Tremblay', 'OreTimes.com'));
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.lines.slice(-2).map((l) => [l.zone, l.kind])).toEqual([
      ['footer', 'label'],
      ['footer', 'signoff'],
    ]);
  });

  test('a "Related" box of headlines inside the body is dropped and the body goes on', () => {
    const box = ['Related coverage', 'Copper prices slide as Chinese demand cools', '- Nickel glut deepens in Indonesia'];
    const cleaned = cleanText(page(BODY[0], BODY[1], '', box, '', BODY[2], BODY[3]));
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.removed).toEqual(box);
  });

  test('a "Related" marker followed by headlines and a single paragraph still ends the body', () => {
    const after = ['Related', 'Copper prices slide as Chinese demand cools', 'Copper fell for a third day as buyers in China held back orders.'];
    expect(cleanText(page(BODY, after)).paragraphs).toEqual(BODY);
  });

  test('a page-section marker ("Latest") is never a box, even with prose paragraphs after its headlines', () => {
    const after = ['Latest', 'Copper prices slide as Chinese demand cools', 'Copper fell for a third day as buyers in China held back orders.', 'Traders expect weak demand until the spring.'];
    expect(cleanText(page(BODY, '', after)).paragraphs).toEqual(BODY);
  });

  test('inline "Read more:" links inside the body are dropped without cutting the body', () => {
    const text = page(BODY[0], BODY[1], 'Read more: Copper prices slide as Chinese demand cools', BODY[2], BODY[3]);
    expect(cleanText(text).paragraphs).toEqual(BODY);
  });
});

describe('cleanText: teasers above the body', () => {
  const teasers = [
    'Striker signs record deal with Harbour City',
    'The forward joined the club for a fee that broke the league’s transfer record on Tuesday.',
    'Film festival announces opening night picture',
    'Organisers chose a comedy about two sisters, the first debut film to open the festival.',
  ];

  test('headline + full-sentence blurb pairs about other stories above the body are dropped', () => {
    const cleaned = cleanText(page('Top Stories', teasers, 'Quebec lithium mine starts production', BODY));
    expect(cleaned.paragraphs).toEqual(BODY);
    expect(cleaned.lines.filter((l) => l.kind === 'teaser').map((l) => l.text)).toEqual([teasers[0], teasers[2]]);
  });

  test('the article’s own headline and standfirst above the body stay', () => {
    const standfirst = 'The Quebec lithium mine is the first new lithium mine in the province in a decade.';
    const cleaned = cleanText(page('Quebec lithium mine starts production', standfirst, BODY));
    expect(cleaned.paragraphs).toEqual([standfirst, ...BODY]);
  });

  test('a single pair above the body is kept: it may be the article’s own', () => {
    expect(cleanText(page(teasers.slice(0, 2), BODY)).paragraphs).toEqual([teasers[1], ...BODY]);
  });
});

describe('line shapes', () => {
  test.each([
    ['21°C', 'weather'],
    ['6.1 C', 'weather'],
    ['Tuesday, 5 March 2024', 'date'],
    ['Published on March 5, 2024', 'date'],
    ['Latest News', 'marker'],
    ['Related Stories', 'marker'],
    ['Connect with us', 'prompt'],
    ['Posted by : Li Wei', 'byline'],
    ['MinesDaily.co.uk', 'signoff'],
    ['© 2024 Mines Daily. All rights reserved.', 'signoff'],
    ['- Cobalt output resumes', 'bullet'],
    ['Ontario', 'label'],
    ['Cobalt Mine Restarts After Two-Year Shutdown', 'heading'],
    ['Can Canada Break China’s Grip on Critical Minerals?', 'heading'],
    ['Updated 3 hours ago', 'stamp'],
    ['2 hrs ago', 'stamp'],
    ['5 min read', 'stamp'],
    ['Reading time: 4 minutes', 'stamp'],
    ['Image: Getty Images', 'credit'],
    ['Photo by Jane Roe/Bloomberg', 'credit'],
    ['Editing by Tom Brown and Li Wei', 'credit'],
    ['Miners walk past a conveyor belt at a cobalt mine near Kolwezi, Congo, March 2, 2026. REUTERS/Jane Roe', 'credit'],
    ['Lithium brine evaporates in ponds in the Atacama desert. (Photo by Jane Roe/AFP via Getty Images)', 'credit'],
    ['Prices rose after the mine closed, according to AFP and local media reports on Friday.', 'prose'],
    ['Purchase Licensing Rights, opens new tab', 'prompt'],
    ['We use cookies to give you the best experience on our website. By clicking accept, you agree to our use of cookies and similar tracking technologies.', 'prompt'],
    ['Sales of cookies and biscuits rose 4% last year, the food company said in its annual report.', 'prose'],
    ['12 comments', 'marker'],
    ['Tags: lithium, cobalt, Quebec', 'marker'],
    ['Copyright 2026 The Wire. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.', 'signoff'],
    ['By JANE ROE Associated Press', 'byline'],
    ['Posted on 3 February 2026 by Sam Rivera', 'byline'],
  ])('%s is %s', (line, kind) => {
    expect(classifyLine(line)).toBe(kind);
  });

  test('splitLines collapses odd spaces and keeps blank lines as ""', () => {
    expect(splitLines('a\u00a0 b\r\n\r\n\tc\u200b')).toEqual(['a b', '', 'c']);
  });
});

describe('cleanArticle', () => {
  test('joins paragraphs into body and carries ids, counts and metadata', () => {
    const raw: RawArticle = {
      id: 'x',
      file: 'x.txt',
      format: 'txt',
      hash: 'h',
      text: page('Follow us', BODY, 'Jane Roe', 'OreTimes.com'),
      meta: {},
      url: null,
    };
    const article = cleanArticle(raw);
    expect(article.body).toBe(BODY.join('\n\n'));
    expect(article.removedLines).toBe(3);
    expect(article).toMatchObject({ id: 'x', author: 'Jane Roe', publisher: 'OreTimes.com', published: null, title: null });
  });
});
