import { describe, expect, it } from 'vitest';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { cleanSubject, extractTitle } from './title.ts';

describe('cleanSubject', () => {
  it('strips stacked reply, forward and external prefixes', () => {
    expect(cleanSubject('RE: Fwd: [EXTERNAL] Re: Azure VoC for MSFT testing')).toBe('Azure VoC for MSFT testing');
    expect(cleanSubject('AW: Angebot')).toBe('Angebot');
    expect(cleanSubject('Reply needed: pricing')).toBe('Reply needed: pricing');
  });
});

describe('extractTitle', () => {
  it('uses the thread subject for email and the adapter title otherwise', () => {
    const env = emailEnvelope('Re: Re: Pricing', [
      { from: { name: 'A B', email: 'a@b.com' }, date: '2025-01-01T10:00:00', body: 'Hi' },
    ]);
    expect(extractTitle(env)).toBe('Pricing');
    expect(extractTitle(transcriptEnvelope('Google GDC RFP', '2025-12-15', []))).toBe('Google GDC RFP');
  });
});
