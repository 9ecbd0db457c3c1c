import type { PackWriter } from '../../src/corpus/packing.js';

/** The bytes a writer writes, in one buffer. */
export async function packed(w: PackWriter): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const total = await w.writeTo(async (chunk) => {
    chunks.push(...chunk.map((c) => Buffer.from(c)));
    return chunk.reduce((n, c) => n + c.length, 0);
  });
  const bytes = Buffer.concat(chunks);
  if (bytes.length !== total) throw new Error(`wrote ${bytes.length} bytes but counted ${total}`);
  return bytes;
}
