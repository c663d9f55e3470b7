import { describe, expect, it } from 'vitest';
import { writeState } from './change-plan.ts';

describe('writeState', () => {
  const bigState = `{\n${Array.from({ length: 3000 }, (_, i) => `  "source-${i}": {"gist":"Call ${i} — 📅 agreed"},`).join('\n')}\n}\n`;

  it('holds a large state text compressed and gives back the very text on every read', () => {
    const op = writeState('.distill/entities/account__acme.json', bigState);
    expect(op).toMatchObject({ op: 'write_state', path: '.distill/entities/account__acme.json' });
    expect((op as { content: string }).content).toBe(bigState);
    expect((op as { content: string }).content).toBe(bigState);
    // the plan's JSON (`distill plan --json`) shows the text itself
    expect(JSON.parse(JSON.stringify(op)).content).toBe(bigState);
  });

  it('keeps a large one as it is unless asked to hold it (one source into a large vault does not compress its ledger)', () => {
    const op = writeState('.distill/ledger.json', bigState, false);
    expect(Object.getOwnPropertyDescriptor(op, 'content')?.value).toBe(bigState);
  });

  it('keeps a small state text as it is', () => {
    const op = writeState('.distill/ledger.json', '{"version":1}\n');
    expect(Object.getOwnPropertyDescriptor(op, 'content')?.value).toBe('{"version":1}\n');
  });

  it('holds the large one behind a getter, not as a string property', () => {
    const op = writeState('x.json', bigState);
    expect(Object.getOwnPropertyDescriptor(op, 'content')?.get).toBeTypeOf('function');
  });
});
