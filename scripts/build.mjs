#!/usr/bin/env node
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
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written after a complete build with its mtime set to the build's start: every source older than it is in dist. */
export const STAMP = '.stamp';
const LOCK = '.build-lock';
/** The whole program in one CommonJS script (see `bundle`), and the V8 code cache bin/distill.js loads it with. */
export const BUNDLE = 'cli.cjs';
export const CODE_CACHE = 'cli.cjs.cache';

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

function newerThan(file, ms) {
  try {
    const st = fs.statSync(file);
    return Math.max(st.mtimeMs, st.ctimeMs) >= ms;
  } catch {
    return false;
  }
}

/**
 * Packages bundled into dist/cli.cjs: these, which nearly every command loads, so that the code cache covers them
 * too, and every package that cannot be `require`d (see `requirable`). Every other package stays a `require` of
 * node_modules, loaded when (and only if) a command needs it: the LLM SDKs, the mail parser, SQLite, and the NLP
 * libraries (see nlp-host.ts).
 */
const BUNDLED = new Set(['commander', 'picocolors', 'yaml', 'zod']);

/** Whether `require` gets a package's exports: not for ES modules only (a CommonJS script gets their namespace). */
function requirable(root, dep) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', dep, 'package.json'), 'utf8'));
  return pkg.type !== 'module' || JSON.stringify(pkg.exports ?? {}).includes('"require"');
}

/**
 * dist/cli.cjs: src/cli/main.ts and all it imports in one CommonJS script, which bin/distill.js compiles with the V8
 * code cache made here (dist/cli.cjs.cache): most of a short command's start-up is compiling its modules, and Node
 * 20 keeps no code cache for ES modules. Each module's `import.meta.url` still names its file in dist/ (the files
 * beside it, such as nlp-ops.cjs or the model weights, are read from there). Modules imported with `import()` stay
 * lazy: evaluated when first imported, as in dist/.
 */
async function bundle(root) {
  const dist = path.join(root, 'dist');
  const { build: esbuild } = await import(
    pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('esbuild')).href
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !BUNDLED.has(d) && requirable(root, d));
  const srcDir = path.join(root, 'src');
  const metaUrl = {
    name: 'import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (a) => {
        const rel = path.relative(srcDir, a.path).split(path.sep).join('/').replace(/\.ts$/, '.js');
        const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
        return { contents: fs.readFileSync(a.path, 'utf8').replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
  const out = await esbuild({
    entryPoints: [path.join(srcDir, 'cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: [...external.flatMap((d) => [d, `${d}/*`])],
    plugins: [metaUrl],
    // `import()` of a package becomes a `require`: a function compiled from a V8 code cache has lost the callback
    // that dynamic imports need in a vm script, on Node 20 ("A dynamic import callback was not specified")
    supported: { 'dynamic-import': false },
    write: false,
    logLevel: 'error',
  });
  const code = out.outputFiles[0].text;
  // The first line names this build; the code cache starts with the same line, so a cache is only ever used with
  // the script it was made from (V8 itself checks only the script's length).
  const id = `// distill build ${createHash('sha256').update(code).digest('hex').slice(0, 16)}`;
  writeAtomic(path.join(dist, BUNDLE), `${id}\n${code}`);
  fs.rmSync(path.join(dist, CODE_CACHE), { force: true });
  makeCodeCache(root);
}

/**
 * The code cache: bin/distill.js, told to, runs one extraction of a demo email through dist/cli.cjs and writes the
 * cache then, so that it holds the functions a command runs, not only the top level. A build without the demo (or
 * whose run fails) has no cache: the CLI then compiles as it goes, as correct and a little slower.
 */
function makeCodeCache(root) {
  const demo = path.join(root, 'demo/vault/Inbox');
  let email;
  try {
    // an email thread (the demo inbox also holds transcripts and a notes file): what `distill extract` is mostly asked
    const files = fs
      .readdirSync(demo)
      .filter((f) => f.endsWith('.md'))
      .sort();
    email = files.find((f) => /^(?:\*\*)?Subject:/m.test(fs.readFileSync(path.join(demo, f), 'utf8'))) ?? files[0];
  } catch {}
  if (!email) return;
  try {
    execFileSync(process.execPath, [path.join(root, 'bin/distill.js'), 'extract', path.join(demo, email)], {
      cwd: root,
      stdio: 'ignore',
      env: { ...process.env, DISTILL_WRITE_CODE_CACHE: '1' },
      timeout: 120_000,
    });
  } catch (e) {
    console.warn(`distill: no code cache (${e.message.split('\n')[0]}); the CLI works without one, a little slower`);
  }
}

/**
 * Brings dist/ up to date with src/ under `root`: compiles what changed, copies changed assets, removes what no
 * longer has a source. Returns the relative paths it wrote and removed.
 */
export async function build(root = ROOT) {
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  return withLock(dist, async () => {
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
      if (rel === STAMP || rel === BUNDLE || rel === CODE_CACHE || rel.startsWith(`${LOCK}/`) || rel.endsWith('.tmp'))
        continue;
      const js = rel.endsWith('.js.map') ? rel.slice(0, -4) : rel;
      if (present.has(js)) continue;
      fs.rmSync(path.join(dist, rel), { force: true });
      removed.push(rel);
    }
    const bundled = path.join(dist, BUNDLE);
    if (
      written.length ||
      removed.length ||
      !fs.existsSync(bundled) ||
      newerThan(path.join(root, 'package-lock.json'), since) ||
      newerThan(fileURLToPath(import.meta.url), since)
    )
      await bundle(root);
    else if (!fs.existsSync(path.join(dist, CODE_CACHE))) makeCodeCache(root);
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
