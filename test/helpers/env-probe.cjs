// Loaded into every node process a test starts (NODE_OPTIONS=--require): writes the process's id and the
// allocator settings it was started with, so a test can see which processes a command ran in. Worker threads (a
// small run's NLP) load it too: they are not processes of their own.
const fs = require('node:fs');
const { isMainThread } = require('node:worker_threads');
if (process.env.DISTILL_PROBE_LOG && isMainThread)
  fs.appendFileSync(
    process.env.DISTILL_PROBE_LOG,
    `${process.pid} ${process.env.DISTILL_LEAN_ALLOC ?? '-'} ${process.env.MALLOC_MMAP_THRESHOLD_ ?? '-'}\n`,
  );
