/**
 * After each full collection V8 lets a heap grow by a factor it picks itself, ~1.5 here: with
 * ~850 MB live (a 100k corpus being assembled) the next collection came at ~1.25 GB, and the
 * process peaked at 1.8-2.0 GiB wherever the collections happened to fall. Capped at 20%,
 * collections come more often and the peak drops by ~250 MiB; at 100k the builds took no longer
 * beyond this machine's noise (cold, three alternating pairs with / without: 110.6 / 111.9 s,
 * 117.6 / 111.3 s, 112.9 / 115.5 s; a rebuild in the worker: 64-67 s against 64-84 s).
 * On a small heap the cap would only add collections, so an ingest on the main thread turns it on
 * only once its heap is large. V8's flags belong to the process, not to one thread: once on, the
 * cap stays on for everything the process does after.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

/** A 10k corpus's ingest stays below this; a 100k one holds ~1.2 GB when assembly starts. */
const LARGE_HEAP_BYTES = 512 * 2 ** 20;

export function capHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=20');
}

/** capHeapGrowth, once the heap holds more than LARGE_HEAP_BYTES. */
export function capHeapGrowthWhenLarge(): void {
  if (getHeapStatistics().used_heap_size > LARGE_HEAP_BYTES) capHeapGrowth();
}
