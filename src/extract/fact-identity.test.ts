import { describe, expect, it } from 'vitest';
import { contradicts, isNearDuplicate } from './fact-identity.ts';

describe('isNearDuplicate', () => {
  it('treats reworded statements of one fact as the same', () => {
    expect(
      isNearDuplicate(
        "Microsoft's Redmond lab currently does not have GPU nodes available for testing.",
        "Microsoft's Redmond lab does not currently have GPU nodes available for testing.",
      ),
    ).toBe(true);
    expect(
      isNearDuplicate(
        'Peter Imming previously managed Jason Vallery at Microsoft.',
        "Peter Imming and Jason Vallery previously worked together at Microsoft, where Peter Imming was Jason Vallery's manager.",
      ),
    ).toBe(true);
  });

  it('keeps different facts about the same person apart', () => {
    expect(
      isNearDuplicate(
        'Adem Sefa works at Microsoft as Managing Director, Strategic Partnerships.',
        'Adem Sefa (Microsoft) initiated an introduction to Jason Vallery for a finance candidate (Edwin Trogler).',
      ),
    ).toBe(false);
  });

  it('never merges statements whose numbers disagree', () => {
    expect(isNearDuplicate('MAI needs 2 EB of storage in 2025.', 'MAI needs 100 EB of storage in 2025.')).toBe(false);
    expect(contradicts('MAI needs 2 EB of storage in 2025.', 'MAI needs 100 EB of storage in 2025.')).toBe(true);
    expect(contradicts('MAI needs 2 EB of storage in 2025.', 'Jeff wants a plan by 2026.')).toBe(false);
  });
});
