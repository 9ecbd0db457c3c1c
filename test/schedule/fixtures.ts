import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCorpus } from '../../src/corpus/pipeline.js';
import { createTopicProfile } from '../../src/corpus/relevance.js';
import { createMemoryLogger } from '../../src/log.js';
import type { Corpus } from '../../src/corpus/types.js';

/** Short made-up articles on three separate critical-minerals events (imagined sites). */
export const ARTICLES = {
  lithium: {
    file: 'a-lithium-quebec.md',
    text: `---
title: Quebec lithium mine doubles its output target
publisher: Northern Metals Wire
date: 2026-03-20
---
The Whabouchi lithium mine in Quebec will double its output target to 60,000 tonnes of spodumene a year, its operator said on Friday.
The lithium expansion depends on a new refinery near Bécancour that is due to open in 2027, the company said.
Canada wants its battery metal supply chain to stop depending on refining capacity in China, according to the federal minerals ministry.
Analysts at Prairie Capital said the lithium price would need to stay above $12,000 a tonne for the mining plan to pay off.
`,
  },
  cobalt: {
    file: 'b-cobalt-zambia.md',
    text: `---
title: Zambia cobalt smelter halts exports after power cuts
publisher: Copperbelt Daily
date: 2026-03-21
---
A cobalt smelter in Kitwe, Zambia, has halted exports for three weeks after repeated power cuts, its owners said on Saturday.
The smelter produces about 8% of the world's refined cobalt hydroxide, according to the Zambian mines ministry.
Battery makers in South Korea said the stoppage would tighten cobalt supply for electric vehicle cells this spring.
The mining company said its generators could cover only a third of the smelter's power needs.
`,
  },
  gallium: {
    file: 'c-gallium-controls.md',
    text: `---
title: Gallium and germanium export controls widened to new buyers
publisher: Asia Trade Monitor
date: 2026-03-22
---
Export controls on gallium and germanium were widened on Monday to cover buyers in twelve more countries, the commerce ministry said.
Gallium is used in radar chips and solar cells, and the critical mineral has few producers outside China.
Germanium prices rose 14% in Rotterdam after the announcement, traders at Lowlands Metals said.
Chip makers in Taiwan said they hold stockpiles of gallium for about four months of production.
`,
  },
} as const;

/** A syndicated copy of the lithium story under another site's chrome: same story, one more source. */
export const LITHIUM_COPY = {
  file: 'd-lithium-quebec-copy.md',
  text: ARTICLES.lithium.text.replace('publisher: Northern Metals Wire', 'publisher: Great Lakes Mining Review'),
};

export async function corpusDir(files: readonly { file: string; text: string }[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rareearth-corpus-'));
  for (const f of files) await writeFile(path.join(dir, f.file), f.text);
  return dir;
}

export async function build(dir: string, now = () => new Date()): Promise<Corpus> {
  const { corpus } = await buildCorpus({ dir, cacheDir: null, profile: createTopicProfile(null), log: createMemoryLogger().log, now });
  return corpus;
}
