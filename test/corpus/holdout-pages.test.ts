/**
 * Hold-out pages: imagined sites and stories the cleaner was not written against, saved the way
 * a browser saves them (plain text, plus markdown and HTML). For each page the body must keep
 * every body sentence in order, every chrome line must be dropped, and the metadata must be the
 * one the page states, or null.
 */
import { describe, expect, test } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.js';
import { decodeArticle } from '../../src/corpus/load.js';
import type { ArticleFormat, ArticleMeta, CleanArticle } from '../../src/corpus/types.js';

interface HoldoutPage {
  name: string;
  format: ArticleFormat;
  /** The page as saved. */
  text: string;
  /** The body paragraphs a reader marks, in order. */
  body: string[];
  /** Lines that must be dropped (as printed on the page, for .txt). */
  chrome: string[];
  meta: ArticleMeta;
}

function clean(format: ArticleFormat, text: string): CleanArticle {
  const decoded = decodeArticle({ ok: true, file: `page.${format}`, id: 'page', format, hash: 'h', bytes: Buffer.from(text) });
  if (!decoded.ok) throw new Error(decoded.reason);
  return cleanArticle(decoded.raw);
}

const lines = (...parts: (string | string[])[]) => parts.flat().join('\n');

// ---- a Reuters-style wire story ----------------------------------------------------------

const WIRE_BODY = [
  'Redgum Lithium on Tuesday opened the biggest new lithium mine in Western Australia in a decade, betting that prices for the battery metal have bottomed out after a two-year slump.',
  'The A$1.2 billion mine is expected to produce 300,000 metric tons of spodumene concentrate a year at full output, the company said in a statement.',
  '"We are building for the next upswing, not for this quarter," chief executive Mark Ellis told reporters at the site.',
  'Lithium prices fell by more than 80% from their peak in late 2022 as new supply from Africa and China outpaced demand from electric-vehicle makers.',
  'Analysts said the lithium market could return to a deficit by 2028 if more mine closures follow.',
];
const WIRE_CHROME = [
  'Skip to main content',
  'Exclusive news, data and analytics for financial market professionals',
  'World',
  'Business',
  'Markets',
  'Lithium miner opens Western Australia’s biggest new mine in a decade',
  'By Jane Smith',
  '3 minute read',
  'February 3, 2026 6:12 AM GMT+11',
  'Updated 2 hours ago',
  'A truck carries spodumene ore at a lithium mine near Port Hedland, Western Australia, January 20, 2026. REUTERS/John Citizen/File Photo',
  'Purchase Licensing Rights, opens new tab',
];
const WIRE_FOOTER = ['Reporting by Jane Smith in Sydney; Editing by Tom Brown', 'Our Standards: The Thomson Reuters Trust Principles., opens new tab', 'Suggested Topics:', 'Mining'];
const wire: HoldoutPage = {
  name: 'wire story with "CITY, Feb 3 (Agency) -" dateline',
  format: 'txt',
  text: lines(WIRE_CHROME, `SYDNEY, Feb 3 (Reuters) - ${WIRE_BODY[0]}`, WIRE_BODY.slice(1), WIRE_FOOTER),
  body: WIRE_BODY,
  chrome: [...WIRE_CHROME, ...WIRE_FOOTER],
  meta: {
    title: 'Lithium miner opens Western Australia’s biggest new mine in a decade',
    publisher: 'Reuters',
    author: 'Jane Smith',
    published: '2026-02-03',
  },
};

// ---- an AP story: all-caps byline, long sentence-case headline, copyright footer ----------

