// Loads dist/cli.cjs, the whole program in one CommonJS script (see scripts/build.mjs), with the V8 code cache the
// build made for it: most of a short command's start-up is compiling code, and Node 20 keeps no code cache for ES
// modules. The cache starts with the script's first line, which names the build, and is used only with that very
// script (V8 itself checks no more than the script's length). Plain JavaScript: it runs before anything is compiled.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Compiles and runs the bundle at `file`; returns its exports, whether the code cache was `used`, `rejected` (by V8:
 * another Node version or V8 flags) or `none` (no cache, or one made from another build), and `writeCache`, which
 * (re)writes the cache from what has run so far. Returns undefined when there is no bundle.
 */
export function loadBundle(file) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const id = source.slice(0, source.indexOf('\n') + 1);
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (id.startsWith('// distill build ') && cache.subarray(0, id.length).toString('utf8') === id)
      cachedData = cache.subarray(id.length);
  } catch {}
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    cache: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    writeCache() {
      // Through a temporary file and a rename: a CLI starting meanwhile reads the old cache or the new one.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(id, 'utf8'), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    },
  };
}
