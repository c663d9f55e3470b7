import { describe, expect, it } from 'vitest';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { emailUnits, splitSentences, stripSignature, transcriptUnits, wallClock } from './sentences.ts';

describe('splitSentences', () => {
  it('splits on sentence punctuation but not after common abbreviations', () => {
    expect(splitSentences('Dr. Chen met Acme Inc. on Jan. 5 in Redmond. It went well! Next steps? Yes.')).toEqual([
      'Dr. Chen met Acme Inc. on Jan. 5 in Redmond.',
      'It went well!',
      'Next steps?',
      'Yes.',
    ]);
  });

  it('treats lines as boundaries and drops mail quote markers', () => {
    expect(splitSentences('> Hi Noa,\n> \n> Is it still the case? I think so')).toEqual([
      'Hi Noa,',
      'Is it still the case?',
      'I think so',
    ]);
  });
});

describe('stripSignature', () => {
  it('cuts at the sign-off and at quoted history', () => {
    expect(stripSignature('Please send it.\nThanks,\nNoa\nVP Products\n+1 555')).toBe('Please send it.');
    expect(stripSignature('Agreed.\nOn Mon, 5 Jan 2026 at 20:35 Itzik Reich <i@x.com> wrote:\nold text')).toBe(
      'Agreed.',
    );
  });
});

describe('emailUnits', () => {
  it("reads no line of a sender's contact card, not even as text the thread holds outside its messages", () => {
    const env = emailEnvelope('Azure VoC', [
      {
        from: { name: 'Ray Coetzee', email: 'ray.coetzee@vastdata.com' },
        date: '2025-12-11T09:00:38',
        body: [
          'Their lab does not have GPU nodes available.',
          '',
          'Regards',
          '',
          'RAY COETZEE | FIELD TECHNICAL DIRECTOR, UK',
          'ray.coetzee@vastdata.com | +44 759 704 7060 | IN/HTTPS://WWW.LINKEDIN.COM/IN/RAY-COETZEE/',
          'WWW.VASTDATA.COM',
          'P.S. The PoC shipped to Redmond on Monday.',
        ].join('\n'),
      },
    ]);
    const texts = emailUnits(env, () => false, ['Ray Coetzee']).map((u) => u.text);
    expect(texts).toContain('Their lab does not have GPU nodes available.');
    expect(texts.filter((t) => /COETZEE|@|WWW/i.test(t))).toEqual([]);
    // after the sign-off, what is not a card line is still read (as text no message body holds)
    expect(texts).toContain('P.S. The PoC shipped to Redmond on Monday.');
  });
});

describe('wallClock', () => {
  it('keeps the written wall-clock time whatever the offset, and defaults a bare date to 09:00', () => {
    const d = wallClock('2025-12-11T09:00:38-08:00');
    expect([d?.getFullYear(), d?.getMonth(), d?.getDate(), d?.getHours()]).toEqual([2025, 11, 11, 9]);
    expect(wallClock('2025-10-29')?.getHours()).toBe(9);
    expect(wallClock(null)).toBeNull();
    expect(wallClock('soon')).toBeNull();
  });
});

describe('units: who said it', () => {
  const isOwner = (name: string | null | undefined) => name === 'Jason Vallery';

  it('gives the unnamed turns of a 1:1 to the one other person taking part', () => {
    const env = transcriptEnvelope('1:1', '2025-10-29', [
      { speaker: 'Jason Vallery', text: 'Can you send me the RFP?' },
      { speaker: 'Speaker 2', text: "Sure, I'll send it tonight." },
    ]);
    const units = transcriptUnits(env, isOwner, ['Kushal Datta', 'Myself']);
    expect(units.map((u) => u.speaker)).toEqual(['Myself', 'Kushal Datta']);
  });

  it('leaves unnamed turns unattributed when more than one other person takes part', () => {
    const env = transcriptEnvelope('Sync', '2025-10-29', [
      { speaker: 'Jason Vallery', text: 'Can you send me the RFP?' },
      { speaker: 'Speaker 2', text: "Sure, I'll send it tonight." },
    ]);
    expect(transcriptUnits(env, isOwner, ['Kushal Datta', 'Noa Cohen', 'Myself'])[1]?.speaker).toBeNull();
  });
});