const AP_TITLE = 'Chile’s lithium output hits a record as prices recover from a two-year slump that hurt miners across the region';
const AP_BODY = [
  'Chile produced more lithium last year than ever before, the country’s mining ministry said Tuesday, as a rebound in prices encouraged producers in the Atacama salt flats to pump more brine.',
  'Output rose 18% to 290,000 metric tons of lithium carbonate equivalent, according to the ministry’s annual report.',
  'The increase came despite a dispute between the government and the largest producer over a new partnership with the state copper company.',
  '“We expect the growth to continue as long as demand for batteries holds up,” Mining Minister Ana Torres said at a news conference in the capital.',
  'Environmental groups say the salt flats are losing water faster than they can recover, and Indigenous communities have asked for a halt to new permits.',
];
const AP_HEADER = ['AP NEWS', 'Menu', 'World News', 'U.S. News', AP_TITLE, 'By JANE DOE Associated Press', 'Updated 3:14 PM EST, February 3, 2026', 'Share', 'Copy', 'Link copied', 'Email', 'Facebook', 'X', 'Reddit'];
const AP_FOOTER = ['Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.'];
const ap: HoldoutPage = {
  name: 'AP story with "CITY, Country (AP) —" dateline',
  format: 'txt',
  text: lines(AP_HEADER, '', `SANTIAGO, Chile (AP) — ${AP_BODY[0]}`, '', AP_BODY.slice(1).join('\n\n'), '', AP_FOOTER),
  body: AP_BODY,
  chrome: [...AP_HEADER, ...AP_FOOTER],
  meta: { title: AP_TITLE, publisher: 'Associated Press', author: 'Jane Doe', published: '2026-02-03' },
};

// ---- a blog: cookie banner, share lines, tags, comments --------------------------------

const BLOG_BODY = [
  'Cobalt has spent two years in the shadow of lithium, but the metal may be heading for a shortage of its own.',
  'Congo, which mines about 70% of the world’s cobalt, suspended exports for four months last year to prop up prices.',
  'Refiners in China responded by drawing down stockpiles, which analysts estimate now cover less than three months of demand.',
  'Battery makers have cut the cobalt content of their cells, yet the rising number of electric cars keeps total demand growing.',
  'If the export quotas stay in place, the cobalt market could swing into deficit as early as next year.',
];
const BLOG_HEADER = [
  'We use cookies to improve your experience on our site. By continuing to browse, you agree to our use of cookies.',
  'Accept all cookies',
  'Manage preferences',
  'Battery Metals Blog',
  'Home / Markets / Cobalt',
  'Why cobalt could be the next battery metal to run short',
  'Posted on 3 February 2026 by Sam Rivera',
  'Share on X',
  'Share on Facebook',
  'Share on LinkedIn',
];
const BLOG_FOOTER = [
  'Tags: cobalt, Congo, batteries, electric vehicles',
  'Share on X / Facebook / LinkedIn',
  '3 comments',
  'Leave a reply',
  'Your email address will not be published. Required fields are marked *',
  'Mike on February 4, 2026 at 9:12 am',
  'Great analysis, thanks for sharing this with us.',
  '© 2026 Battery Metals Blog',
];
const blog: HoldoutPage = {
  name: 'blog with a cookie banner, share lines, tags and comments',
  format: 'txt',
  text: lines(BLOG_HEADER, BLOG_BODY, BLOG_FOOTER),
  body: BLOG_BODY,
  chrome: [...BLOG_HEADER, ...BLOG_FOOTER],
  meta: { title: 'Why cobalt could be the next battery metal to run short', publisher: 'Battery Metals Blog', author: 'Sam Rivera', published: '2026-02-03' },
};

// ---- teasers above the body whose blurbs are full sentences ------------------------------

const TEASED_BODY = [
  'Federal regulators on Monday approved a graphite mine in northern Quebec, clearing the way for the first large source of battery-grade graphite in North America.',
  'The mine, owned by Laurentian Graphite, is expected to produce 50,000 tonnes of graphite concentrate a year from 2028.',
  'Graphite is used in the anodes of lithium-ion batteries, and China controls most of the world’s supply of the processed material.',
  'The company said it had signed a preliminary supply agreement with a battery plant under construction in Ontario.',
  'Local Cree communities will hold a stake in the graphite project under an agreement reached last year.',
];
const TEASED_HEADER = [
  'Tuesday, March 10, 2026',
  'Northern Miner Today',
  'Top Stories',
  'Copper smelter strike enters third week',
  'Workers at the Chilean smelter rejected a new wage offer on Monday, union leaders said.',
  'Gold holds near record as the dollar slips',
  'Bullion traded above $2,900 an ounce as investors weighed the chances of a rate cut.',
  'Steelmakers cut output in northern China',
  'Mills in Hebei province reduced production after the government ordered cuts to curb winter pollution.',
  'Canada approves graphite mine in northern Quebec',
  'By Luc Gagnon | March 9, 2026',
];
const teased: HoldoutPage = {
  name: 'teaser list with full-sentence blurbs above the body',
  format: 'txt',
  text: lines(TEASED_HEADER, '', TEASED_BODY, '', 'NorthernMinerToday.ca'),
  body: TEASED_BODY,
  chrome: [...TEASED_HEADER, 'NorthernMinerToday.ca'],
  meta: { title: 'Canada approves graphite mine in northern Quebec', publisher: 'NorthernMinerToday.ca', author: 'Luc Gagnon', published: '2026-03-09' },
};

