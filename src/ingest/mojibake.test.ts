import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fixMojibake, hasMojibake } from './mojibake.ts';

/** What a cp1252 reader makes of UTF-8 bytes; the undefined bytes survive as C1 controls, as in real exports. */
function garbleCp1252(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) =>
      [0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b) ? String.fromCharCode(b) : iconv.decode(Buffer.from([b]), 'win1252'),
    )
    .join('');
}

function garbleMacRoman(text: string): string {
  return iconv.decode(Buffer.from(text, 'utf8'), 'macintosh');
}

/** Characters from scripts and symbols real mail carries: Latin accents, punctuation, symbols, Greek, CJK, emoji. */
const PLAUSIBLE = fc.constantFrom(
  ...'abcXYZ 019.,-:?!'.split(''),
  ...'éèêëàâäçïîôöùûüñÉÀÇØøåßæœŒ'.split(''),
  ...'’‘“”—–…•€£©®±°×÷™'.split(''),
  ...'αβγΩжД日本語中文한국'.split(''),
  '📅',
  '⏫',
  '✅',
  '🚀',
  '👍',
);
const plausibleText = fc.array(PLAUSIBLE, { maxLength: 40 }).map((cs) => cs.join(''));

/** Clean text as people write it: words from several scripts, separated by spaces. */
const WORDS = fc.constantFrom(
  'naïve',
  'café',
  '—',
  'ok',
  '©',
  '2025',
  '±5°',
  'Microsoft’s',
  '“Quoted”',
  '€12,000',
  'über',
  'Karén',
  'García',
  '📅',
  '⏫',
  '日本語',
  'Ωmega',
  'Straße',
  'Zoë',
  'Ørsted',
  '…',
  '✅',
);
const cleanText = fc.array(WORDS, { maxLength: 20 }).map((ws) => ws.join(' '));

describe('fixMojibake', () => {
  it.each([
    ['Microsoftâ€™s', 'Microsoft’s'],
    ['üìÖ 2026-01-05 ‚è´', '📅 2026-01-05 ⏫'],
    ['Kar√©n', 'Karén'],
    ['â€œQuotedâ€\u009d â€” done', '“Quoted” — done'],
    ['JosÃ© GarcÃ­a', 'José García'],
    ['Ã¼ber', 'über'],
    ['Karén and JosÃ©', 'Karén and José'],
  ])('repairs %j', (garbled, clean) => {
    expect(hasMojibake(garbled)).toBe(true);
    expect(fixMojibake(garbled)).toBe(clean);
  });

  it.each(['naïve café — ok', '© 2025 ±5°', 'Thanks 👍 see 日本語 docs', 'Ü—', 'plain ascii'])(
    'leaves clean %j unchanged',
    (clean) => {
      expect(fixMojibake(clean)).toBe(clean);
    },
  );

  it('does not flag clean text as mojibake', () => {
    expect(hasMojibake('naïve café — ok © 2025 ±5° 📅')).toBe(false);
  });

  it('undoes a cp1252 misreading of any plausible text', () => {
    fc.assert(
      fc.property(plausibleText, (text) => fixMojibake(garbleCp1252(text)) === text),
      { numRuns: 500 },
    );
  });

  it('undoes a MacRoman misreading of any plausible text', () => {
    fc.assert(
      fc.property(plausibleText, (text) => fixMojibake(garbleMacRoman(text)) === text),
      { numRuns: 500 },
    );
  });

  it('never changes clean text', () => {
    fc.assert(
      fc.property(cleanText, (text) => fixMojibake(text) === text),
      { numRuns: 500 },
    );
  });
});
