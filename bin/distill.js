#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` through `prepare`, see scripts/build.mjs): dist/cli.cjs, the
// whole program in one script, compiled with the V8 code cache the build made for it. In a clone, where someone may
// have edited src/ since the last build, a source newer than dist/.stamp means dist/ is stale: then the TypeScript
// sources run through tsx instead, so a stale build never runs (checking costs about a millisecond).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './bundle.js';

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

/** The command's name: the first argument that is not an option (nor the value of `--vault`). */
function commandName(argv) {
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--vault') i++;
    else if (!argv[i].startsWith('-')) return argv[i];
  }
}

// `distill extract <file>`: the NLP libraries start loading in threads before the program loads (see
// src/extract/nlp-threads.cjs); nlp-host.ts finds them started.
function startNlpThreadsEarly(dir) {
  if (commandName(process.argv) !== 'extract') return;
  try {
    const threads = createRequire(import.meta.url)(fileURLToPath(new URL(`${dir}/extract/nlp-threads.cjs`, root)));
    threads.startThreads(threads.NLP_THREADS);
  } catch {
    // no worker threads here: the program loads the libraries itself
  }
}

let main;
let bundle;
if (!existsSync(new URL('src/cli/main.ts', root)) || process.env.DISTILL_WRITE_CODE_CACHE || distIsCurrent()) {
  startNlpThreadsEarly('dist');
  // With DISTILL_DEBUG (the only time distill prints a stack trace) the trace names the .ts line: dist/ has a source
  // map beside every file, and the per-file build runs instead of the bundle. Only then, since reading the maps
  // costs every start-up a tenth of its time.
  if (process.env.DISTILL_DEBUG) process.setSourceMapsEnabled(true);
  else bundle = loadBundle(fileURLToPath(new URL('dist/cli.cjs', root)));
  main = bundle?.exports.main ?? (await import('../dist/cli/main.js')).main;
} else {
  startNlpThreadsEarly('src');
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
// The build's own run (scripts/build.mjs): the cache then holds the functions the command ran, not only the top level.
if (process.env.DISTILL_WRITE_CODE_CACHE) bundle?.writeCache();
