#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` through `prepare`, see scripts/build.mjs). In a clone, where
// someone may have edited src/ since the last build, a source newer than dist/.stamp means dist/ is stale: then the
// TypeScript sources run through tsx instead, so a stale build never runs (checking costs about a millisecond).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

function distIsCurrent() {
  let stamp;
  try {
    stamp = statSync(new URL('dist/.stamp', root)).mtimeMs;
  } catch {
    return false;
  }
  const newer = (p) => {
    const s = statSync(p);
    return s.mtimeMs >= stamp || s.ctimeMs >= stamp;
  };
  const stale = (dir) => {
    if (newer(dir)) return true; // a file added, removed or renamed
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory() ? stale(p) : !e.name.endsWith('.test.ts') && newer(p)) return true;
    }
    return false;
  };
  return !stale(fileURLToPath(new URL('src', root)));
}

// `distill entities list --json | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

let main;
if (!existsSync(new URL('src/cli/main.ts', root)) || distIsCurrent()) {
  // With DISTILL_DEBUG (the only time distill prints a stack trace) the trace names the .ts line: dist/ has a source
  // map beside every file. Only then, since reading the maps costs every start-up a tenth of its time.
  if (process.env.DISTILL_DEBUG) process.setSourceMapsEnabled(true);
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
