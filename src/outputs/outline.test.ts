import { describe, expect, it } from 'vitest';
import { formatDate, mentionedDates, messageInstant, replyOutline } from './outline.ts';
import { emptyExtractionFor, fixtureThread, ownerConfig } from './testing/threads.ts';

const config = ownerConfig();

describe('replyOutline', () => {
  it('lists the questions of the newest message only, without list markers or quoted history', () => {
    const env = fixtureThread('e-20251215-745714');
    const o = replyOutline(env.messages.at(-1)!, emptyExtractionFor(env), config);
    expect(o.questions).toEqual([
      'Re:SEDs in general - do you know where the requirement comes from?',
      'SSE-C - What do you mean by gochas?',
    ]);
    // Jason's own questions are quoted below Tomer's answer: they are not asked of him.
    expect(o.questions.join(' ')).not.toContain('FIPS-certified QLC');
  });

  it("lists requests and the owner's tasks from the extraction as commitments", () => {
    const env = fixtureThread('e-20260105-cf0ae7');
    const ex = emptyExtractionFor(env, {
      tasks: [
        {
          id: 't1',
          text: 'Take TLS for Block with Google',
          owner: 'Myself',
          due: '2026-01-09',
          priority: null,
          status: 'proposed',
          evidence: 'take it with google',
        },
        {
          id: 't2',
          text: 'Share test timing',
          owner: 'Maroun',
          due: null,
          priority: null,
          status: 'proposed',
          evidence: 'suggested tests timing',
        },
      ],
    });
    const o = replyOutline(env.messages.at(-1)!, ex, config);
    expect(o.questions).toEqual([
      '@jason, can you please take it with google once maroun will come with the suggested tests timing ?',
    ]);
    expect(o.commitments).toEqual(['Take TLS for Block with Google (due 2026-01-09)']);
  });
});

describe('mentionedDates', () => {
  it('states dates exactly, resolved against the message date, with weekday and offset', () => {
    const ref = messageInstant('2026-01-02T10:00:00');
    const dates = mentionedDates('Can we meet Monday Jan 5, 2026 at 2pm MST? The RFP closes 1/30/2026.', ref);
    expect(dates.map(formatDate)).toEqual([
      '"Monday Jan 5, 2026 at 2pm MST" = Monday 2026-01-05 14:00 (UTC-07:00)',
      '"1/30/2026" = Friday 2026-01-30',
    ]);
  });

  it('skips bare times that name no day, and "now"', () => {
    expect(mentionedDates('Call me at 5', messageInstant('2026-01-02'))).toEqual([]);
    expect(
      mentionedDates('we need a plan now. We will talk tomorrow', messageInstant('2025-12-21T07:52:42')).map(
        formatDate,
      ),
    ).toEqual(['"tomorrow" = Monday 2025-12-22']);
  });
});
