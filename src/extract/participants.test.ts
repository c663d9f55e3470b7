import { describe, expect, it } from 'vitest';
import { parseEmailMarkdown } from '../ingest/email-md.ts';
import { parseTranscript } from '../ingest/transcript.ts';
import { Config } from '../vault/config.ts';
import { emailEnvelope, transcriptEnvelope } from './offline/build-envelope.ts';
import { displayName, extractParticipants, ownerMatcher } from './participants.ts';

const config = Config.parse({
  owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'], aliases: ['JV'] },
});
const isOwner = ownerMatcher(config);

describe('ownerMatcher', () => {
  it('knows the owner by name, alias or address, case-insensitively', () => {
    expect(isOwner('jason vallery')).toBe(true);
    expect(isOwner('Vallery, Jason')).toBe(true);
    expect(isOwner('JV')).toBe(true);
    expect(isOwner('Someone', 'Jason.Vallery@vastdata.com')).toBe(true);
    expect(isOwner('Jason Taylor')).toBe(false);
  });
});

describe('displayName', () => {
  it('turns addresses and "Last, First" into display names', () => {
    expect(displayName({ name: 'Denworth, Jeff' })).toBe('Jeff Denworth');
    expect(displayName({ name: 'karl.vietmeier@vastdata.com' })).toBe('Karl Vietmeier');
    expect(displayName({ name: '', email: 'noa@vastdata.com' })).toBe('');
  });
});

