/**
 * chrono-node, loaded on first use rather than when a module importing it loads: the run command imports the outputs
 * (reply outlines read dates) and so this, and a run with nothing new must not pay for it. `require` picks
 * chrono's CommonJS build; every caller goes through here (`import * as chrono from '…/chrono.ts'`, the same names
 * as chrono-node's), so one copy is loaded.
 */
import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';

export type { Component, ParsedComponents, ParsedResult } from 'chrono-node';

let lib: typeof Chrono | undefined;

export function parse(...args: Parameters<typeof Chrono.parse>): ReturnType<typeof Chrono.parse> {
  // `chrono-node/en`: the package's own `parse` is this locale's casual parser, without loading the 14 other locales
  lib ??= createRequire(import.meta.url)('chrono-node/en') as typeof Chrono;
  return lib.parse(...args);
}
