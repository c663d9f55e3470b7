import { describe, expect, it } from 'vitest';
import type { Unit } from './sentences.ts';
import { extractTopics } from './topics.ts';

function u(text: string): Unit {
  return { text, speaker: null, audience: [], ref: null, index: 0, position: 0 };
}

describe('extractTopics', () => {
  it('ranks recurring capitalised terms and acronyms, never people or weekdays', () => {
    const units = [
      'I believe we talked about TLS support for Block in 5.6.',
      'Is TLS for Block still planned? Google GDC needs it.',
      'Noa Cohen said the Google GDC RFP needs TLS by Friday.',
      'Noa Cohen will check with the RFP team on Friday.',
    ].map(u);
    expect(extractTopics(units, ['Noa Cohen'])).toEqual(['TLS', 'Block', 'GDC', 'Google', 'RFP']);
  });

  it('is empty when nothing recurs', () => {
    expect(extractTopics([u('We met Acme once.')], [])).toEqual([]);
  });
});
