import { expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.ts';

it('collects what nothing holds any more, between two batches of a run', async () => {
  let batch: { texts: string[] } | null = { texts: Array.from({ length: 1000 }, (_, i) => `note ${i}`.repeat(100)) };
  const ref = new WeakRef(batch);
  batch = null;
  await new Promise((r) => setImmediate(r)); // a WeakRef's target is kept until the current job ends
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});
