/** The acceptance bar on the demo vault, through the real ingest adapter: which emails get a draft, and why. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { isOwnerAddress } from '../core/owner.ts';
import { ingestFile } from '../ingest/index.ts';
import type { Operation } from '../plan/change-plan.ts';
import { loadConfig } from '../vault/config.ts';
import { readFrontmatter } from '../vault/markdown.ts';
import { planOutputs } from './index.ts';
import { emptyExtractionFor } from './testing/threads.ts';
import { triageReply } from './triage.ts';

const DEMO = path.resolve(import.meta.dirname, '../../demo/vault');
const config = loadConfig(DEMO);

async function demoEmails() {
  const out = [];
  for (const f of readdirSync(path.join(DEMO, 'Inbox')).sort()) {
    for (const env of await ingestFile(path.join(DEMO, 'Inbox', f), { displayPath: `Inbox/${f}` })) {
      if (env.kind === 'email') out.push(env);
    }
  }
  return out;
}

describe('drafts on the demo vault', () => {
  it('drafts exactly for the emails that need a reply, to the last external sender', async () => {
    const decisions: Record<string, string | null> = {};
    const drafts: Operation[] = [];
    for (const env of await demoEmails()) {
      const t = triageReply(env, emptyExtractionFor(env), config);
      decisions[path.basename(env.path)] = t.needed ? (t.to?.email ?? null) : null;
      drafts.push(
        ...(await planOutputs({
          env,
          ex: emptyExtractionFor(env),
          notePath: `Meetings/${env.path}`,
          config,
          existing: new Set(),
        })),
      );
    }
    expect(decisions).toEqual({
      // Lior answers Ray and Karl and takes the "no" himself: nothing is asked of the owner.
      '2025-12-11_091323_2229_Re-Azure-VoC-for-MSFT-testing.md': null,
      // Tomer answers the owner's questions and asks two back.
      '2025-12-15_183201_0409_Re-Google-Distributed-Cloud---RFP-Follow-up3-Encryption-key-.md':
        'tomer.hagay@vastdata.com',
      // Jeff replies to the owner's update with a question about the supply chain.
      '2025-12-21_075242_8515_Re-MAI--VAST-December-8th-EoD-update.md': 'jeff@vastdata.com',
      // A Salesforce template sent from the opportunity owner's address.
      '2026-01-05_073826_1351_Loss-Alert-50000000---NATO-has-been-updated-to-stage-14-Clos.md': null,
      // Itzik asks @jason to take it with Google.
      '2026-01-05_121019_9043_Re-Transport-Layer-Security-TLS-Support-for-Block.md': 'itzik.reich@vastdata.com',
      // A calendar response: the calendar answers it.
      '2026-01-05_131709_6588_Accepted-ErikJason---Sync-on-MAI-pricing--Mon-Jan-5-2026-2pm.md': null,
    });
    expect(drafts).toHaveLength(3);
    for (const d of drafts) {
      if (d.op !== 'write_outbox') throw new Error('expected outbox writes only');
      const fm = readFrontmatter(d.content);
      const to = /<([^>]+)>/.exec(String(fm.to))![1]!;
      expect(isOwnerAddress({ email: to }, config)).toBe(false);
      expect(to).not.toMatch(/no-?reply|notification/i);
      expect(String(fm.subject)).toMatch(/^Re: (?!Re:)/i);
      expect((fm.cc as string[]).some((c) => c.includes('jason.vallery@'))).toBe(false);
    }
  });

  it('the MAI update is normal, not urgent: "EoD" in a report title is not a deadline', async () => {
    const env = (await demoEmails()).find((e) => e.path.includes('MAI--VAST'))!;
    expect(triageReply(env, emptyExtractionFor(env), config).urgency).toBe('normal');
  });

  it('an invite planned from a demo email parses with ical.js', async () => {
    const env = (await demoEmails()).find((e) => e.path.includes('Transport-Layer'))!;
    const ex = emptyExtractionFor(env, {
      meetings: [
        {
          title: 'TLS for Block with Google',
          start: '2026-01-07T09:00:00-07:00',
          end: '2026-01-07T09:30:00-07:00',
          attendees: ['Itzik Reich', 'Noa Cohen'],
          evidence: 'take it with google',
        },
      ],
    });
    const ops = await planOutputs({ env, ex, notePath: 'Meetings/2026/x.md', config, existing: new Set() });
    const ics = ops.find((o) => o.op === 'write_outbox' && o.path.endsWith('.ics'));
    if (ics?.op !== 'write_outbox') throw new Error('expected an invite');
    const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent('vevent')!);
    expect(ev.startDate.toJSDate().toISOString()).toBe('2026-01-07T16:00:00.000Z');
    expect(ev.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
      'mailto:itzik.reich@vastdata.com',
      'mailto:noa@vastdata.com',
    ]);
  });
});
