// `node --import ./test/helpers/import-log.mjs …` appends every module URL the process imports to the file named by
// DISTILL_IMPORT_LOG: how the start-up tests see which packages a command loads.
import { register } from 'node:module';

if (process.env.DISTILL_IMPORT_LOG) register('./import-log-hooks.mjs', import.meta.url);
