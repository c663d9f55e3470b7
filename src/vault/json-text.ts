/**
 * JSON text for Distill's own state files (entity state, the ledger, stored extractions) with every character above
 * U+00FF written as its `\u` escape. The data read back is the same; the text is not: V8 keeps a string with any
 * such character (one em dash in one title) at two bytes per character, so a large vault's ledger and busy accounts'
 * states, read, rendered and diffed by every batch of a run, took twice the memory they needed.
 */
export function narrowJson(text: string): string {
  return text.replace(/[\u0100-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A member of a JSON object written one entry a line (`"name": {`, each entry, `}`), so that a change to one entry
 * (a source in the ledger, a contribution in an entity's state, a file in a run record) is a change to one line of
 * the file and of its diff. `entries` are JSON texts (`"key": value` for an object, a value for an array), indented
 * twice `indent`; `last` leaves out the comma after the member.
 */
export function jsonMemberLines(
  indent: string,
  name: string,
  brackets: '{}' | '[]',
  entries: readonly string[],
  last = false,
): string[] {
  const after = last ? '' : ',';
  const head = `${indent}${JSON.stringify(name)}: `;
  if (entries.length === 0) return [`${head}${brackets}${after}`];
  return [
    `${head}${brackets[0]}`,
    ...entries.map((e, i) => `${indent}${indent}${e}${i < entries.length - 1 ? ',' : ''}`),
    `${indent}${brackets[1]}${after}`,
  ];
}
