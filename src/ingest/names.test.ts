import { describe, expect, it } from 'vitest';
import { isAutomatedSender, normalisePersonName } from './names.ts';

describe('normalisePersonName', () => {
  it.each([
    ['Denworth, Jeff', 'Jeff Denworth'],
    ['"Denworth, Jeff"', 'Jeff Denworth'],
    ['  Jeff   Denworth ', 'Jeff Denworth'],
    ["'Lior Genzel'", 'Lior Genzel'],
    ['Jeff Denworth (VAST)', 'Jeff Denworth'],
    ['Dana Whitfield [EXTERNAL]', 'Dana Whitfield'],
    ['Erik Wolf (via Google Docs)', 'Erik Wolf'],
    ['Jason Vallery (he/him)', 'Jason Vallery'],
    ['Sam Lee (Contoso Ltd)', 'Sam Lee'],
    ['RAY COETZEE', 'Ray Coetzee'],
    ['JV', 'JV'],
    ['karén simonyan', 'Karén Simonyan'],
    ['José García', 'José García'],
    ['Jonsi Stefansson <jonsi@vastdata.com>', 'Jonsi Stefansson'],
    ['jeff@vastdata.com', 'jeff@vastdata.com'],
    ['<jeff@vastdata.com>', 'jeff@vastdata.com'],
    ['Smith, Jr.', 'Smith, Jr.'],
    ["Mary O'Brien", "Mary O'Brien"],
  ])('%j -> %j', (raw, expected) => {
    expect(normalisePersonName(raw)).toBe(expected);
  });

  it('keeps a parenthesis that is part of the name rather than an org tag', () => {
    expect(normalisePersonName('Qi Anson (Anson Qi)')).toBe('Qi Anson (Anson Qi)');
  });
});

describe('isAutomatedSender', () => {
  it.each([
    'no-reply@accounts.google.com',
    'noreply@github.com',
    'do-not-reply@paddle.com',
    'donotreply@expressscripts.com',
    'notifications@github.com',
    'MAILER-DAEMON@mx.vastdata.com',
    'postmaster@outlook.com',
    'calendar-notification@google.com',
    'bounces+12345@em.slice.com',
    'reply-noreply-123@mail.example.com',
  ])('%s is automated', (addr) => {
    expect(isAutomatedSender(addr)).toBe(true);
  });

  it.each(['jeff@vastdata.com', 'lior.genzel@vastdata.com', 'chris.bisson@vastdata.com', 'nora.reply@example.com'])(
    '%s is a person',
    (addr) => {
      expect(isAutomatedSender(addr)).toBe(false);
    },
  );

  it('recognises machine senders by display name', () => {
    expect(isAutomatedSender('mailer@mx.example.com', 'Mail Delivery Subsystem')).toBe(true);
    expect(isAutomatedSender('drive-shares-dm-noreply@google.com', 'Erik Wolf (via Google Drive)')).toBe(true);
    expect(isAutomatedSender('erik@vastdata.com', 'Erik Wolf')).toBe(false);
  });
});
