/** The rebuild worker thread (see rebuild.ts): builds the corpus and reports its log lines and stats. */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from './log.js';
import { buildCorpus } from './corpus/pipeline.js';
import { createTopicProfile } from './corpus/relevance.js';
import type { RebuildMessage, RebuildRequest } from './rebuild.js';

/**
 * A rebuild runs beside the snapshot being served, so its peak adds to that one. After each full
 * collection V8 lets a heap grow by a factor it picks itself, ~1.5 here: with 850 MB live (a 100k
 * corpus) the next collection came at ~1.25 GB, and the process peaked at 1.8-2.0 GiB depending
 * on where the collections happened to fall. With growth capped at 20%, 1.62 GiB, and the rebuild
 * took as long (66-68 s against 64-84 s). V8's flags belong to the process: the main thread, which
 * loads the new snapshot beside the old one, collects as often from then on. A first start's
 * ingest on the main thread keeps V8's own factor: there the cap cost 16% more time.
 */
setFlagsFromString('--heap-growing-percent=20');

const req = workerData as RebuildRequest;
const send = (m: RebuildMessage) => parentPort!.postMessage(m);
const log = createLogger(req.logLevel, { write: (line: string) => send({ kind: 'log', line }) });
const { stats } = await buildCorpus({ dir: req.dir, cacheDir: req.cacheDir, profile: createTopicProfile(req.topicKeywords), log });
send({ kind: 'done', stats });
