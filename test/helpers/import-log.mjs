// `node --import ./test/helpers/import-log.mjs …` appends every module URL the process imports to the file named by
// DISTILL_IMPORT_LOG: how the start-up tests see which packages a command loads. ES modules are seen by a resolution
// hook; CommonJS `require`s (compromise and wink-nlp load that way, through src/extract/nlp-ops.cjs) by wrapping
// the CommonJS resolver, in this thread and in any worker thread (workers run `--import` too).
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.DISTILL_IMPORT_LOG;
if (log) {
  register('./import-log-hooks.mjs', import.meta.url);
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (...args) {
    const file = resolveFilename.apply(this, args);
    if (file.startsWith('/')) appendFileSync(log, `${pathToFileURL(file).href}\n`);
    return file;
  };
}
