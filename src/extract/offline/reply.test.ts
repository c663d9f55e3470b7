import { describe, expect, it } from 'vitest';
import { parseEmailMarkdown } from '../../ingest/email-md.ts';
import { Config } from '../../vault/config.ts';
import { ownerMatcher } from '../participants.ts';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { extractReply } from './reply.ts';

const config = Config.parse({ owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'] } });
const isOwner = ownerMatcher(config);
const jason = { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' };

describe('extractReply', () => {
  it('needs a reply when someone else asks the owner something, urgent when the deadline is near', () => {
    const env = emailEnvelope('Quote', [
      {
        from: { name: 'Jeff Denworth', email: 'jeff@vastdata.com' },
        to: [jason],
        date: '2025-12-22T10:00:00',
        body: 'Can you send the quote by tomorrow?',
      },
    ]);
    expect(extractReply(env, isOwner, 'jason')).toEqual({
      needed: true,
      urgency: 'urgent',
      reasons: ['addressed to you', 'asks a question', 'deadline 2025-12-23 is within two days'],
    });
  });

  it("needs no reply to the owner's own message, to a notification, or to a message for someone else", () => {
    const own = emailEnvelope('Quote', [{ from: jason, date: '2025-12-22T10:00:00', body: 'Can you send it?' }]);
    expect(extractReply(own, isOwner, 'jason')?.needed).toBe(false);
    const bot = emailEnvelope('Alert', [
      {
        from: { name: 'Salesforce', email: 'noreply@salesforce.com' },
        date: '2025-12-22T10:00:00',
        body: 'Jason, can you check?',
        automated: true,
      },
    ]);
    expect(extractReply(bot, isOwner, 'jason')?.reasons).toEqual(['the newest message is automated']);
    const other = emailEnvelope('VoC', [
      {
        from: { name: 'Lior Genzel', email: 'lior@vastdata.com' },
        to: [{ name: 'Ray Coetzee', email: 'ray@vastdata.com' }],
        date: '2025-12-11T09:13:00',
        body: 'Ray, can you suggest a call?',
      },
    ]);
    expect(extractReply(other, isOwner, 'jason')).toMatchObject({ needed: false, urgency: 'low' });
  });

  it('is null for a transcript', () => {
    expect(extractReply(transcriptEnvelope('Call', null, []), isOwner, 'jason')).toBeNull();
  });
});

/** Excerpts of real Apple Mail exports (test/fixtures/gold/sources), read by the real adapter. */
function exported(subject: string, blocks: { at: string; from: string; body: string }[]) {
  const text = [
    `# ${subject}`,
    `- Messages: ${blocks.length}`,
    '---',
    ...blocks.map(
      (b) =>
        `## ${b.at} — ${b.from}\n**Subject:** ${subject}\n${b.body
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}\n---`,
    ),
  ].join('\n');
  return parseEmailMarkdown(text, `${subject}.md`);
}
const needed = (env: ReturnType<typeof exported>) => extractReply(env, isOwner, 'jason')?.needed;

describe('extractReply on real threads', () => {
  it('reads a request without a question mark in a one-correspondent thread', () => {
    // e-20251201-f696de, e-20260101-48ae50
    const karl = exported('Support for GDC/Azure Local', [
      {
        at: '2025-12-01 11:48:41',
        from: 'Karl Vietmeier <karl.vietmeier@vastdata.com>',
        body: 'Jason,\nWe’re seeing growing interest in whether we support GCD and Azure Local.\nLooking for your guidance on how aggressive we should be in asserting ownership.\nThanks,',
      },
    ]);
    expect(needed(karl)).toBe(true);
    const james = exported('Applied Postings', [
      {
        at: '2026-01-01 16:29:58',
        from: 'James Vallery <james@vallery.net>',
        body: 'I’m not sure how to see the 2nd degree connections for a company so you’ll have to see if you know anyone at these companies.',
      },
    ]);
    expect(needed(james)).toBe(true);
  });

  it("answers to the owner's quoted question are for the owner", () => {
    // e-20251215-745714: the owner's message is only quoted, and its quoted clock is later than the export's.
    const env = exported('Re: Google Distributed Cloud - RFP Follow-up', [
      {
        at: '2025-12-15 17:47:47',
        from: 'Alon Horev <alon@vastdata.com>',
        body: 'You should be working with Violet on these matters.\n\nOn Mon, Dec 15, 2025 at 7:27 PM Jason Vallery <jason.vallery@vastdata.com> wrote:\nHi Alon/Tomer —\n\nWe had a walk through call of the RFP with Google today and a few follow-up questions came up which I could use your help answering:',
      },
      {
        at: '2025-12-15 18:32:01',
        from: 'Tomer Hagay <tomer.hagay@vastdata.com>',
        body: 'Violet is indeed the expert. Here are some answers in the meantime:\n\nRe:SEDs in general - do you know where the requirement comes from?\n\nTomer',
      },
    ]);
    expect(extractReply(env, isOwner, 'jason')).toMatchObject({
      needed: true,
      reasons: expect.arrayContaining(['asks a question']),
    });
  });

  it('keeps an ask from earlier in the thread open until the owner or a co-addressee answers', () => {
    // e-20251219-cb9cce: Mohamad's ask survives only in the quoted history; nobody it was put to has answered.
    const open = exported('Re: AKS AI Roadshow - GBB - Vast', [
      {
        at: '2025-12-19 14:30:58',
        from: 'Tiffany Stonehill <tiffany.stonehill@vastdata.com>',
        body: "Mohamad and Kurt,\nWhat is a good day to connect on the current pipeline?\nI will coordinate with Jason on getting the slides and access out to you.\n\nOn Tue, Dec 16, 2025 at 12:50 PM Mohamad Al Jazaery <maljazaery@microsoft.com> wrote:\nHi Vast team,\n\nThank you for presenting to us. It was a very informative and inspiring session.\n\n@Chris & @jason.vallery, please share the slides and code that you presented to us. @Tiffany, let's sync on the current list of Azure customers.",
      },
      {
        at: '2025-12-19 20:02:59',
        from: 'Mohamad Al Jazaery <maljazaery@microsoft.com>',
        body: "Happy holidays! I will be out for the next 2 weeks so let's connect on Jan.",
      },
    ]);
    expect(needed(open)).toBe(true);
    // e-20251211-34d7d8: asked of Lior and the owner; Lior answered.
    const settled = exported('Re: Azure VoC for MSFT testing', [
      {
        at: '2025-12-11 09:00:38',
        from: 'Ray Coetzee <ray.coetzee@vastdata.com>',
        body: 'hey Karl\n\n@Lior Genzel @Jason Vallery please chime in here on how we should approach this. Should we entertain this at all?',
      },
      {
        at: '2025-12-11 09:13:23',
        from: 'Lior Genzel <lior.genzel@vastdata.com>',
        body: 'Ray,\nCan you please suggest a follow up call with the team who made the request?\nThe answer will be NO.',
      },
    ]);
    expect(needed(settled)).toBe(false);
  });

  it('a roll call to everyone waits for each answer', () => {
    // e-20260104-9fe356
    const env = exported('Re: Tues mens group', [
      {
        at: '2026-01-04 11:56:42',
        from: 'David Ellis <dtellis@gmail.com>',
        body: 'Hi all,\n\nWe had planned to do the final chat about 2084 and dinner at Wapos this tuesday at 630. Can you let me know if you are in or not to see if we have a quorum?\n\nDavid',
      },
      {
        at: '2026-01-04 11:59:07',
        from: 'Trent Stickney <trentstickney65@hotmail.com>',
        body: 'I can make it.\nTrent',
      },
      { at: '2026-01-04 13:28:09', from: 'Ben Kaiser <ben.kaiser12@gmail.com>', body: 'Count me in!\n\n-Ben' },
    ]);
    expect(needed(env)).toBe(true);
  });

  it('needs no reply to an ask to attend a call, an offer, a board-wide form, or once the owner has answered', () => {
    // e-20260105-0144b9
    const attend = exported('Nick Parker meeting strategy', [
      {
        at: '2026-01-05 06:37:10',
        from: 'Lior Genzel <lior.genzel@vastdata.com>',
        body: 'Jonsi & Jason,\nPlease attend this call tomorrow.\nThe objective is to discuss the strategy of how we use Renen meeting.\n\nLior',
      },
    ]);
    expect(needed(attend)).toBe(false);
    // e-20251210-e3fef7
    const offer = exported('Confidential - IHDF exec session quick recap', [
      {
        at: '2025-12-10 14:15:30',
        from: 'Erika Smith <erikars702@gmail.com>',
        body: 'Hi, we missed you today. I want to give you a quick recap of exec session, not a comment by comment rundown. Pls ping for more info if you’d like.',
      },
    ]);
    expect(needed(offer)).toBe(false);
    // e-20251208-af518f
    const board = exported('Feedback Form for IHDF Strategic Plan', [
      {
        at: '2025-12-08 16:08:33',
        from: 'Perla Delgado <perla.delgado@ihaveadreamboulder.org>',
        body: 'Good afternoon IHDF Board of Directors,\n\nUsing the Draft Strategic Plan, please complete this Feedback Form by December 18.',
      },
    ]);
    expect(needed(board)).toBe(false);
    // e-20251231-4b8994: the owner's answers are only quoted; the newest message asks nothing.
    const answered = exported('Book club', [
      {
        at: '2025-12-31 18:28:01',
        from: 'David Ellis <dtellis@gmail.com>',
        body: 'I was thinking… Trent, Brandon, Brian, and the mikes?',
      },
      {
        at: '2026-01-01 14:17:12',
        from: 'David Ellis <dtellis@gmail.com>',
        body: 'Ashley is in his wifes book club.\n\nOn Thu, Jan 1, 2026 at 2:11 PM Jason Vallery <jason@vallery.net> wrote:\nI’m having a hard time picturing Mike N for some reason…\n\nYeah… agree on Nathan.',
      },
    ]);
    expect(
      extractReply(
        answered,
        ownerMatcher(Config.parse({ owner: { name: 'Jason Vallery', emails: ['jason@vallery.net'] } })),
        'jason',
      )?.needed,
    ).toBe(false);
  });

  it('an offer inside a request does not cancel it', () => {
    // e-20251219-1b6370
    const env = exported('AlphaSights', [
      {
        at: '2025-12-19 13:53:25',
        from: 'Isabella Lista <isabella.lista@alphasights.com>',
        body: 'Hi Jason,\nPlease get back to me today with a number to best reach you or feel free to schedule some time in my calendar.',
      },
    ]);
    expect(extractReply(env, isOwner, 'jason')).toMatchObject({ needed: true, urgency: 'urgent' });
  });
});
