/**
 * A large text held deflated, a tenth of its size or less, and inflated on each read. For the texts a batch of a
 * large run carries from planning to commit (every busy account's state and page, the ledger: megabytes each,
 * growing with the vault) that are read once or twice on the way: holding all of them whole was most of the run's
 * peak memory. Small texts are held as they are.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Below this many characters a text is held as it is: compressing it would save too little to be worth its time. */
export const HOLD_COMPRESSED_ABOVE = 64 * 1024;

export function holdText(text: string): () => string {
  if (text.length <= HOLD_COMPRESSED_ABOVE) return () => text;
  const held = deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 });
  return () => inflateRawSync(held).toString('utf8');
}
