import { describe, expect, it } from 'vitest';
import { priorityOf } from './priority.ts';

describe('priorityOf', () => {
  it('reads urgency words', () => {
    expect(priorityOf('This is urgent, please send ASAP')).toBe('highest');
    expect(priorityOf('It is a must-have for the RFP')).toBe('high');
    expect(priorityOf('No rush on this one')).toBe('low');
    expect(priorityOf('Send the deck')).toBeNull();
  });
});
