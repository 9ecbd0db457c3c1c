import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { extractQuotes, mergeQuotes } from '../../src/corpus/quotes.js';
import type { Quote } from '../../src/corpus/types.js';

const one = (paragraphs: string[]): Quote[] => extractQuotes(paragraphs, 'a1');
const pick = (qs: Quote[]): [string | null, string | null, string][] => qs.map((q) => [q.speaker, q.role, q.text]);

describe('extractQuotes: attribution', () => {
  test('"…," said Name, role — the apposition is the role, the trailing comma is dropped', () => {
    const qs = one(['“We expect the mine to reopen by spring,” said Maria Lopez, professor of mining engineering at Northern Plains University, adding that permits were close.']);
    expect(pick(qs)).toEqual([['Maria Lopez', 'professor of mining engineering at Northern Plains University', 'We expect the mine to reopen by spring']]);
  });

  test('"…," Name of Organisation explained — the organisation is the role', () => {
    const qs = one(['“Cobalt prices will stay volatile for years,” Jane Doe of Acme Corp explained.']);
    expect(pick(qs)).toEqual([['Jane Doe', 'Acme Corp', 'Cobalt prices will stay volatile for years']]);
  });

  test('Surname said: "…" — the surname becomes the full name used earlier', () => {
    const qs = one(['Peter Smith runs the Red Lake mine in Ontario.', 'Smith said: “Output doubled this quarter and costs fell.”']);
    expect(pick(qs)).toEqual([['Peter Smith', null, 'Output doubled this quarter and costs fell']]);
  });

  test('She stated, "…" — the pronoun is the person named before, with her title as role', () => {
    const qs = one(["Canada's Natural Resources Minister Helen Park toured the lithium site. She stated, “This mine will anchor a domestic battery chain.”"]);
    expect(pick(qs)).toEqual([['Helen Park', 'Natural Resources Minister', 'This mine will anchor a domestic battery chain']]);
  });

  test('He remarked, "…" — the most recent person, across paragraphs', () => {
    const qs = one(['Analyst Omar Haddad visited the smelter last week.', 'Later, Energy Minister Rui Costa arrived.', 'He remarked, “The smelter is running at full capacity again.”']);
    expect(qs[0].speaker).toBe('Rui Costa');
  });

  test('It said, "…" — "it" is the most recent organisation, not a person', () => {
    const qs = one(['Paula Reed chairs Lithium Americas Corp.', 'It said, “Construction remains on schedule for the first phase.”']);
    expect(qs[0].speaker).toBe('Lithium Americas Corp');
  });

  test('"A," said X. "B." — the second quote of the paragraph, with no speaker of its own, is X\'s', () => {
    const qs = one(['“Prices have bottomed out,” said Tom Reyes. “Buyers are coming back to the market.”']);
    expect(pick(qs)).toEqual([
      ['Tom Reyes', null, 'Prices have bottomed out'],
      ['Tom Reyes', null, 'Buyers are coming back to the market'],
    ]);
  });

  test('"A," he said, "B." — a pronoun right before the second quote', () => {
    const qs = one(['Ken Ito leads the refinery. “Demand is strong,” he said, “and supply is still thin this year.”']);
    expect(qs.map((q) => q.speaker)).toEqual(['Ken Ito', 'Ken Ito']);
  });

  test('According to an organisation, … "…" — the named source, as written', () => {
    const qs = one(['According to the Ministry of Mines, the permit guarantees “full environmental review of every new lithium project.”']);
    expect(pick(qs)).toEqual([['the Ministry of Mines', null, 'full environmental review of every new lithium project']]);
  });

  test('a partial quote inside a sentence belongs to the subject of its naming verb', () => {
    const qs = one(['At the launch, Premier Alan Burke called the deal “the biggest win for northern jobs in a generation” and left.']);
    expect(pick(qs)).toEqual([['Alan Burke', 'Premier', 'the biggest win for northern jobs in a generation']]);
  });

  test('described by X as "…" — the agent of a passive is the speaker', () => {
    const qs = one(['The plan has been described by Energy Secretary Rosa Mendes as “a blueprint for the whole continent.”']);
    expect(pick(qs)).toEqual([['Rosa Mendes', 'Energy Secretary', 'a blueprint for the whole continent']]);
  });

  test('straight double quotes work like curly ones', () => {
    const qs = one(['"Supply is tight and getting tighter," said Ken Ito.']);
    expect(pick(qs)).toEqual([['Ken Ito', null, 'Supply is tight and getting tighter']]);
  });

  test('a surname the article never completes is kept as written beside a verb of saying', () => {
    expect(one(['“The tailings dam is safe and inspected,” Okafor said.']).map((q) => q.speaker)).toEqual(['Okafor']);
  });

  test('"…," said Title Name — the title is the role', () => {
    expect(pick(one(['“We will double cobalt refining capacity,” said Mines Minister Grace Banda.']))).toEqual([
      ['Grace Banda', 'Mines Minister', 'We will double cobalt refining capacity'],
    ]);
  });

  test('an unclear speaker stays null rather than the last person named', () => {
    const qs = one(['Mark Ellis negotiated for the province.', '“The deal is dead and everyone knows it,” a source close to the talks said.']);
    expect(pick(qs)).toEqual([[null, null, 'The deal is dead and everyone knows it']]);
  });
});

