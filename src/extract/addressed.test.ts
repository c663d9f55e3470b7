import { describe, expect, it } from 'vitest';
import { addressedNames, heardInCall } from './addressed.ts';
import { transcriptEnvelope } from './offline/build-envelope.ts';

const none = () => ({ present: new Set<string>() });

describe('people addressed in an undiarized call', () => {
  it('finds the names spoken to, not the names talked about', () => {
    const env = transcriptEnvelope('Config review', '2025-12-19', [
      {
        speaker: 'Unknown',
        text: 'David, please scroll to the left. Kamal was saying the sheet is wrong.',
        generic: true,
      },
      { speaker: 'Unknown', text: 'Okay. Thank you, Sarah.', generic: true },
    ]);
    expect(addressedNames(env, none())).toEqual(['David', 'Sarah']);
  });

  it('ignores discourse words and non-names before a comma', () => {
    const env = transcriptEnvelope('Call', null, [
      { speaker: 'Speaker 1', text: 'Yeah, that works. Basically, we ship. Dboxes, wait, no.' },
      { speaker: 'Speaker 2', text: 'Google, as a company, wants this. Friday, then.' },
    ]);
    expect(addressedNames(env, none())).toEqual([]);
  });

  it('gives the name in full when the call names exactly one such person in full', () => {
    const env = transcriptEnvelope('Call', null, [
      { speaker: 'Unknown', text: 'From our side, David Pollack. David, please scroll to the left.', generic: true },
      { speaker: 'Unknown', text: 'Thank you, Sarah. Sarah Lee and Sarah Kim both asked.', generic: true },
    ]);
    expect(addressedNames(env, none())).toEqual(['David Pollack', 'Sarah']);
  });

  it('skips names already among the speakers', () => {
    const env = transcriptEnvelope('Call', null, [
      { speaker: 'Speaker 1', text: 'David, please scroll down.' },
      { speaker: 'David Pollack', text: 'Sure.' },
    ]);
    expect(addressedNames(env, { present: new Set(['david']) })).toEqual([]);
  });

  it('leaves a diarized call alone: there a vocative is rhetoric ("Scott, that is what I am saying")', () => {
    const env = transcriptEnvelope('Weekly', null, [
      { speaker: 'Lior Genzel', text: 'Scott, that is what I am saying about the meeting.' },
      { speaker: 'Jason Vallery', text: 'David, I hear you on that point.' },
      { speaker: 'Jason Vallery', text: 'Anyway, moving on to pricing now.' },
      { speaker: 'Lior Genzel', text: 'Fine by me.' },
      { speaker: 'Speaker 1', text: 'Mark, can you hear us?' },
    ]);
    expect(addressedNames(env, none())).toEqual([]);
  });

  it('is only for transcripts', () => {
    const env = { ...transcriptEnvelope('x', null, [{ speaker: 'Speaker 1', text: 'David, hi there.' }]) };
    expect(addressedNames({ ...env, kind: 'email' }, none())).toEqual([]);
  });

  it('hears names spoken to inside and at the end of a sentence, and before a question to "you"', () => {
    // t-20250916-df8305, t-20251219-287822
    const env = transcriptEnvelope('Call', '2025-09-16', [
      { speaker: 'Remote', text: "Sorry, just a second, Amit. Maybe I'll record this.", generic: true },
      {
        speaker: 'Remote',
        text: "- Yeah, we'll take a look, Pete. Interesting that they also had this mention.",
        generic: true,
      },
      { speaker: 'Remote', text: "I think that's fine, Lior. I think part of the focus is cost.", generic: true },
      {
        speaker: 'Remote',
        text: 'Before we drop from the call Ronnie and Kamal are you clear on the whole topic?',
        generic: true,
      },
    ]);
    expect(addressedNames(env, none())).toEqual(['Amit', 'Pete', 'Lior', 'Ronnie', 'Kamal']);
  });

  it('does not take a restart about someone for an address', () => {
    // t-20251031-383a9a
    const env = transcriptEnvelope('Call', '2025-10-31', [
      {
        speaker: 'Remote',
        text: "Glenn, I don't know if you've ever met Glenn Lockwood, but he and I worked really closely at OpenAI.",
        generic: true,
      },
      { speaker: 'Speaker 2', text: 'Sure.', generic: true },
    ]);
    expect(addressedNames(env, none())).toEqual([]);
  });

  it('adds no one to a call of two voices: the name one calls the other is the listed counterpart misheard', () => {
    // t-20250918-d8d43a: Jack Kabat's 1:1; he greets Jason as "Ben".
    const env = transcriptEnvelope('1:1 — Jack Kabat', '2025-09-18', [
      { speaker: 'Parallels Desktop', text: "Hey, Jason. Sorry I'm late, Ben. How are you?", generic: true },
      { speaker: 'Jason Vallery', text: 'No worries. How are you, Jack? Good to see you.' },
    ]);
    env.participants.push({ name: 'Jack Kabat', roles: ['attendee'] });
    expect(addressedNames(env, none())).toEqual([]);
  });
});

describe('heardInCall', () => {
  const env = transcriptEnvelope('Call', '2025-10-28', [
    {
      speaker: 'Remote',
      text: "I think we have who we need from the tackle side, Ikki, should we get started? Alright, we got Jotam hopping in. So, to answer your question, Carl, it's both.",
      generic: true,
    },
  ]);
  it.each([
    ['Ikki', true],
    ['Jotam', false],
    ['Karl Vietmeier', true],
  ])('%s: %s', (name, heard) => {
    expect(heardInCall(env, name)).toBe(heard);
  });
});
