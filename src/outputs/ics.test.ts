import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { ProposedMeeting } from '../extract/schema.ts';
import { concreteStart, inviteUid, inviteZone, renderInvite, resolveAttendees, vtimezone } from './ics.ts';
import { fixtureThread, ownerConfig } from './testing/threads.ts';

const config = ownerConfig();
const env = fixtureThread('e-20260105-cf0ae7');
const meeting: ProposedMeeting = {
  title: 'TLS for Block: Google GDC test plan; timing, owners',
  start: '2026-01-08T10:00:00-07:00',
  end: '2026-01-08T10:45:00-07:00',
  attendees: ['Itzik Reich', 'Noa Cohen', 'Maroun', 'Jason Vallery', 'Dana Levi'],
  evidence: 'can you please take it with google once maroun will come with the suggested tests timing',
};

function parse(ics: string) {
  const comp = new ICAL.Component(ICAL.parse(ics));
  const ev = comp.getFirstSubcomponent('vevent');
  if (!ev) throw new Error('no VEVENT');
  return { comp, ev, event: new ICAL.Event(ev) };
}

describe('renderInvite', () => {
  const ics = renderInvite({ meeting, env, config, notePath: 'Meetings/2026/2026-01-05 - TLS for Block.md' })!;

  it('parses with ical.js, with UTC times, a stable UID and a UTC DTSTAMP', () => {
    const { comp, ev, event } = parse(ics);
    expect(comp.getFirstPropertyValue('version')).toBe('2.0');
    expect(comp.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-01-08T17:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-01-08T17:45:00.000Z');
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(event.uid).toBe(inviteUid(env.source_id, new Date('2026-01-08T17:00:00Z'), meeting.title));
    expect(ics).toMatch(/\r\nDTSTAMP:20260105T000000Z\r\n/);
    expect(ev.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-01-05T00:00:00Z');
    expect(event.summary).toBe(meeting.title);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });

  it('invites people by their known addresses, names the rest in the description, and organises as the owner', () => {
    const { ev, event } = parse(ics);
    const attendees = ev.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase());
    expect(attendees).toEqual(['mailto:itzik.reich@vastdata.com', 'mailto:noa@vastdata.com']);
    expect(String(ev.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:jason.vallery@vastdata.com');
    expect(event.description).toContain('Also invited (no address known): Dana Levi');
    expect(event.description, 'a lone first name nobody on the thread has is a guess').not.toContain('Maroun');
    expect(event.description).toContain('Starts: Thu 8 Jan 2026 10:00 (UTC-07:00)');
    expect(ics).not.toContain('example.com');
  });

  it('round-trips: what ical.js reads back serialises to the same calendar', () => {
    const { comp } = parse(ics);
    const again = new ICAL.Component(ICAL.parse(comp.toString()));
    expect(again.toJSON()).toEqual(comp.toJSON());
    expect(new ICAL.Event(again.getFirstSubcomponent('vevent')!).summary).toBe(meeting.title);
  });

  it('is deterministic for the same source and meeting', () => {
    expect(renderInvite({ meeting, env, config, notePath: 'Meetings/2026/2026-01-05 - TLS for Block.md' })).toBe(ics);
  });

  it('assumes 30 minutes when no end is given, and publishes without an organizer address', () => {
    const bare = renderInvite({
      meeting: { ...meeting, end: null, attendees: ['Dana Levi'] },
      env,
      config: { ...config, owner: { ...config.owner, emails: [] } },
      notePath: 'x.md',
    })!;
    const { comp, ev, event } = parse(bare);
    expect(comp.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(ev.getFirstProperty('organizer')).toBeNull();
    expect(event.duration.toSeconds()).toBe(1800);
    expect(event.description).toContain('30 minutes assumed');
  });

  it('refuses a meeting without a concrete time of day', () => {
    expect(renderInvite({ meeting: { ...meeting, start: '2026-01-08' }, env, config, notePath: 'x.md' })).toBeNull();
    expect(concreteStart('next Tuesday')).toBeNull();
    expect(concreteStart('2026-01-08T10:00:00Z')?.toISOString()).toBe('2026-01-08T10:00:00.000Z');
  });
});

describe('invites in the vault time zone', () => {
  const denver = ownerConfig('timezone: America/Denver\n');

  it('writes the local time with TZID and a VTIMEZONE that ical.js reads back to the same instant', () => {
    const ics = renderInvite({ meeting, env, config: denver, notePath: 'x.md' })!;
    expect(ics).toContain('\r\nDTSTART;TZID=America/Denver:20260108T100000\r\n');
    expect(ics).toContain('\r\nDTEND;TZID=America/Denver:20260108T104500\r\n');
    const comp = new ICAL.Component(ICAL.parse(ics));
    const vtz = comp.getFirstSubcomponent('vtimezone')!;
    expect(vtz.getFirstPropertyValue('tzid')).toBe('America/Denver');
    const zone = new ICAL.Timezone(vtz);
    const event = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    event.startDate.zone = zone;
    event.endDate.zone = zone;
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-01-08T17:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-01-08T17:45:00.000Z');
    expect(ics).toMatch(/\r\nDTSTAMP:20260105T000000Z\r\n/);
  });

  it('knows DST: a July meeting in Denver is at -06:00', () => {
    const july = { ...meeting, start: '2026-07-08T10:00:00-06:00', end: null };
    const ics = renderInvite({ meeting: july, env, config: denver, notePath: 'x.md' })!;
    expect(ics).toContain('DTSTART;TZID=America/Denver:20260708T100000');
    const comp = new ICAL.Component(ICAL.parse(ics));
    const event = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    event.startDate.zone = new ICAL.Timezone(comp.getFirstSubcomponent('vtimezone')!);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-07-08T16:00:00.000Z');
  });

  it('writes UTC for a time stated in another zone ("10am PT" in a Denver vault)', () => {
    const pt = { ...meeting, start: '2026-01-08T10:00:00-08:00', end: null };
    expect(inviteZone(pt.start, 'America/Denver')).toBeNull();
    const ics = renderInvite({ meeting: pt, env, config: denver, notePath: 'x.md' })!;
    expect(ics).toContain('\r\nDTSTART:20260108T180000Z\r\n');
    expect(ics).not.toContain('VTIMEZONE');
  });

  it('gives a zone without transitions one fixed observance', () => {
    expect(vtimezone('Etc/GMT-9', new Date('2026-01-08T01:00:00Z'))).toBe(
      'BEGIN:VTIMEZONE\r\nTZID:Etc/GMT-9\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\nEND:VTIMEZONE',
    );
  });
});

describe('resolveAttendees', () => {
  it('matches names and raw addresses against the envelope, dropping the owner and duplicates', () => {
    expect(
      resolveAttendees(
        ['noa@vastdata.com', 'Noa Cohen', 'Jason', 'jason.vallery@vastdata.com', 'Dana Levi', 'Itzik'],
        env,
        config,
      ),
    ).toEqual([
      { name: 'Noa Cohen', email: 'noa@vastdata.com' },
      { name: 'Dana Levi', email: null },
      { name: 'Itzik Reich', email: 'itzik.reich@vastdata.com' },
    ]);
  });

  it('never invites a word the extractor took for a name, or a no-reply address', () => {
    expect(resolveAttendees(['But', 'So', 'Thank', 'Manish', 'noreply@vastdata.com'], env, config)).toEqual([]);
  });
});