describe('extractQuotes: what is not a quote', () => {
  test('scare quotes of 1–3 words are dropped', () => {
    const qs = one(['Producers hope for a “golden age” of nickel, the "white gold" of batteries, mined in “friendly partner nations.”']);
    expect(qs).toEqual([]);
  });

  test('a short quote counts when a verb of saying sits right beside it', () => {
    const qs = one(['Mark Ellis chaired the meeting.', '“Absolutely not,” Ellis said.']);
    expect(pick(qs)).toEqual([['Mark Ellis', null, 'Absolutely not']]);
  });

  test('a quoted name of four words that nobody says is not a quote', () => {
    expect(one(['The ministry launched its “Made in Canada 2030” programme for cobalt refining.'])).toEqual([]);
  });

  test('question and exclamation marks stay in the text; the closing period goes', () => {
    const qs = one(['“Who will pay for the new tailings dam?” asked Ana Silva.', '“We will.” said Ben Okafor.']);
    expect(qs.map((q) => q.text)).toEqual(['Who will pay for the new tailings dam?', 'We will']);
  });

  test('no quote marks, no quotes', () => {
    expect(one(['The mine in Quebec produced 20,000 tonnes of lithium last year.'])).toEqual([]);
  });
});

describe('mergeQuotes', () => {
  const q = (text: string, speaker: string | null, role: string | null, id: string): Quote => ({ text, speaker, role, articleIds: [id] });

  test('the same words from two sites merge, whatever their apostrophes and punctuation', () => {
    const merged = mergeQuotes([q('We’re ready to ship, finally', 'Ken Ito', null, 'a'), q("We're ready to ship finally", 'Ken Ito', null, 'b')]);
    expect(merged).toHaveLength(1);
    expect(merged[0].articleIds).toEqual(['a', 'b']);
  });

  test('a partial quote inside a longer one merges into the longer, with the fullest speaker name', () => {
    const merged = mergeQuotes([
      q('the biggest win for northern jobs', 'Burke', null, 'a'),
      q('This is the biggest win for northern jobs in a generation', 'Alan Burke', 'Premier', 'b'),
    ]);
    expect(merged).toEqual([{ speaker: 'Alan Burke', role: 'Premier', text: 'This is the biggest win for northern jobs in a generation', articleIds: ['a', 'b'] }]);
  });

  test('an unknown speaker joins a known one; the role most often given wins', () => {
    const merged = mergeQuotes([
      q('China is too far ahead on cobalt', null, null, 'a'),
      q('China is too far ahead on cobalt', 'Liam Ortiz', 'geologist', 'b'),
      q('China is too far ahead on cobalt', 'Liam Ortiz', 'professor of geology', 'c'),
      q('China is too far ahead on cobalt', 'Liam Ortiz', 'professor of geology', 'd'),
    ]);
    expect(merged).toEqual([{ speaker: 'Liam Ortiz', role: 'professor of geology', text: 'China is too far ahead on cobalt', articleIds: ['a', 'b', 'c', 'd'] }]);
  });

  test('the same words from two different people stay two quotes', () => {
    const merged = mergeQuotes([q('We will not sign this agreement', 'Ana Silva', null, 'a'), q('We will not sign this agreement', 'Ben Okafor', null, 'b')]);
    expect(merged.map((m) => m.speaker)).toEqual(['Ana Silva', 'Ben Okafor']);
  });
});

describe('seed corpus (EXPECTED.md "Quotes")', () => {
  const dir = join(import.meta.dirname, '../../data/articles');
  const quotes = mergeQuotes(
    readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => {
        const lines = readFileSync(join(dir, f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
        return extractQuotes(lines, f.slice(0, 3));
      }),
  );
  const find = (words: string): Quote | undefined => quotes.find((x) => x.text.includes(words));

  test.each([
    ['we’ll have so much critical mineral', 'Donald Trump', null, ['001', '002', '003']],
    ['China is too far ahead of the world', 'John Mavrogenes', 'professor of economic geology at Australian National University', ['001', '002', '003']],
    ['By building alternative networks', 'Charles Chang', 'Fudan University', ['001', '003']],
    ['Even if production takes time, it changes the dynamics', 'Charles Chang', 'Fudan University', ['001', '003']],
    ['the greatest alliance in the world', 'Sanae Takaichi', 'Prime Minister', ['001', '002', '003']],
    ['China pointing a bazooka', 'Scott Bessent', 'US Treasury Secretary', ['001', '003']],
    ['resilience and security of critical minerals', 'the White House', null, ['001', '003']],
  ])('%s → %s', (words, speaker, role, ids) => {
    const quote = find(words);
    expect(quote?.speaker).toBe(speaker);
    if (role !== null) expect(quote?.role).toBe(role);
    expect(quote?.articleIds).toEqual(ids);
  });

  test('Takaichi\'s words merge into the longest wording; no scare quote survives', () => {
    expect(find('greatest alliance')?.text).toBe('This is the greatest alliance in the world');
    expect(quotes).toHaveLength(7);
    for (const scare of ['golden age', 'white gold', 'friendly third nations', 'new golden era', 'design out']) {
      expect(quotes.some((x) => x.text.includes(scare))).toBe(false);
    }
  });
});
