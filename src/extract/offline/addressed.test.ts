import { describe, expect, it } from 'vitest';
import { addressedNames } from './addressed.ts';
import { transcriptEnvelope } from './build-envelope.ts';

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
});