// ---- a "Related" box and a "READ MORE:" line in the middle of the body --------------------

const BOXED_BODY = [
  'Congo will keep its cobalt export quotas in place for another year, the mines ministry said on Thursday, extending a policy that has lifted prices since last spring.',
  'The quotas cap shipments at 96,600 tonnes a year, well below what the country’s mines produced before the ban.',
  'Traders said the decision would keep cobalt hydroxide prices high and push Chinese refiners to look for supply in Indonesia.',
  'The ministry said the quotas would be reviewed every quarter and could be raised if prices fell sharply.',
  'Miners operating in the Copperbelt have asked for exemptions for material already stockpiled at the border.',
  'A ministry spokesperson said the requests would be considered case by case.',
];
const BOX = ['Related', 'Lithium prices slump to a four-year low', 'Zambia signs copper deal with Gulf investors'];
const READ_MORE = 'READ MORE: Miner weighs sale of African copper assets';
const BOXED_FOOTER = ['Latest', 'Film Festival Announces Opening Night Picture', 'Organisers chose a comedy about two sisters, the first debut film to open the festival.'];
const boxed: HoldoutPage = {
  name: 'a mid-body "Related" box and a "READ MORE:" line',
  format: 'txt',
  text: lines('Cobalt Times', 'Mining', 'Congo extends cobalt export quotas for another year', 'By Amina Diallo', '12 March 2026', '', BOXED_BODY.slice(0, 2), '', BOX, '', BOXED_BODY.slice(2, 4), READ_MORE, BOXED_BODY.slice(4), '', BOXED_FOOTER),
  body: BOXED_BODY,
  chrome: ['Cobalt Times', 'Mining', 'By Amina Diallo', '12 March 2026', ...BOX, READ_MORE, ...BOXED_FOOTER],
  meta: { title: 'Congo extends cobalt export quotas for another year', publisher: null, author: 'Amina Diallo', published: '2026-03-12' },
};

// ---- relative times, reading time, image credits and a photo caption ------------------------

const STAMPED_BODY = [
  'Ten years ago the coast of Morowali was lined with fishing villages; today it hosts one of the largest nickel processing parks in the world.',
  'Indonesia banned exports of raw nickel ore in 2020, forcing miners to build smelters in the country instead of shipping ore abroad.',
  'The policy turned Indonesia into the source of more than half of the world’s mined nickel.',
  'Battery makers now buy nickel matte from the park, but local residents complain about dust and polluted wells.',
  'The provincial government said it would tighten inspections of the smelters this year.',
];
const STAMPED_HEADER = [
  'The Metals Ledger',
  'Markets',
  'Indonesia’s nickel boom is reshaping the island of Sulawesi',
  'Updated 3 hours ago',
  '5 min read',
  'Image: Getty Images',
  'Smelters line the coast at an industrial park in Morowali, Central Sulawesi, in January 2026. (Photo by Adek Berry/AFP via Getty Images)',
];
const stamped: HoldoutPage = {
  name: 'relative times, reading time, image credit and a photo caption',
  format: 'txt',
  text: lines(STAMPED_HEADER, STAMPED_BODY),
  body: STAMPED_BODY,
  chrome: STAMPED_HEADER,
  meta: { title: 'Indonesia’s nickel boom is reshaping the island of Sulawesi', publisher: null, author: null, published: null },
};

// ---- markdown with front matter ----------------------------------------------------------

