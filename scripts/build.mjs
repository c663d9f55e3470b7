#!/usr/bin/env node
import fs from 'node:fs';
/**
 * Compiles src/ to dist/ (same layout; .ts import specifiers rewritten to .js; a source map beside every file) and
 * copies the non-TypeScript files the code reads at run time (model weights, prompts). `npm ci` runs it through
 * `prepare`, the test suite before it starts, `bin/distill.js` trusts its stamp.
 *
 * Each file is transpiled on its own with the options of tsconfig.build.json (the sources are written for
 * `verbatimModuleSyntax`, so this is what `tsc -p tsconfig.build.json` emits), and only files changed since the
 * last build: a build with nothing to do takes milliseconds, so every test run can afford one. Type errors are
 * `npm run typecheck`'s business, not the build's: a type error in a file being edited does not stop the CLI.
 *
 * Plain JavaScript on purpose: it has to run before anything is compiled.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written after a complete build with its mtime set to the build's start: every source older than it is in dist. */
export const STAMP = '.stamp';
const LOCK = '.build-lock';

/** Sources that never ship: tests and test-only helpers. */
export function shipped(rel) {
  return !rel.endsWith('.test.ts') && !rel.endsWith('.d.ts') && !rel.split('/').includes('testing');
}

function walk(dir, rel = '', out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(path.join(dir, e.name), r, out);
    else if (e.isFile()) out.push(r);
  }
  return out;
}

const outName = (rel) => (rel.endsWith('.ts') ? `${rel.slice(0, -3)}.js` : rel);

/** Write through a temporary file and a rename, so a CLI starting meanwhile reads the old file or the new one. */
function writeAtomic(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** One build at a time (test runs start in parallel); a lock older than a minute belongs to a dead build. */
async function withLock(dist, fn) {
  fs.mkdirSync(dist, { recursive: true });
  const lock = path.join(dist, LOCK);
  for (let waited = 0; ; waited += 50) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs;
      } catch {}
      if (age > 60_000 || waited > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

let ts;
function compilerOptions(root) {
  ts ??= createRequire(import.meta.url)('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  // One file at a time cannot see package.json's "type": "module", so say ESM outright (NodeNext would say CJS).
  return { ...config.options, module: ts.ModuleKind.ESNext, incremental: false, noEmit: false, declaration: false };
}

/**
 * Brings dist/ up to date with src/ under `root`: compiles what changed, copies changed assets, removes what no
 * longer has a source. Returns the relative paths it wrote and removed.
 */
export async function build(root = ROOT) {
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  return withLock(dist, () => {
    const started = Date.now();
    const stampFile = path.join(dist, STAMP);
    let since = 0;
    try {
      since = fs.statSync(stampFile).mtimeMs;
    } catch {}
    const sources = walk(src).filter(shipped);
    const written = [];
    let options;
    for (const rel of sources) {
      const file = path.join(src, rel);
      const out = path.join(dist, outName(rel));
      let st;
      let text;
      try {
        st = fs.statSync(file);
        // ctime, not mtime: a copy that keeps an old mtime (cp -p, tar, rsync -t) still counts as a change.
        if (Math.max(st.mtimeMs, st.ctimeMs) < since && fs.existsSync(out)) continue;
        text = fs.readFileSync(file);
      } catch (e) {
        if (e.code === 'ENOENT') continue; // removed since the listing: its output goes below
        throw e;
      }
      if (!rel.endsWith('.ts')) {
        writeAtomic(out, text);
        written.push(rel);
        continue;
      }
      options ??= compilerOptions(root);
      const r = ts.transpileModule(text.toString('utf8'), { compilerOptions: options, fileName: file });
      const map = JSON.parse(r.sourceMapText);
      map.sources = [path.relative(path.dirname(out), file).split(path.sep).join('/')];
      writeAtomic(`${out}.map`, JSON.stringify(map));
      writeAtomic(out, r.outputText);
      written.push(rel);
    }
    const removed = [];
    const present = new Set(walk(src).filter(shipped).map(outName));
    for (const rel of walk(dist)) {
      if (rel === STAMP || rel.startsWith(`${LOCK}/`) || rel.endsWith('.tmp')) continue;
      const js = rel.endsWith('.js.map') ? rel.slice(0, -4) : rel;
      if (present.has(js)) continue;
      fs.rmSync(path.join(dist, rel), { force: true });
      removed.push(rel);
    }
    writeAtomic(stampFile, '');
    const t = new Date(started - 1);
    fs.utimesSync(stampFile, t, t);
    return { written, removed };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const t0 = Date.now();
  const { written, removed } = await build();
  if (!process.argv.includes('--quiet'))
    console.log(`distill: built dist/ (${written.length} written, ${removed.length} removed, ${Date.now() - t0} ms)`);
}
