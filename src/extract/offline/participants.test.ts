import { describe, expect, it } from 'vitest';
import { Config } from '../../vault/config.ts';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { displayName, extractParticipants, ownerMatcher } from './participants.ts';

const config = Config.parse({
  owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'], aliases: ['JV'] },
});
const isOwner = ownerMatcher(config);

describe('ownerMatcher', () => {
  it('knows the owner by name, alias or address, case-insensitively', () => {
    expect(isOwner('jason vallery')).toBe(true);
    expect(isOwner('Vallery, Jason')).toBe(true);
    expect(isOwner('JV')).toBe(true);
    expect(isOwner('Someone', 'Jason.Vallery@vastdata.com')).toBe(true);
    expect(isOwner('Jason Taylor')).toBe(false);
  });
});

describe('displayName', () => {
  it('turns addresses and "Last, First" into display names', () => {
    expect(displayName({ name: 'Denworth, Jeff' })).toBe('Jeff Denworth');
    expect(displayName({ name: 'karl.vietmeier@vastdata.com' })).toBe('Karl Vietmeier');
    expect(displayName({ name: '', email: 'noa@vastdata.com' })).toBe('');
  });
});

describe('extractParticipants', () => {
  it('lists senders and @-addressed people, and the owner only when they are named or wrote', () => {
    const named = emailEnvelope('VoC', [
      {
        from: { name: 'Ray Coetzee', email: 'ray@vastdata.com' },
        date: '2025-12-11T09:00:00',
        body: '@Karl Vietmeier @Jason Vallery please chime in.',
      },
    ]);
    expect(extractParticipants(named, isOwner, ['jason vallery', 'jason']).map((p) => p.name)).toEqual([
      'Ray Coetzee',
      'Karl Vietmeier',
      'Myself',
    ]);
    const alert = emailEnvelope('Loss alert', [
      {
        from: { name: 'Chris Bisson', email: 'chris@vastdata.com' },
        date: '2026-01-05T07:38:26',
        body: 'Chris Bisson just updated an opportunity.',
      },
    ]);
    expect(extractParticipants(alert, isOwner, ['jason vallery', 'jason']).map((p) => p.name)).toEqual([
      'Chris Bisson',
    ]);
  });

  it('drops generic speaker labels and no-reply senders', () => {
    const call = transcriptEnvelope('Call', '2025-10-29', [
      { speaker: 'Speaker 1', text: 'Hello?' },
      { speaker: 'Remote', text: 'Yes.' },
      { speaker: 'Jason Vallery', text: 'Hi.' },
      { speaker: 'Tomer Hagay', text: 'Hi.' },
    ]);
    expect(extractParticipants(call, isOwner).map((p) => p.name)).toEqual(['Myself', 'Tomer Hagay']);
    const bot = emailEnvelope('Invite', [
      {
        from: { name: 'Calendar', email: 'calendar-notification@google.com' },
        date: '2026-01-05T10:00:00',
        body: 'Jason, you have an invite.',
        automated: true,
      },
    ]);
    expect(extractParticipants(bot, isOwner, ['jason']).map((p) => p.name)).toEqual([]);
  });
});
