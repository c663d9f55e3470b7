/**
 * JSON text for Distill's own state files (entity state, the ledger, stored extractions) with every character above
 * U+00FF written as its `\u` escape. The data read back is the same; the text is not: V8 keeps a string with any
 * such character (one em dash in one title) at two bytes per character, so a large vault's ledger and busy accounts'
 * states, read, rendered and diffed by every batch of a run, took twice the memory they needed.
 */
export function narrowJson(text: string): string {
  return text.replace(/[\u0100-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
