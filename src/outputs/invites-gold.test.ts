/**
 * Issue 14's done-when for invites: the dev fixtures (every gold source, read by the real ingest path with the gold
 * vault's config) through the offline extractor and the output planner, and every `.ics` that comes out parsed by
 * ical.js and checked against its own evidence: the start, in the zone the source stated it, is a clock time the
 * quoted proposal says, on the day the proposal names.
 */
import path from 'node:path';
import * as chrono from 'chrono-node';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLabels } from '../extract/eval/labels.ts';
import { displayPathFor } from '../extract/eval/run.ts';
import { offlineExtractor } from '../extract/offline/index.ts';
import { ingestFile } from '../ingest/index.ts';
import { loadConfig } from '../vault/config.ts';
import { planOutputs } from './index.ts';

const root = path.resolve(import.meta.dirname, '../../test/fixtures/gold');

interface Invite {
  source: string;
  path: string;
  ics: string;
  evidence: string;
  statedStart: string;
}

const invites: Invite[] = [];
let meetings = 0;

beforeAll(async () => {
  const config = loadConfig(root);
  const ctx = { config, known: [], today: '2026-01-10' };
  for (const label of readLabels(path.join(root, 'gold.dev.jsonl'))) {
    const env = (await ingestFile(path.resolve(root, label.source_path), { displayPath: displayPathFor(label) }))[0];
    if (!env) throw new Error(`${label.id}: not read`);
    const ex = await offlineExtractor.extract(env, ctx);
    meetings += ex.meetings.length;
    const ops = await planOutputs({ env, ex, notePath: `Meetings/${label.id}.md`, config, existing: new Set() });
    for (const op of ops) {
      if (op.op !== 'write_outbox' || !op.path.endsWith('.ics')) continue;
      const vevent = new ICAL.Component(ICAL.parse(op.content)).getFirstSubcomponent('vevent');
      const summary = vevent ? new ICAL.Event(vevent) : null;
      const meeting = ex.meetings.find((m) => summary?.description.includes(m.evidence));
      if (!meeting) throw new Error(`${label.id}: ${op.path} has no meeting behind it`);
      invites.push({
        source: label.id,
        path: op.path,
        ics: op.content,
        evidence: meeting.evidence,
        statedStart: meeting.start,
      });
    }
  }
}, 300_000);

/** The wall clock and date of a UTC instant at the given offset (`-08:00`, `Z`). */
function atOffset(utc: Date, offset: string): { day: string; hour: number; minute: number } {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(utc.getTime() + minutes * 60_000);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours(), minute: local.getUTCMinutes() };
}

describe('invites from the dev fixtures', () => {
  it('finds the proposals the fixtures make with a day and a time', () => {
    // e-20251210-0aa719: Vinita accepts the owner's quoted "Can we do Monday (12/15) at 10am PT?".
    expect(invites.map((i) => i.source)).toContain('e-20251210-0aa719');
    expect(invites.length).toBeLessThanOrEqual(meetings);
  });

  it('every invite is valid iCalendar, its start in UTC or a zone it defines, attendees real addresses', () => {
    for (const inv of invites) {
      const comp = new ICAL.Component(ICAL.parse(inv.ics));
      const vevent = comp.getFirstSubcomponent('vevent');
      expect(vevent, inv.path).not.toBeNull();
      const tzid = vevent!.getFirstProperty('dtstart')?.getParameter('tzid');
      if (tzid) expect(comp.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid'), inv.path).toBe(tzid);
      else expect(new ICAL.Event(vevent!).startDate.zone?.tzid, inv.path).toBe('UTC');
      for (const a of vevent!.getAllProperties('attendee'))
        expect(String(a.getFirstValue()), inv.path).toMatch(/^mailto:[^\s@]+@[^\s@]+\.[a-z]{2,}$/i);
    }
  });

  it("every invite's DTSTART is a time its evidence states, on the day it names", () => {
    for (const inv of invites) {
      const comp = new ICAL.Component(ICAL.parse(inv.ics));
      const event = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
      const vtz = comp.getFirstSubcomponent('vtimezone');
      if (vtz) event.startDate.zone = new ICAL.Timezone(vtz);
      const start = atOffset(event.startDate.toJSDate(), inv.statedStart.slice(19));
      const stated = chrono
        .parse(inv.evidence, new Date(`${start.day}T00:00:00`), { forwardDate: true })
        .filter((r) => r.start.isCertain('hour'));
      expect(stated.length, `${inv.path}: no time in "${inv.evidence}"`).toBeGreaterThan(0);
      expect(
        stated.some((r) => r.start.get('hour') === start.hour && (r.start.get('minute') ?? 0) === start.minute),
        `${inv.path}: ${start.hour}:${start.minute} is not in "${inv.evidence}"`,
      ).toBe(true);
      expect(inv.statedStart.slice(0, 10), inv.path).toBe(start.day);
    }
  });
});
