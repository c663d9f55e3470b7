import { describe, expect, it } from 'vitest';
import { type ReplyReading, replyOwed, type ThreadMessage } from './reply.ts';

const isOwner = (name: string | null | undefined, email?: string | null) =>
  email === 'jason@vast.com' || name === 'Jason Vallery';
const read: ReplyReading = {
  sentences: (text) => text.split(/(?<=[.?!])\s+|\n+/).filter((s) => s.trim() !== ''),
  deadline: (sentence) => (/\bby Friday\b/.test(sentence) ? '2026-01-09' : null),
  isGroupName: (name) => /board|team/i.test(name),
};
const jason = { name: 'Jason Vallery', email: 'jason@vast.com' };
const noa = { name: 'Noa Cohen', email: 'noa@vast.com' };

function msg(from: typeof noa, body: string, over: Partial<ThreadMessage> = {}): ThreadMessage {
  return { from, to: [], cc: [], body, automated: false, date: '2026-01-05T10:00:00', ...over };
}
const thread = (...timeline: ThreadMessage[]) => ({ timeline, newest: timeline.at(-1) });

describe('replyOwed', () => {
  it('owes a reply to a question put to the owner, with the ask and how soon it is due', () => {
    expect(
      replyOwed(thread(msg(noa, 'Jason, can you send the quote by Friday?', { to: [jason] })), isOwner, 'jason', read),
    ).toEqual({
      needed: true,
      urgency: 'normal',
      reasons: ['addressed to you', 'asks a question', 'deadline 2026-01-09'],
      asked: ['Jason, can you send the quote by Friday?'],
    });
  });

  it('owes nothing once the owner has answered, or when the ask was to someone else', () => {
    const asked = msg(noa, 'Jason, can you send the quote?');
    expect(replyOwed(thread(asked, msg(jason, 'Sent.')), isOwner, 'jason', read).needed).toBe(false);
    const toRay = msg(noa, 'Ray, can you send the quote?', {
      to: [{ name: 'Ray', email: 'ray@vast.com' }],
      cc: [jason],
    });
    expect(replyOwed(thread(toRay), isOwner, 'jason', read).needed).toBe(false);
  });

  it('reads a legal footer or a waiver as no ask', () => {
    const footer = msg(
      noa,
      'Jason, here are the slides.\nIf you have received this message in error, please notify the sender and delete this message.',
    );
    expect(replyOwed(thread(footer), isOwner, 'jason', read)).toMatchObject({ needed: false });
    const fyi = msg(noa, 'Jason, can you look at the deck? No reply needed.');
    expect(replyOwed(thread(fyi), isOwner, 'jason', read).reasons).toEqual([
      'the sender says no answer is expected ("No reply needed")',
    ]);
  });

  it('is low urgency when the owner is only in Cc', () => {
    const cc = msg(noa, 'Jason, could you confirm the date?', {
      to: [{ name: 'Ray', email: 'ray@vast.com' }],
      cc: [jason],
    });
    expect(replyOwed(thread(cc), isOwner, 'jason', read)).toMatchObject({ needed: true, urgency: 'low' });
  });
});
