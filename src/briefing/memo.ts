import type { Corpus } from '../corpus/types.js';

/**
 * A value derived from a corpus snapshot, computed on first use and kept as long as the snapshot
 * lives. Snapshots are immutable, so commands pay for a derivation once, not per invocation.
 */
export function perSnapshot<T>(derive: (corpus: Corpus) => T): (corpus: Corpus) => T {
  const memo = new WeakMap<Corpus, T>();
  return (corpus) => {
    let v = memo.get(corpus);
    if (v === undefined) {
      v = derive(corpus);
      memo.set(corpus, v);
    }
    return v;
  };
}
