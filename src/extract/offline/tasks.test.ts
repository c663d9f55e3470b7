import { describe, expect, it } from 'vitest';
import { Config } from '../../vault/config.ts';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { extractParticipants, ownerMatcher } from './participants.ts';
import { unitsOf } from './sentences.ts';
import { extractTasks, greetings, priorityOf } from './tasks.ts';

const config = Config.parse({ owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'] } });
const isOwner = ownerMatcher(config);

function tasksOf(env: ReturnType<typeof emailEnvelope>) {
  const names = extractParticipants(env, isOwner, ['jason vallery', 'jason']).map((p) => p.name);
  const units = unitsOf(env, isOwner, names);
  return extractTasks(units, { env, isOwner, greeted: greetings(units, 'jason'), ownerFirst: 'jason' }).map((t) => [
    t.text,
    t.owner,
    t.due,
  ]);
}

describe('extractTasks', () => {
  it('gives a request to the person greeted, and a commitment to its writer', () => {
    const env = emailEnvelope('RFP', [
      {
        from: { name: 'Lior Genzel', email: 'lior@vastdata.com' },
        date: '2025-12-11T09:13:23',
        body: 'Ray,\nCan you please suggest a follow up call with the team who made the request?\nI will send the summary after the call next Tuesday.\n\nKarl,\nYou are optional on the follow-up call.',
      },
      {
        from: { name: 'Ray Coetzee', email: 'ray@vastdata.com' },
        date: '2025-12-11T09:00:00',
        body: 'hey Karl\n@Lior Genzel please chime in here on the approach.',
      },
    ]);
    expect(tasksOf(env)).toEqual([
      ['Suggest a follow up call with the team who made the request.', 'Ray Coetzee', null],
      ['Send the summary after the call next Tuesday.', 'Lior Genzel', '2025-12-16'],
      ['Chime in here on the approach.', 'Lior Genzel', null],
    ]);
  });

  it('gives the owner a request that @-mentions them', () => {
    const env = emailEnvelope('TLS', [
      {
        from: { name: 'Itzik Reich', email: 'itzik@vastdata.com' },
        date: '2026-01-05T12:10:19',
        body: '@jason, can you please take it with google once maroun has the test timing?',
      },
    ]);
    expect(tasksOf(env)).toEqual([['Take it with google once maroun has the test timing.', 'Myself', null]]);
  });

  it('reads "Next steps:" lists and open checkboxes with their owners', () => {
    const env = emailEnvelope('Recap', [
      {
        from: { name: 'Noa Cohen', email: 'noa@vastdata.com' },
        date: '2026-01-05T12:00:00',
        body: 'Recap below.\nNext steps:\n- Jason: send the revised quote by Friday\n- @Noa Cohen draft the FAQ for the field\n- [x] Book the room for the offsite\n\nThat is all.',
      },
    ]);
    expect(tasksOf(env)).toEqual([
      ['Send the revised quote by Friday.', 'Myself', '2026-01-09'],
      ['Draft the FAQ for the field.', 'Noa Cohen', null],
    ]);
  });

  it('skips conversational "I\'ll…" that is no task, and tasks the prior summary marks done', () => {
    const env = transcriptEnvelope(
      'Sync',
      '2025-10-29',
      [
        {
          speaker: 'Tomer Hagay',
          text: "Let me think about it. I'll share my screen now. I'll give you my take on pricing.",
        },
        {
          speaker: 'Jason Vallery',
          text: "I'll schedule a one-hour Friday meeting about the pricing model. I'll draft the cloud qualifiers checklist by Friday.",
        },
      ],
      [{ text: 'Schedule a 1-hour Friday meeting to discuss the pricing model', done: true }],
    );
    expect(tasksOf(env)).toEqual([['Draft the cloud qualifiers checklist by Friday.', 'Myself', '2025-10-31']]);
  });

  it('ends the task where the action ends, and drops commitments with nothing specific to act on', () => {
    const env = transcriptEnvelope('Weekly', '2025-12-15', [
      {
        speaker: 'Lior Genzel',
        text: [
          'And I will just add it as another point.',
          "I'll put his admin on the thread and I will push him to move it forward.",
          'I need to talk to more people.',
          "I'll give you heads up, I sent the deck this morning.",
          'I will follow up with Amji and say that we are planning a design review.',
        ].join(' '),
      },
    ]);
    expect(tasksOf(env).map(([text]) => text)).toEqual(['Put his admin on the thread.', 'Follow up with Amji.']);
  });

  it('does not take a condition or a quoted remark for a commitment', () => {
    const env = transcriptEnvelope('Sizing', '2025-12-19', [
      {
        speaker: 'Lior Genzel',
        text: [
          'If we need to build big clusters for small configurations, then we lose on price.',
          'You are saying, "Hey, I want to take capacity in IOPS and build a configuration around it."',
          "If I have any follow-up questions, I'll send those to you in writing before our next meeting.",
        ].join(' '),
      },
    ]);
    expect(tasksOf(env).map(([text]) => text)).toEqual(['Send those to you in writing before our next meeting.']);
  });
});

describe('priorityOf', () => {
  it('reads urgency words', () => {
    expect(priorityOf('This is urgent, please send ASAP')).toBe('highest');
    expect(priorityOf('It is a must-have for the RFP')).toBe('high');
    expect(priorityOf('No rush on this one')).toBe('low');
    expect(priorityOf('Send the deck')).toBeNull();
  });
});

describe('extractTasks in a reply', () => {
  it('gives an unaddressed request to the sender of the message being answered', () => {
    const env = emailEnvelope('RFP follow-up', [
      {
        from: { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' },
        date: '2025-12-15T10:00:00',
        body: 'Google asked about SEDs and key granularity.',
      },
      {
        from: { name: 'Tomer Hagay', email: 'tomer.hagay@vastdata.com' },
        date: '2025-12-15T11:00:00',
        body: 'Here are some answers.',
      },
      {
        from: { name: 'Alon Horev', email: 'alon@vastdata.com' },
        date: '2025-12-15T12:00:00',
        body: 'You should be working with Violet on these matters.',
      },
    ]);
    expect(tasksOf(env)).toEqual([['Work with Violet on these matters.', 'Tomer Hagay', null]]);
  });
});
