import { describe, expect, it } from 'vitest';
import { contentTokens } from '../../../core/text.ts';
import type { Unit } from '../sentences.ts';
import { evidenceOverlap, examplesOf, ownerClassOf } from './dataset.ts';
import type { PreparedUnit } from './sentence-model.ts';

function unit(text: string, speaker: string | null, audience: string[] = []): Unit {
  return { text, speaker, audience, ref: null, index: 0, position: 0 };
}

describe('evidenceOverlap', () => {
  it('needs three shared content words, measured against the smaller quote', () => {
    const a = contentTokens('Link the RFE to the correct Related Feature');
    expect(evidenceOverlap(a, contentTokens('Please link the RFE to the correct Related Feature today'))).toBe(1);
    expect(evidenceOverlap(contentTokens('Mustafa, yeah, okay.'), a)).toBe(0);
  });
});

describe('ownerClassOf', () => {
  const owner = ['Jason Vallery', 'Jason'];
  it('tells the speaker, a named person, an addressee and nobody apart', () => {
    expect(ownerClassOf('Jeff Denworth', unit("I'll send the deck", 'Jeff Denworth'), owner)).toBe('speaker');
    expect(ownerClassOf('Jason Vallery', unit("I'll send the deck", 'Myself'), owner)).toBe('speaker');
    expect(ownerClassOf('Noa Cohen', unit('Noa, can you send the deck?', 'Jeff Denworth'), owner)).toBe('named');
    expect(ownerClassOf('Noa Cohen', unit('Can you send the deck?', 'Jeff', ['Noa Cohen']), owner)).toBe('addressee');
    expect(ownerClassOf('TBD', unit('The deck needs sending', 'Jeff'), owner)).toBe('nobody');
  });
});

describe('examplesOf', () => {
  it('labels the unit holding each evidence quote, the rest as nothing', () => {
    const prepared: PreparedUnit[] = [
      unit('Thanks for the call today everyone.', 'Jeff Denworth'),
      unit("I'll send the updated pricing deck to Noa by Friday.", 'Jeff Denworth'),
      unit('Microsoft signed a five million dollar commit for 2026.', 'Jeff Denworth'),
    ].map((u, i) => ({ unit: u, features: [`f${i}`], ownerFeatures: [`o${i}`] }));
    const { sentence, owner } = examplesOf(
      {
        prepared,
        gold: {
          tasks: [{ owner: 'Jeff Denworth', evidence: 'send the updated pricing deck to Noa by Friday' }],
          decisions: [],
          facts: [{ evidence: 'Microsoft signed a five million dollar commit' }],
        },
      },
      ['Jason Vallery'],
    );
    expect(sentence.map((e) => e.label)).toEqual(['none', 'task', 'fact']);
    expect(owner).toEqual([{ features: ['o1'], label: 'speaker' }]);
  });
});
