import { createHash } from 'node:crypto';

/** Hex sha256 of a note's text: what a plan records as `base_sha` and what apply checks it against. */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
