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
  return text.length <= HOLD_COMPRESSED_ABOVE
    ? () => text
    : compressed(deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 }));
}

// A function of its own, so that its closure sees only the compressed bytes: closures made in one function share
// its scope, and one that could see `text` kept the whole text alive behind the compressed copy.
function compressed(held: Buffer): () => string {
  return () => inflateRawSync(held).toString('utf8');
}
