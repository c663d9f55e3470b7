/**
 * A child process for the lock tests: waits for a shared start time, then takes and releases the vault lock
 * `rounds` times, logging `in <pid>` / `out <pid>` (O_APPEND) around a short critical section. A LockedError
 * means "try again"; any other error is printed and fails the process.
 */
import { appendFileSync } from 'node:fs';
import { acquireLock, LockedError } from '../../../src/apply/lock.ts';

const [root, log, startAt, rounds] = process.argv.slice(2) as [string, string, string, string];
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
while (Date.now() < Number(startAt)) sleep(1);
let done = 0;
let refused = 0;
const deadline = Date.now() + 20_000;
while (done < Number(rounds) && Date.now() < deadline) {
  let lock: ReturnType<typeof acquireLock>;
  try {
    lock = acquireLock(root);
  } catch (e) {
    if (!(e instanceof LockedError)) {
      process.stderr.write(`raw error: ${(e as Error).name}: ${(e as Error).message}\n`);
      process.exit(3);
    }
    refused++;
    continue;
  }
  appendFileSync(log, `in ${process.pid}\n`);
  sleep(2);
  appendFileSync(log, `out ${process.pid}\n`);
  lock.release();
  done++;
}
process.stdout.write(JSON.stringify({ done, refused }));
