// Loaded into every node process a test starts (NODE_OPTIONS=--require): writes the process's id and the
// allocator settings it was started with, so a test can see which processes a command ran in.
const fs = require('node:fs');
if (process.env.DISTILL_PROBE_LOG)
  fs.appendFileSync(
    process.env.DISTILL_PROBE_LOG,
    `${process.pid} ${process.env.DISTILL_LEAN_ALLOC ?? '-'} ${process.env.MALLOC_MMAP_THRESHOLD_ ?? '-'}\n`,
  );
