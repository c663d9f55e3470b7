/** Issue 12 item 15: only channel echoes are collapsed, never what different people said. */
import { describe, expect, it } from 'vitest';
import type { Turn } from './envelope.ts';
import { isGenericSpeaker } from './generic-labels.ts';
import { collapseChannelDuplicates, parseTranscript } from './transcript.ts';

const t = (speaker: string, start: number, text: string): Turn => ({
  speaker,
  generic: isGenericSpeaker(speaker),
  start,
  text,
});

describe('channel echoes', () => {
  it('keeps six quick, similar turns of four people (a synthetic call lost five of them)', () => {
    const call = [
      t('Jeff Denworth', 0, 'Yes, I agree, we ship it on Friday.'),
      t('Lior Genzel', 2, 'Yes, I agree, we ship it on Friday then.'),
      t('Jason Vallery', 4, 'Yes I agree, we ship it on Friday.'),
      t('Tomer Hagay', 6, 'Yes, I agree we ship it on Friday.'),
      t('Jeff Denworth', 8, 'Yes, agreed, we ship it on Friday.'),
      t('Lior Genzel', 10, 'Yes, I agree, we ship it Friday.'),
    ];
    expect(collapseChannelDuplicates(call)).toEqual({ turns: call, removed: 0 });
  });

  it('keeps two diarized speakers saying the same thing', () => {
    const call = [t('Speaker 1', 1, 'Okay, sounds good to me.'), t('Speaker 2', 2, 'Okay, sounds good to me.')];
    expect(collapseChannelDuplicates(call).removed).toBe(0);
  });

  it('still drops an echo: the same words under a channel label next to a person, or the same person twice', () => {
    const echo = [
      t('Remote', 1, 'No way, David. All right. Who do we have on a call today?'),
      t('Jason Vallery', 1, 'No way, David. All right, who do we have on a call today?'),
    ];
    expect(collapseChannelDuplicates(echo)).toEqual({ turns: [echo[1]], removed: 1 });
    const twice = [
      t('Jason Vallery', 1, 'We will send the deck on Friday.'),
      t('Jason Vallery', 2, 'We will send the deck on Friday.'),
    ];
    expect(collapseChannelDuplicates(twice).removed).toBe(1);
  });

  it('a parsed call keeps all its speakers', () => {
    const text = [
      '**Jeff Denworth** (00:00): Yes, I agree, we ship it on Friday.',
      '',
      '**Lior Genzel** (00:02): Yes, I agree, we ship it on Friday then.',
      '',
      '**Jason Vallery** (00:04): Yes I agree, we ship it on Friday.',
      '',
      '**Tomer Hagay** (00:06): Yes, I agree we ship it on Friday.',
      '',
    ].join('\n');
    const env = parseTranscript(text, 'Inbox/2026-01-05 - Ship call.md', new Date('2026-01-05T00:00:00Z'));
    expect(env.turns).toHaveLength(4);
    expect(env.participants.map((p) => p.name).sort()).toEqual([
      'Jason Vallery',
      'Jeff Denworth',
      'Lior Genzel',
      'Tomer Hagay',
    ]);
  });
});
