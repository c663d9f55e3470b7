import { describe, expect, it } from 'vitest';
import {
  isAutomatedSender,
  isRoleAddress,
  looksLikeNonPerson,
  normalisePersonName,
  soundKey,
  splitJointName,
} from './names.ts';

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
    // a title said before the name is how someone was addressed, not the name a page is filed under
    ['Director Hampson', 'Hampson'],
    ['DIRECTOR HAMPSON', 'Hampson'],
    ['Dr. Maya Lee', 'Maya Lee'],
    ['Director', 'Director'],
    ['General Electric', 'General Electric'],
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

describe('role mailboxes and bulk senders (real senders from the gold fixtures)', () => {
  it.each(['help@paddle.com', 'info@email.meetup.com', 'express-scripts-pharmacy@orders.express-scripts.com'])(
    '%s is automated',
    (addr) => {
      expect(isAutomatedSender(addr)).toBe(true);
    },
  );

  it('knows role addresses from personal ones', () => {
    expect(isRoleAddress('help@paddle.com')).toBe(true);
    expect(isRoleAddress('support-2@example.com')).toBe(true);
    expect(isRoleAddress('helena@example.com')).toBe(false);
  });

  it('reads "Name via Service" as a service sender', () => {
    expect(isAutomatedSender('invitations@linkedin.com', 'Louis Feuvrier via LinkedIn')).toBe(true);
    expect(isAutomatedSender('x@example.com', 'Silvia Vianello')).toBe(false);
  });
});

describe('looksLikeNonPerson', () => {
  it.each([
    'WW AI SC IaaS',
    'Rocky Mountain AI Interest Group RMAIIG',
    'Express Scripts Pharmacy',
    'kodeON',
    'GTM Team',
  ])('%s is not a person', (name) => {
    expect(looksLikeNonPerson(name)).toBe(true);
  });
  it.each(['Mohamad Al Jazaery', 'A.K. Rapsone', 'JV', "Mary O'Brien", 'David P. Melton', 'Cesar Pictac (xWF)'])(
    '%s is a person',
    (name) => {
      expect(looksLikeNonPerson(name)).toBe(false);
    },
  );
});

describe('splitJointName', () => {
  it('splits a couple sharing an address', () => {
    expect(splitJointName('Brandon & Priscilla Dodsworth')).toEqual(['Brandon Dodsworth', 'Priscilla Dodsworth']);
    expect(splitJointName('Brandon and Priscilla Dodsworth')).toEqual(['Brandon Dodsworth', 'Priscilla Dodsworth']);
    expect(splitJointName('Brandon Dodsworth')).toEqual(['Brandon Dodsworth']);
  });
});

describe('soundKey', () => {
  it('hears names the way a transcriber spells them', () => {
    expect(soundKey('Karl')).toBe(soundKey('Carl'));
    expect(soundKey('Jonsi')).toBe(soundKey('Yonzi'));
    expect(soundKey('Stefanson')).toBe(soundKey('Stephenson'));
    expect(soundKey('Traitel')).toBe(soundKey('Tritel'));
    expect(soundKey('Banga')).not.toBe(soundKey('Benoit'));
  });
});