const MD_BODY = [
  'Bolivia’s state lithium company invited foreign miners on Monday to bid for the right to extract lithium from two salt flats in the south of the country.',
  'The tender is the first since the government cancelled contracts with Chinese and Russian firms last year.',
  'Winning bidders will have to build a plant in Bolivia and share at least half of the profits with the state.',
  'Officials said they expected the first offers by June.',
];
const markdown: HoldoutPage = {
  name: 'markdown with front matter, heading, image and share line',
  format: 'md',
  text: [
    '---',
    'title: "Bolivia opens lithium tender to foreign miners"',
    'author: Carla Mendes',
    'date: 2026-02-17',
    'publisher: Andes Mining Review',
    'url: https://andes-mining.example/bolivia-tender',
    '---',
    '',
    '# Bolivia opens lithium tender to foreign miners',
    '',
    '![Salt flats near Uyuni](https://cdn.example/uyuni.jpg)',
    '',
    `Bolivia’s state lithium company invited foreign miners on Monday to bid for the right to extract lithium from two [salt flats](https://andes-mining.example/salars)`,
    'in the south of the country.',
    '',
    MD_BODY[1],
    '',
    '## What the tender offers',
    '',
    MD_BODY[2],
    '',
    MD_BODY[3],
    '',
    '**Share this:** [X](https://x.example/share) [LinkedIn](https://linkedin.example/share)',
    '',
    'Tags: lithium, Bolivia',
  ].join('\n'),
  body: MD_BODY,
  chrome: ['Bolivia opens lithium tender to foreign miners', 'Share this: X LinkedIn', 'Tags: lithium, Bolivia'],
  meta: { title: 'Bolivia opens lithium tender to foreign miners', publisher: 'Andes Mining Review', author: 'Carla Mendes', published: '2026-02-17' },
};

// ---- an HTML page --------------------------------------------------------------------------

const HTML_BODY = [
  'A Norwegian start-up said on Wednesday it had found a deposit of rare earth elements under farmland in the south of the country.',
  'The company estimates the deposit holds 8.8 million tonnes of rare earth oxides, which would make it one of the largest in Europe.',
  'Drilling will continue through the summer before the company applies for a mining licence.',
  'Farmers in the area have asked for guarantees that groundwater will be protected.',
];
const html: HoldoutPage = {
  name: 'an HTML page with navigation, an aside and a footer',
  format: 'html',
  text: `<!doctype html><html><head><title>Rare earth find in Norway | Fjord Metals</title>
<meta property="og:title" content="Start-up finds rare earth deposit under Norwegian farmland">
<meta property="og:site_name" content="Fjord Metals">
<meta name="author" content="Ingrid Solberg">
<meta property="article:published_time" content="2026-04-01T09:30:00+02:00">
</head><body>
<nav><a href="/">Home</a> <a href="/mining">Mining</a> <a href="/energy">Energy</a></nav>
<article><h1>Start-up finds rare earth deposit under Norwegian farmland</h1>
${HTML_BODY.map((p) => `<p>${p}</p>`).join('\n')}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Oil fund sells miners</a></li><li><a href="/b">Ferry strike ends</a></li></ul></aside>
<footer><p>© 2026 Fjord Metals. All rights reserved.</p></footer>
</body></html>`,
  body: HTML_BODY,
  chrome: [],
  meta: { title: 'Start-up finds rare earth deposit under Norwegian farmland', publisher: 'Fjord Metals', author: 'Ingrid Solberg', published: '2026-04-01' },
};

// ---- scripts without spaces or case --------------------------------------------------------

const CJK_BODY = [
  '商务部周二宣布，将对七种中重稀土实施出口许可管理，以维护国家安全和利益。',
  '分析人士表示，这一措施可能推高全球稀土价格，并促使其他国家加快建设本国供应链。',
  '日本和美国的企业已开始寻找替代供应来源。',
];
const cjk: HoldoutPage = {
  name: 'a Chinese page',
  format: 'txt',
  text: lines('首页', '新闻', '财经', CJK_BODY, '版权所有 © 2026 稀土新闻网'),
  body: CJK_BODY,
  chrome: ['首页', '新闻', '财经', '版权所有 © 2026 稀土新闻网'],
  meta: { title: null, publisher: null, author: null, published: null },
};

const PAGES = [wire, ap, blog, teased, boxed, stamped, markdown, html, cjk];

describe.each(PAGES.map((p) => [p.name, p] as const))('hold-out page: %s', (_, page) => {
  const article = clean(page.format, page.text);

  test('keeps every body sentence, in order', () => {
    expect(article.paragraphs).toEqual(page.body);
  });

  test('drops every chrome line', () => {
    for (const line of page.chrome) {
      expect(article.paragraphs, line).not.toContain(line);
      expect(article.body, line).not.toContain(line);
    }
    expect(article.removedLines).toBe(article.removed.length);
  });

  test('reads the metadata the page states, or null', () => {
    expect({ title: article.title, publisher: article.publisher, author: article.author, published: article.published }).toEqual(page.meta);
  });
});
