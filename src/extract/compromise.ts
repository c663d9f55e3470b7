/**
 * compromise, loaded on first use rather than when a module importing it loads: the run command imports the outputs
 * (triage reads replies through the participants code) and so this, and a run with nothing new must not pay for the
 * NLP. `require` picks compromise's bundled build, one file, which loads in about half the time of its ESM tree;
 * every caller goes through here, so one copy is loaded.
 */
import { createRequire } from 'node:module';
import type compromise from 'compromise';

let lib: typeof compromise | undefined;

export function nlp(text: string): ReturnType<typeof compromise> {
  lib ??= createRequire(import.meta.url)('compromise') as typeof compromise;
  return lib(text);
}