describe('extractParticipants', () => {
  it('lists senders and @-addressed people, and the owner only when they are named or wrote', () => {
    const named = emailEnvelope('VoC', [
      {
        from: { name: 'Ray Coetzee', email: 'ray@vastdata.com' },
        date: '2025-12-11T09:00:00',
        body: '@Karl Vietmeier @Jason Vallery please chime in.',
      },
    ]);
    expect(extractParticipants(named, isOwner, ['jason vallery', 'jason']).map((p) => p.name)).toEqual([
      'Ray Coetzee',
      'Karl Vietmeier',
      'Myself',
    ]);
    const alert = emailEnvelope('Loss alert', [
      {
        from: { name: 'Chris Bisson', email: 'chris@vastdata.com' },
        date: '2026-01-05T07:38:26',
        body: 'Chris Bisson just updated an opportunity.',
      },
    ]);
    expect(extractParticipants(alert, isOwner, ['jason vallery', 'jason']).map((p) => p.name)).toEqual([
      'Chris Bisson',
    ]);
  });

  it('drops generic speaker labels and no-reply senders', () => {
    const call = transcriptEnvelope('Call', '2025-10-29', [
      { speaker: 'Speaker 1', text: 'Hello?' },
      { speaker: 'Remote', text: 'Yes.' },
      { speaker: 'Jason Vallery', text: 'Hi.' },
      { speaker: 'Tomer Hagay', text: 'Hi.' },
    ]);
    expect(extractParticipants(call, isOwner).map((p) => p.name)).toEqual(['Myself', 'Tomer Hagay']);
    const bot = emailEnvelope('Invite', [
      {
        from: { name: 'Calendar', email: 'calendar-notification@google.com' },
        date: '2026-01-05T10:00:00',
        body: 'Jason, you have an invite.',
        automated: true,
      },
    ]);
    expect(extractParticipants(bot, isOwner, ['jason']).map((p) => p.name)).toEqual([]);
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

const names = (env: ReturnType<typeof exported>) =>
  extractParticipants(env, isOwner, ['jason vallery', 'jason']).map((p) => p.name);

describe('extractParticipants on real mail', () => {
  it('drops bare role and alias addresses of a To/Cc line, and mentions in passing; fixes a glued @-mention', () => {
    // e-20251201-31cd74
    const env = exported('RFE 0482', [
      {
        at: '2025-12-01 14:31:48',
        from: 'Jeff Denworth <jeff@vastdata.com>',
        body: [
          '@Mordechai Blaunsteincan you please sink your teeth into this one and bring in whatever parties you think make sense?',
          '',
          'From: Brian Evans <brian.evans@vastdata.com>',
          'Date: Monday, December 1, 2025 at 4:03 PM',
          'To: paul.libenson@vastdata.com <paul.libenson@vastdata.com>, tomer.hagay@vastdata.com <tomer.hagay@vastdata.com>, alon@vastdata.com <alon@vastdata.com>',
          'Cc: pm@vastdata.com <pm@vastdata.com>',
          'Subject: RFE Alert: RFE 0482',
          '',
          'Hello PM Team,',
        ].join('\n'),
      },
      {
        at: '2025-12-01 15:42:53',
        from: 'Mordechai Blaunstein <mordechai.blaunstein@vastdata.com>',
        body: 'I discussed with @Alon Horev and also watched the video of the last meeting with the nvidia team',
      },
    ]);
    expect(names(env)).toEqual([
      'Jeff Denworth',
      'Mordechai Blaunstein',
      'Brian Evans',
      'Paul Libenson',
      'Tomer Hagay',
    ]);
  });

  it('keeps an @-mention that addresses someone, in quoted history too, and people added with "+"', () => {
    // e-20251221-d98e9d, e-20251217-52d382
    const env = exported('Re: CES', [
      {
        at: '2025-12-21 13:48:31',
        from: 'Kirstin Bordner <kirstin.bordner@vastdata.com>',
        body: [
          "Adding @John Mao as he's also planning to be in Vegas.",
          '',
          'On Sun, Dec 21, 2025 at 9:48\u202fAM Kirstin Bordner <kirstin.bordner@vastdata.com> wrote:',
          '@Jeff Denworth\u00a0once you have a chance to approve the new BF4 blog that Nicole wrote, can you please share it with me',
        ].join('\n'),
      },
      {
        at: '2025-12-23 00:31:48',
        from: 'Asaf Levy <asaf@vastdata.com>',
        body: '+Shachar Fienblit \n\nJason, I have no way of making up these numbers.',
      },
    ]);
    expect(names(env)).toEqual([
      'Kirstin Bordner',
      'Asaf Levy',
      'John Mao',
      'Jeff Denworth',
      'Shachar Fienblit',
      'Myself',
    ]);
  });

  it('drops distribution lists, role mailboxes, shops and groups', () => {
    // e-20251219-74de19, e-20251214-c83657, e-20251229-0fdf77, e-20260104-7d1645
    const list = exported('AKS AI Roadshow', [
      {
        at: '2025-12-19 14:30:58',
        from: 'Tiffany Stonehill <tiffany.stonehill@vastdata.com>',
        body: [
          'Mohamad and Kurt,',
          '',
          'From: Mohamad Al Jazaery <maljazaery@microsoft.com>',
          'Sent: Monday, December 1, 2025 2:16 PM',
          'To: WW AI SC IaaS <wwaisciaas@service.microsoft.com>, Lior Genzel <lior.genzel@vastdata.com>',
          'Subject: AKS AI Roadshow - GBB - Vast',
          '',
          'VAST Data to present VAST + AKS.',
        ].join('\n'),
      },
    ]);
    expect(names(list)).toEqual(['Tiffany Stonehill', 'Mohamad Al Jazaery', 'Lior Genzel']);
    const shops = [
      ['kodeON <help@paddle.com>', 'BetterDisplay\nkodeON\n\nLicense key'],
      ['Express Scripts Pharmacy <express-scripts-pharmacy@orders.express-scripts.com>', 'Hi Jason, thank you!'],
      ['Rocky Mountain AI Interest Group RMAIIG <info@email.meetup.com>', 'scheduled a new event'],
    ];
    for (const [from, body] of shops) {
      expect(
        names(exported('Your order', [{ at: '2025-12-14 12:55:03', from: from as string, body: body as string }])),
      ).toEqual([]);
    }
  });

  it('names the person a service writes for, not the service', () => {
    // e-20251222-7947a1, e-20251226-d96e9b
    const share = exported('Share request for "VAST and Azure Integration.docx"', [
      {
        at: '2025-12-22 06:07:18',
        from: 'Lior Genzel <drive-shares-dm-noreply@google.com>',
        body: 'Share a document?\n\nLior Genzel (lior.genzel@vastdata.com) is requesting access to the following document:',
      },
    ]);
    expect(names(share)).toEqual(['Lior Genzel']);
    const linkedin = exported('Jason, start a conversation with your new connection, Louis', [
      {
        at: '2025-12-26 19:42:37',
        from: 'Louis Feuvrier via LinkedIn <invitations@linkedin.com>',
        body: 'See Louis’s connections, experience, and more',
      },
    ]);
    expect(names(linkedin)).toEqual(['Louis Feuvrier']);
  });

  it("lists an invitation's guests", () => {
    // e-20260105-5599bd
    const env = exported('Invitation: Google RFP: Internal Sync', [
      {
        at: '2026-01-05 05:27:37',
        from: 'Lior Genzel <lior.genzel@vastdata.com>',
        body: 'When\nMonday Jan 5, 2026\nGuests\nLior Genzel - organizer\nMaroun Issa\nItzik Reich\nDan Reichhardt\nJason Vallery\nView all guest info\nReply for jason.vallery@vastdata.com',
      },
    ]);
    expect(names(env)).toEqual(['Lior Genzel', 'Maroun Issa', 'Itzik Reich', 'Dan Reichhardt', 'Myself']);
  });

  it('splits a shared address into its people and gives initials the name the sender signs with', () => {
    // e-20251218-c91d50, e-20260104-9fe356
    const env = exported('Re: Tues mens group', [
      {
        at: '2025-12-20 06:06:21',
        from: 'Brandon & Priscilla Dodsworth <brandonandpriscilla@gmail.com>',
        body: 'Thanks for thinking of me but we will be going down to Texas.\n\n-Brandon',
      },
      {
        at: '2025-12-21 08:00:00',
        from: 'M.A. Weimer <michael.weimer@protonmail.com>',
        body: 'I am in.\n\nMike\n\nMike Weimer, MSEE, PE',
      },
    ]);
    expect(names(env)).toEqual(['Brandon Dodsworth', 'Priscilla Dodsworth', 'Mike Weimer']);
  });
});

/** Transcript excerpts from test/fixtures/gold/sources, read by the real adapter. */
const call = (text: string, file = '20251029 0759 Parallels Transcription.md') =>
  extractParticipants(parseTranscript(text, file, new Date('2026-01-01T00:00:00Z')), isOwner).map((p) => p.name);

describe('extractParticipants on real calls', () => {
  it('keeps the listed people the call hears from, not those only invited or talked about', () => {
    // t-20251029-1d49f6: Jotam "hopping in" never speaks; the others introduce themselves or are spoken to.
    const text = [
      '**Participants:** Dave Stryker, Peter Kapsashi, Jonsi Stefansson, Jason Vallery, A.K. Rapsone, Ikki, Huckney, Pali, Jotam',
      '',
      '```text',
      '[00:01:52.53]   RemoteAlright, we got Jotam hopping in. Awesome, uh, I think that we, I know we have who we need from the tackle side, Ikki, should we get started or are we waiting for anybody else?',
      "[00:02:10.00]   RemoteYeah, let's get started. Okay, cool. We'll just do some quick intros first. I'm Dave Stryker. I'm the County Executive here at Tackle.",
      '[00:03:01.00]   RemoteYeah, hi everybody. My name is Peter Kapsashi. Everybody calls me PK at this point.',
      "[00:04:20.00]   Remote- Yeah, hey everybody, I'm Jonsi Stefansson, I'm the GM of Cloud at VAST.",
      "[00:04:56.68]   Remote- Awesome. - Yeah, A.K. Rapsone, you know me. I'm VP of Cloud Engineering.",
      "[00:05:10.00]   Remote- O9 New York, we're setting guys, you know me. I'm Huckney, I just joined about a month ago.",
      '[00:05:20.00]   RemoteYeah, same with me, Pali, working with Egi, doing two years.',
      '[00:05:30.00]  Jason VallerySounds good.',
      '```',
    ].join('\n');
    expect(call(text)).toEqual([
      'Myself',
      'Dave Stryker',
      'Peter Kapsashi',
      'Jonsi Stefansson',
      'A.K. Rapsone',
      'Ikki',
      'Huckney',
      'Pali',
    ]);
  });

  it('hears a listed name the transcriber misspelled, and a caption speaker label', () => {
    // t-20251028-e32eb8 ("Carl", "Yonzi"), t-20251029-a01243 (">> DIRECTOR HAMPSON:")
    const text = [
      '**Participants:** Jonsi Stefansson, Karl Vietmeier, Director Hampson, Tomer Hagay',
      '',
      '```text',
      "[00:00:00.05]   RemoteSo, to answer your question, Carl, it's both. Yonzi, before you drop, maybe let, uh, quickly Ben can introduce himself.",
      "[00:11:42.47]   Remote>> DIRECTOR HAMPSON: I'll share some info on Slack. But yeah thank you.",
      '[00:12:00.00]  Jason VallerySounds good.',
      '```',
    ].join('\n');
    expect(call(text)).toEqual(['Myself', 'Jonsi Stefansson', 'Karl Vietmeier', 'Hampson']);
  });

  it('keeps a listed person the earlier summary of the meeting names, and the one counterpart of a 1:1', () => {
    // t-20251106-31d194: Aaron is never named in the transcript, but the summary says what he did; Allison is not.
    const env = transcriptEnvelope('Review of Tech Summit AI Pipeline Slides', '2025-11-06', [
      { speaker: 'Remote', text: 'So this is the training pipeline with the feedback loop.', generic: true },
      { speaker: 'Jason Vallery', text: 'Kafka belongs at the head.' },
    ]);
    env.participants.push(
      { name: 'Aaron Chaisson', roles: ['attendee'] },
      { name: 'Allison Boerum', roles: ['attendee'] },
    );
    env.prior_summary = {
      text: '## Summary\nAaron walked through updated slides for next week’s SE conference covering two pipelines.',
      tasks: [],
    };
    expect(extractParticipants(env, isOwner).map((p) => p.name)).toEqual(['Myself', 'Aaron Chaisson']);
    // t-20251031-383a9a: never named in the call, the only other voice of a 1:1.
    const oneOnOne = transcriptEnvelope('1:1 — Kushal Datta', '2025-10-31', [
      { speaker: 'Jason Vallery', text: 'What are you working on?' },
      { speaker: 'Remote', text: 'The Gen9 XIO test.', generic: true },
    ]);
    oneOnOne.participants.push({ name: 'Kushal Datta', roles: ['attendee'] });
    expect(extractParticipants(oneOnOne, isOwner).map((p) => p.name)).toEqual(['Myself', 'Kushal Datta']);
  });

  it('lists one person spelled two ways once', () => {
    // n-20260103-352469: participants "Jonsi Stefanson", entity "Jonsi Stephenson".
    const env = transcriptEnvelope('Prep for Microsoft AI talks', '2026-01-03', []);
    env.participants = [
      { name: 'Jonsi Stefanson', roles: ['attendee'] },
      { name: 'Jason Vallery', roles: ['attendee'] },
      { name: 'Jonsi Stephenson', roles: ['attendee'] },
    ];
    env.kind = 'document';
    expect(extractParticipants(env, isOwner).map((p) => p.name)).toEqual(['Jonsi Stefanson', 'Myself']);
  });
});
