import { describe, expect, it } from 'vitest';
import { cutToBytes, safeFileName } from './filename.ts';

describe('safeFileName', () => {
  it('keeps a title readable and takes out what breaks paths and links', () => {
    expect(safeFileName('Re: Azure VoC / MSFT [[testing]] #1')).toBe('Re Azure VoC MSFT testing 1');
    expect(safeFileName('..hidden.')).toBe('hidden');
    expect(safeFileName('  ')).toBe('Untitled');
  });

  it('cuts a long title at a word, never on a trailing comma or bracket', () => {
    const name = safeFileName('Encryption key granularity across S3, NFS, and SMB (per tenant)', 40);
    expect(name).toBe('Encryption key granularity across S3');
    expect(safeFileName('a'.repeat(50), 10)).toBe('a'.repeat(10));
  });

  it('cuts on a code-point boundary, never inside a character', () => {
    expect(cutToBytes('ééé', 5)).toBe('éé');
    expect(Buffer.byteLength(safeFileName('Ü'.repeat(100), 51))).toBeLessThanOrEqual(51);
  });
});
