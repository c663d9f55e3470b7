import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReply } from '../extract/offline/reply.ts';
import { ownerMatcher } from '../extract/participants.ts';
import { parseEmailMarkdown } from '../ingest/email-md.ts';
import type { SourceEnvelope } from '../ingest/envelope.ts';
import { prepareText } from '../ingest/index.ts';
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
    expect(t.reasons).toContain('addressed to you');
    expect(t.reasons.join('\n')).toMatch(/asks: "@jason, can you please take it with google/);
  });

  it('Google RFP thread: Tomer answers the owner and asks back -> reply to Tomer (the last sender), not Alon', () => {
    const env = fixtureThread('e-20251215-745714');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.needed).toBe(true);
    expect(t.to?.email).toBe('tomer.hagay@vastdata.com');
    expect(t.reasons).toContain('a reply to your message');
    expect(t.reasons.join('\n')).toMatch(/do you know where the requirement comes from\?/);
  });

  it('Azure VoC thread: the newest message greets Ray, and Lior takes the answer himself -> no draft', () => {
    const env = fixtureThread('e-20251211-34d7d8');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t).toMatchObject({ needed: false, to: null });
    expect(t.reasons).toEqual(['nothing asked of you is open']);
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

  it('uses To/Cc when the source has them: asked by name while in Cc -> low urgency; a question to others -> none', () => {
    const me = { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' };
    const noa = { name: 'Noa Cohen', email: 'noa@vastdata.com' };
    const cc = withNewest(tls, { to: [noa], cc: [me], body: 'Jason, can you confirm the test plan timing?' });
    expect(triageReply(cc, emptyExtractionFor(cc), config)).toMatchObject({ needed: true, urgency: 'low', cc: [noa] });
    const other = withNewest(tls, { to: [noa], cc: [], body: 'Can you confirm the test plan timing?' });
    expect(triageReply(other, emptyExtractionFor(other), config).reasons).toEqual(['nothing asked of you is open']);
  });

  it("asks the extractor's own question, so a draft and the note's reply-needed agree", () => {
    const thanks = withNewest(tls, {
      to: [{ name: 'Jason', email: 'jason.vallery@vastdata.com' }],
      body: 'Thanks Jason, that helps.',
    });
    // A model's extraction claiming a reply is owed does not make one: the decision is the shared one.
    const judged = emptyExtractionFor(thanks, { reply: { needed: true, urgency: 'urgent', reasons: ['model'] } });
    expect(triageReply(thanks, judged, config)).toMatchObject({
      needed: false,
      reasons: ['nothing asked of you is open'],
    });
    for (const env of [tls, thanks, fixtureThread('e-20251215-745714'), fixtureThread('e-20251211-34d7d8')]) {
      const isOwner = ownerMatcher(config);
      expect(triageReply(env, emptyExtractionFor(env), config).needed, env.title).toBe(
        extractReply(env, isOwner, 'jason')?.needed,
      );
    }
  });

  it('marks urgency with the reason shown', () => {
    const env = withNewest(tls, { body: '@jason can you send the TLS plan to Google today? It is a must-have.' });
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t.urgency).toBe('urgent');
    expect(t.reasons).toContain('urgent wording ("today")');
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

/** A gold-labelled source (test/fixtures/gold/sources), read by the real adapter. */
function gold(id: string): SourceEnvelope {
  const file = path.resolve(import.meta.dirname, '../../test/fixtures/gold/sources', id, 'source.md');
  return parseEmailMarkdown(prepareText(readFileSync(file, 'utf8')).text, `Inbox/${id}.md`);
}

describe('triageReply on solicitations', () => {
  it('an expert network\'s "urgent" request gets no draft by default, whatever it asks (e-20251219-1b6370)', () => {
    const env = gold('e-20251219-1b6370');
    const t = triageReply(env, emptyExtractionFor(env), config);
    expect(t).toMatchObject({ needed: false, to: null });
    expect(t.reasons).toEqual([
      'Isabella Lista <isabella.lista@alphasights.com> writes for an expert network: no draft unless drafts.solicitations is on',
    ]);
  });

  it('a "paid consultation" pitch is one too, recognised by its words from any address', () => {
    const env = gold('e-20251228-befff5');
    const fromGmail = withNewest(env, { from: { name: 'Olivia Bao', email: 'olivia.bao@gmail.com' } });
    expect(triageReply(fromGmail, emptyExtractionFor(env), config).reasons[0]).toMatch(
      /^a solicitation \("(?:AlphaSights|paid consultation)"\): no draft/,
    );
  });

  it('drafts.solicitations: true drafts them, saying so', () => {
    const env = gold('e-20251219-1b6370');
    const t = triageReply(env, emptyExtractionFor(env), ownerConfig('drafts:\n  solicitations: true\n'));
    expect(t.needed).toBe(true);
    expect(t.to?.email).toBe('isabella.lista@alphasights.com');
    expect(t.reasons.at(-1)).toMatch(/drafted because drafts\.solicitations is on/);
  });

  it('a newsletter or list mail gets no draft', () => {
    const env = withNewest(fixtureThread('e-20260105-cf0ae7'), {
      from: { name: 'Storage Weekly', email: 'editor@storageweekly.com' },
      subject: 'Storage Weekly newsletter: what do you think of QLC?',
      body: 'What do you think of QLC? Tell us.\n\nUnsubscribe | Manage preferences',
    });
    expect(triageReply(env, emptyExtractionFor(env), config).reasons[0]).toMatch(/notification/);
  });
});

describe('disclaimers and signatures', () => {
  it('a legal footer\'s "please notify the sender" is no request', () => {
    const body = [
      'Jason, attached are the slides from today.',
      '',
      'This e-mail message is intended only for the recipient identified in the address of this message. If you have received this e-mail message in error, please notify the sender immediately by reply e-mail and delete this message.',
    ].join('\n');
    const env = withNewest(tls(), { body, to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }] });
    expect(triageReply(env, emptyExtractionFor(env), config)).toMatchObject({
      needed: false,
      reasons: ['nothing asked of you is open'],
    });
  });

  it('nor is a signature\'s "please consider the environment"', () => {
    const body = 'Jason, the PO is signed.\n\nBest regards,\nNoa\nPlease consider the environment before printing.';
    const env = withNewest(tls(), { body, to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }] });
    expect(triageReply(env, emptyExtractionFor(env), config).needed).toBe(false);
  });
});

function tls(): SourceEnvelope {
  return fixtureThread('e-20260105-cf0ae7');
}

describe('ownText', () => {
  it('stops at the quoted history', () => {
    const body = 'Looks good, ship it?\n\nOn Mon, 5 Jan 2026 at 21:07 Noa Cohen <noa@vastdata.com> wrote:\n> old text?';
    expect(ownText(body)).toBe('Looks good, ship it?');
  });
});
