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

  it('counts a plural with its singular, as one topic', () => {
    const units = ['We need two more IPs for the GPUs.', 'The IP plan covers each GPU.', 'A third IP is spare.'].map(u);
    expect(extractTopics(units, [])).toEqual(['IP', 'GPU']);
  });

  it('is empty when nothing recurs', () => {
    expect(extractTopics([u('We met Acme once.')], [])).toEqual([]);
  });
});
