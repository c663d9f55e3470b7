import { describe, expect, it } from 'vitest';
import { Config } from '../../vault/config.ts';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { ownerMatcher } from './participants.ts';
import { extractReply } from './reply.ts';

const config = Config.parse({ owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'] } });
const isOwner = ownerMatcher(config);
const jason = { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' };

describe('extractReply', () => {
  it('needs a reply when someone else asks the owner something, urgent when the deadline is near', () => {
    const env = emailEnvelope('Quote', [
      {
        from: { name: 'Jeff Denworth', email: 'jeff@vastdata.com' },
        to: [jason],
        date: '2025-12-22T10:00:00',
        body: 'Can you send the quote by tomorrow?',
      },
    ]);
    expect(extractReply(env, isOwner, 'jason')).toEqual({
      needed: true,
      urgency: 'urgent',
      reasons: ['addressed to you', 'asks a question', 'deadline 2025-12-23 is within two days'],
    });
  });

  it("needs no reply to the owner's own message, to a notification, or to a message for someone else", () => {
    const own = emailEnvelope('Quote', [{ from: jason, date: '2025-12-22T10:00:00', body: 'Can you send it?' }]);
    expect(extractReply(own, isOwner, 'jason')?.needed).toBe(false);
    const bot = emailEnvelope('Alert', [
      {
        from: { name: 'Salesforce', email: 'noreply@salesforce.com' },
        date: '2025-12-22T10:00:00',
        body: 'Jason, can you check?',
        automated: true,
      },
    ]);
    expect(extractReply(bot, isOwner, 'jason')?.reasons).toEqual(['the newest message is automated']);
    const other = emailEnvelope('VoC', [
      {
        from: { name: 'Lior Genzel', email: 'lior@vastdata.com' },
        to: [{ name: 'Ray Coetzee', email: 'ray@vastdata.com' }],
        date: '2025-12-11T09:13:00',
        body: 'Ray, can you suggest a call?',
      },
    ]);
    expect(extractReply(other, isOwner, 'jason')).toMatchObject({ needed: false, urgency: 'low' });
  });

  it('is null for a transcript', () => {
    expect(extractReply(transcriptEnvelope('Call', null, []), isOwner, 'jason')).toBeNull();
  });
});
