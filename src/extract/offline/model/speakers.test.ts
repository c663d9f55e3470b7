import { describe, expect, it } from 'vitest';
import type { Unit } from '../sentences.ts';
import { atInlineLabels, atVoiceBreaks, withSpeakers } from './speakers.ts';

const unit = (index: number, position: number, text: string, speaker: string | null = null): Unit => ({
  text,
  speaker,
  audience: [],
  ref: null,
  index,
  position,
});

describe('withSpeakers', () => {
  it("gives a device-labelled turn the name glued to its text, and a 1:1's other turns to the other side", () => {
    // `Jabra Speak 710 : Jason ValleryYeah…` then `Parallels Desktop : …`, both generic labels in the ingest.
    const units = [
      unit(0, 0, "Jason ValleryYeah, I'll send you the deck tonight."),
      unit(0, 1, 'It has the new numbers.'),
      unit(1, 0, "Great, I'll share it with Manish."),
    ];
    const out = withSpeakers(units, 'transcript', ['Jai Menon'], 'jason');
    expect(out.map((u) => [u.speaker, u.text, u.audience])).toEqual([
      ['Myself', "Yeah, I'll send you the deck tonight.", ['Jai Menon']],
      ['Myself', 'It has the new numbers.', ['Jai Menon']],
      ['Jai Menon', "Great, I'll share it with Manish.", ['Myself']],
    ]);
  });

  it('leaves unnamed turns of a call with several other people without a speaker', () => {
    const units = [unit(0, 0, 'Ok let us start.', 'Myself'), unit(1, 0, "I'll send out the invites.")];
    const out = withSpeakers(units, 'transcript', ['Myself', 'Peter Kapsashi', 'Dave Stryker'], 'jason');
    expect(out[1]?.speaker).toBeNull();
  });

  it('never touches a sentence that merely starts with a name, or units of email and notes', () => {
    const said = [unit(0, 0, 'Peter Kapsashi will send the invites.')];
    expect(withSpeakers(said, 'transcript', ['Peter Kapsashi', 'Dave Stryker'], 'jason')[0]?.speaker).toBeNull();
    const mail = [unit(0, 0, 'Jason ValleryYeah.')];
    expect(withSpeakers(mail, 'email', ['Jai Menon'], 'jason')).toBe(mail);
  });
});

describe('atVoiceBreaks', () => {
  it('cuts a transcript unit where the transcriber marked the next voice, so a commitment stands alone', () => {
    const units = [
      unit(
        3,
        0,
        'So that is something I will have to work with Johan on. - Yeah, makes sense. >> Hey, one more thing.',
      ),
      unit(3, 1, 'Next point.'),
    ];
    expect(atVoiceBreaks(units, 'transcript').map((u) => [u.text, u.position])).toEqual([
      ['So that is something I will have to work with Johan on.', 0],
      ['Yeah, makes sense.', 1],
      ['Hey, one more thing.', 2],
      ['Next point.', 3],
    ]);
  });

  it('keeps hyphenated words, ranges and email text as they are', () => {
    const units = [unit(0, 0, 'The 8-node cluster runs 2 - 3 jobs.')];
    expect(atVoiceBreaks(units, 'transcript')).toEqual(units);
    const mail = [unit(0, 0, 'Thanks. - Noa')];
    expect(atVoiceBreaks(mail, 'email')).toBe(mail);
  });
});

describe('atInlineLabels', () => {
  it('gives a unit without a speaker the capitalised label the transcriber wrote in its text, without a title', () => {
    const units = [
      unit(8, 0, "DIRECTOR HAMPSON: I'll share some info on Slack."),
      unit(8, 1, 'NOTE: the call was recorded.'),
      unit(9, 0, 'DR. MAYA LEE: The results are in.'),
      unit(10, 0, "MARY O'BRIEN: Agreed."),
    ];
    const out = atInlineLabels(units, 'transcript', ['Myself', 'Lior'], 'jason');
    expect(out.map((u) => [u.speaker, u.text, u.audience])).toEqual([
      // "Director" is how he was addressed, not his name: the labels and his page call him Hampson.
      ['Hampson', "I'll share some info on Slack.", ['Myself', 'Lior']],
      [null, 'NOTE: the call was recorded.', []],
      ['Maya Lee', 'The results are in.', ['Myself', 'Lior']],
      ["Mary O'Brien", 'Agreed.', ['Myself', 'Lior']],
    ]);
  });

  it('keeps the speaker a turn already has, and leaves email alone', () => {
    const spoken = [unit(3, 0, 'DIRECTOR DEWOLF: Sure.', 'Myself')];
    expect(atInlineLabels(spoken, 'transcript', ['Myself'], 'jason')).toEqual(spoken);
    const mail = [unit(0, 0, 'ACTION ITEMS: send the deck.')];
    expect(atInlineLabels(mail, 'email', [], null)).toBe(mail);
  });
});
