import { describe, expect, it } from 'vitest';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { emptyExtractionFor, fixtureThread, ownerConfig } from './testing/threads.ts';
import { ownText, triageReply } from './triage.ts';

const config = ownerConfig();

function withNewest(env: SourceEnvelope, patch: Partial<SourceEnvelope['messages'][number]>): SourceEnvelope {
  const messages = env.messages.map((m, i) => (i === env.messages.length - 1 ? { ...m, ...patch } : m));
  return { ...env, messages };
}

describe('triageReply on the real email fixtures', () => {
  it('TLS thread: Itzik asks @jason to take it with Google -> reply to Itzik, cc Noa', () => {
    const env = fixtureThread('e-20260105-cf0ae7');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.needed).toBe(true);
    expect(t.to).toEqual({ name: 'Itzik Reich', email: 'itzik.reich@vastdata.com' });
    expect(t.cc).toEqual([{ name: 'Noa Cohen', email: 'noa@vastdata.com' }]);
    expect(t.urgency).toBe('normal');
    expect(t.reasons.join('\n')).toMatch(/addresses you by name \("jason"\)/);
    expect(t.reasons.join('\n')).toMatch(/asks: "@jason, can you please take it with google/);
  });

  it('Google RFP thread: Tomer answers the owner and asks back -> reply to Tomer (the last sender), not Alon', () => {
    const env = fixtureThread('e-20251215-745714');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.needed).toBe(true);
    expect(t.to?.email).toBe('tomer.hagay@vastdata.com');
    expect(t.reasons.join('\n')).toMatch(/quotes a message you wrote/);
    expect(t.reasons.join('\n')).toMatch(/do you know where the requirement comes from\?/);
  });

  it('Azure VoC thread: the newest message greets Ray, and Lior takes the answer himself -> no draft', () => {
    const env = fixtureThread('e-20251211-34d7d8');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t).toMatchObject({ needed: false, to: null });
    expect(t.reasons).toEqual(['the newest message is addressed to "ray", not to you']);
  });

  it('the Accepted: calendar response gets no draft', () => {
    const env = fixtureThread('e-20260105-3f084f');
    const t = triageReply(
      env,
      emptyExtractionFor(env, { reply: { needed: true, urgency: 'normal', reasons: ['model says so'] } }),
      config,
    );
    expect(t.needed).toBe(false);
    expect(t.reasons[0]).toMatch(/calendar response/);
  });

  it("the Salesforce Loss Alert is a system notification sent in a person's name: no draft", () => {
    const env = fixtureThread('e-20260105-a67371');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.needed).toBe(false);
    expect(t.reasons[0]).toMatch(/system alert\/notification/);
  });
});

describe('triageReply rules', () => {
  const tls = fixtureThread('e-20260105-cf0ae7');

  it('never drafts when the owner wrote last', () => {
    const env = withNewest(tls, { from: { name: 'Jason Vallery', email: 'JASON.VALLERY@vastdata.com' } });
    expect(triageReply(env, emptyExtractionFor(env), config).reasons).toEqual(['the newest message is from you']);
  });

  it('never drafts to a no-reply sender, even one that asks a question', () => {
    const env = withNewest(tls, { from: { name: 'Salesforce', email: 'noreply@salesforce.com' } });
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.needed).toBe(false);
    expect(t.reasons[0]).toMatch(/no-reply/);
  });

  it("honours the adapter's automated flag and drafts.skip_senders (substring and /regex/)", () => {
    expect(triageReply(withNewest(tls, { automated: true }), emptyExtractionFor(tls), config).needed).toBe(false);
    const skipping = ownerConfig('drafts:\n  skip_senders: ["/^itzik\\\\b/"]\n');
    expect(triageReply(tls, emptyExtractionFor(tls), skipping).reasons[0]).toMatch(/skip_senders/);
    const bySubstring = ownerConfig('drafts:\n  skip_senders: ["@vastdata.com"]\n');
    expect(triageReply(tls, emptyExtractionFor(tls), bySubstring).needed).toBe(false);
  });

  it('uses To/Cc when the source has them: only in Cc -> low urgency; not a recipient -> no draft', () => {
    const me = { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' };
    const noa = { name: 'Noa Cohen', email: 'noa@vastdata.com' };
    const body = 'Can you confirm the test plan timing?';
    const cc = withNewest(tls, { to: [noa], cc: [me], body });
    expect(triageReply(cc, emptyExtractionFor(cc), config)).toMatchObject({ needed: true, urgency: 'low', cc: [noa] });
    const other = withNewest(tls, { to: [noa], cc: [], body });
    expect(triageReply(other, emptyExtractionFor(other), config).reasons).toEqual([
      'you are not among the recipients of the newest message',
    ]);
  });

  it('needs a question or a request: a thank-you gets no draft unless the extractor says a reply is needed', () => {
    const thanks = withNewest(tls, {
      to: [{ name: 'Jason', email: 'jason.vallery@vastdata.com' }],
      body: 'Thanks Jason, that helps.',
    });
    expect(triageReply(thanks, emptyExtractionFor(thanks), config).reasons.at(-1)).toBe(
      'it neither asks a question nor requests anything',
    );
    const judged = emptyExtractionFor(thanks, {
      reply: { needed: true, urgency: 'urgent', reasons: ['commitment pending'] },
    });
    expect(triageReply(thanks, judged, config)).toMatchObject({ needed: true, urgency: 'urgent' });
  });

  it('marks urgency with the reason shown', () => {
    const env = withNewest(tls, { body: '@jason can you send the TLS plan to Google today? It is a must-have.' });
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.urgency).toBe('urgent');
    expect(t.reasons.at(-1)).toBe('urgent: "today"');
  });

  it('never copies the owner or an automated address into cc', () => {
    const env = withNewest(tls, {
      to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }],
      cc: [
        { name: 'Jira', email: 'jira@vastdata.atlassian.net' },
        { name: 'Alerts', email: 'no-reply@vastdata.com' },
        { name: 'Noa', email: 'noa@vastdata.com' },
      ],
    });
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.cc.map((a) => a.email)).not.toContain('jason.vallery@vastdata.com');
    expect(t.cc.map((a) => a.email)).not.toContain('no-reply@vastdata.com');
    expect(t.cc.map((a) => a.email)).toContain('noa@vastdata.com');
  });

  it('transcripts never get a draft', () => {
    const env: SourceEnvelope = { ...tls, kind: 'transcript', messages: [] };
    expect(triageReply(env, emptyExtractionFor(env), config)).toMatchObject({
      needed: false,
      reasons: ['not an email thread'],
    });
  });
});

describe('ownText', () => {
  it('stops at the quoted history', () => {
    const body = 'Looks good, ship it?\n\nOn Mon, 5 Jan 2026 at 21:07 Noa Cohen <noa@vastdata.com> wrote:\n> old text?';
    expect(ownText(body)).toBe('Looks good, ship it?');
  });
});
