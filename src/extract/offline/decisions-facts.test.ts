import { describe, expect, it } from 'vitest';
import { extractDecisions } from './decisions.ts';
import { extractFacts } from './facts.ts';
import { type Unit, wallClock } from './sentences.ts';

function u(text: string): Unit {
  return { text, speaker: null, audience: [], ref: wallClock('2025-12-11T09:00:00'), index: 0, position: 0 };
}

describe('extractDecisions', () => {
  it('keeps sentences that state a choice, not questions or vague talk', () => {
    const units = [
      'So we decided to go with the capacity-only model.',
      'It was deferred to 5.7 because of other protocol features.',
      'Should we go with the other vendor?',
      'We will talk about it later on.',
    ].map(u);
    expect(extractDecisions(units).map((d) => d.text)).toEqual([
      'We decided to go with the capacity-only model.',
      'It was deferred to 5.7 because of other protocol features.',
    ]);
  });
});

describe('extractFacts', () => {
  it('keeps statements with figures, dates, roles or named subjects, with what they are about', () => {
    const units = [
      'Microsoft signed a $5M commit for 3 PB of capacity on Jan 5, 2026.',
      'Itzik Reich is VP of Mission Alignment at VAST Data.',
      'Yeah, I think that is fine.',
      'What is the performance profile we expect?',
    ].map(u);
    const facts = extractFacts(
      units,
      { subjects: ['Itzik Reich', 'Microsoft'], sourceDate: '2025-12-11', minScore: 2, spoken: false },
      10,
    );
    expect(facts.map((f) => [f.text, f.about, f.date])).toEqual([
      ['Microsoft signed a $5M commit for 3 PB of capacity on Jan 5, 2026.', 'Microsoft', '2026-01-05'],
      ['Itzik Reich is VP of Mission Alignment at VAST Data.', 'Itzik Reich', '2025-12-11'],
    ]);
  });

  it('keeps only the best few of a long source', () => {
    const units = Array.from({ length: 30 }, (_, i) => u(`Region ${i} holds ${i + 1} PB across ${i + 2} racks today.`));
    expect(extractFacts(units, { subjects: [], sourceDate: null, minScore: 2, spoken: false }, 5)).toHaveLength(5);
  });

  it('in a call, ranks conditions, guesses and half sentences below plain statements', () => {
    const units = [
      'If we get 3 PB from Microsoft in January, then we win.',
      'feel like we will not have a 2026 deal in January if I am honest.',
      'Microsoft moved 3 PB of training data to Azure Blob in December.',
    ].map(u);
    const ctx = { subjects: ['Microsoft'], sourceDate: '2025-12-15', minScore: 2 };
    expect(extractFacts(units, { ...ctx, spoken: true }, 10).map((f) => f.text)).toEqual([
      'Microsoft moved 3 PB of training data to Azure Blob in December.',
    ]);
    // Written mail states conditions on purpose: the same lines in an email are kept.
    expect(extractFacts(units, { ...ctx, spoken: false }, 10)).toHaveLength(3);
  });

  it('keeps one of two near-identical statements (a channel echo) but both of two that differ in numbers', () => {
    const units = [
      "So, when we're selling two exabytes to XAI, it's not the same price per TB as 200 TB.",
      "When we're selling two exabytes to XAI, it's not the same price per TB as some 200 TB.",
      'Line 15 asks for 250 TIB of usable capacity.',
      'Line 16 asks for 300 TIB of usable capacity.',
    ].map(u);
    const facts = extractFacts(units, { subjects: [], sourceDate: null, minScore: 2, spoken: true }, 10);
    expect(facts.map((f) => f.text)).toEqual([
      "When we're selling two exabytes to XAI, it's not the same price per TB as 200 TB.",
      'Line 15 asks for 250 TIB of usable capacity.',
      'Line 16 asks for 300 TIB of usable capacity.',
    ]);
    expect(facts[0]?.evidence).toMatch(/^So, when/);
  });
});
