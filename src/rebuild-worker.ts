/** The rebuild worker thread (see rebuild.ts): builds the corpus and reports its log lines and stats. */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from './log.js';
import { buildCorpus } from './corpus/pipeline.js';
import { capHeapGrowth } from './corpus/heap-growth.js';
import { createTopicProfile } from './corpus/relevance.js';
import type { RebuildMessage, RebuildRequest } from './rebuild.js';

// A rebuild runs beside the snapshot being served, so its peak adds to that one: growth is capped
// from the start, not from a heap size (at 100k a rebuild's heap holds ~430 MB when assembly
// starts). See heap-growth.ts; at 100k the process peaked at 1.6-1.7 GiB instead of 1.8-2.0.
capHeapGrowth();

const req = workerData as RebuildRequest;
const send = (m: RebuildMessage) => parentPort!.postMessage(m);
const log = createLogger(req.logLevel, { write: (line: string) => send({ kind: 'log', line }) });
const { stats } = await buildCorpus({ dir: req.dir, cacheDir: req.cacheDir, profile: createTopicProfile(req.topicKeywords), log });
send({ kind: 'done', stats });
