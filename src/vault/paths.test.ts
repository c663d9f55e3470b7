import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config.ts';
import { checkVaultPath, safeFileName, UnsafePathError } from './paths.ts';

const config = defaultConfig();

describe('checkVaultPath', () => {
  it('accepts paths inside the allowed folders', () => {
    expect(checkVaultPath('Meetings/2025/2025-12-15 - Google GDC RFP.md', config)).toBe(
      'Meetings/2025/2025-12-15 - Google GDC RFP.md',
    );
    expect(checkVaultPath('.distill/ledger.json', config)).toBe('.distill/ledger.json');
  });

  it.each([
    ['../outside.md', 'bad segment'],
    ['Meetings/../../etc/passwd', 'bad segment'],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/x.md', 'absolute'],
    ['Meetings\\..\\x.md', 'backslash'],
    ['Meetings/a\0b.md', 'NUL'],
    [`Meetings/${'x'.repeat(256)}.md`, '255 bytes'],
    ['Secrets/x.md', 'outside the allowed folders'],
    ['Meetings//x.md', 'bad segment'],
  ])('rejects %j', (p, why) => {
    expect(() => checkVaultPath(p, config)).toThrow(UnsafePathError);
    expect(() => checkVaultPath(p, config)).toThrow(why);
  });
});

describe('safeFileName', () => {
  it('keeps a readable title and drops characters that break paths or wikilinks', () => {
    expect(safeFileName('Re: Azure VoC for MSFT testing')).toBe('Re Azure VoC for MSFT testing');
    expect(safeFileName('../../etc/passwd')).toBe('etc passwd');
    expect(safeFileName('[[Link]] #tag ^block')).toBe('Link tag block');
  });

  it('never produces an unsafe segment, whatever the title', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (title) => {
        const name = safeFileName(title);
        expect(() => checkVaultPath(`Meetings/2025/${name}.md`, config)).not.toThrow();
        expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(120);
      }),
    );
  });
});
