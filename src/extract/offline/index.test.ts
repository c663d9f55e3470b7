import { describe, expect, it } from 'vitest';
import { Config } from '../../vault/config.ts';
import { evidenceFound } from '../grounding.ts';
import { Extraction } from '../schema.ts';
import { taskId } from '../task-id.ts';
import { emailEnvelope, transcriptEnvelope } from './build-envelope.ts';
import { extractOffline, offlineExtractor } from './index.ts';

const config = Config.parse({ owner: { name: 'Jason Vallery', emails: ['jason.vallery@vastdata.com'] } });
const ctx = { config, known: [], today: '2026-01-10' };

const thread = emailEnvelope('Re: [EXTERNAL] Pricing review', [
  {
    from: { name: 'Denworth, Jeff', email: 'jeff@vastdata.com' },
    to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }],
    date: '2025-12-21T10:02:00',
    body: 'Hi Jason,\nCan you please send the updated pricing deck by Wednesday 12/24 5:00pm PT?\nMicrosoft signed a $5M commit for 2026 with 3 PB of capacity.\nWe decided to go with the capacity-only model.\nThanks\nJeff Denworth\nVP Products',
  },
]);

describe('extractOffline on an email', () => {
  const ex = extractOffline(thread, ctx);

  it('is schema-valid, marked offline and keyed to the source', () => {
    expect(Extraction.parse(ex)).toBeTruthy();
    expect(ex.extractor).toBe('offline');
    expect(ex.source_id).toBe(thread.source_id);
  });

  it('titles the note with the real subject and names people properly, the owner as Myself', () => {
    expect(ex.title).toBe('Pricing review');
    expect(ex.participants.map((p) => p.name)).toEqual(['Jeff Denworth', 'Myself']);
  });

  it('turns a request into a task for the addressee, due on the day the sender named', () => {
    expect(ex.tasks).toHaveLength(1);
    const t = ex.tasks[0];
    expect(t?.text).toBe('Send the updated pricing deck by Wednesday 12/24 5:00pm PT.');
    expect(t?.owner).toBe('Myself');
    expect(t?.due).toBe('2025-12-24');
    expect(t?.status).toBe('proposed');
    expect(t?.id).toBe(taskId(thread.source_id, t?.text ?? ''));
  });

  it('keeps decisions and facts with their verbatim evidence', () => {
    expect(ex.decisions.map((d) => d.text)).toEqual(['We decided to go with the capacity-only model.']);
    expect(ex.facts.map((f) => f.text)).toContain('Microsoft signed a $5M commit for 2026 with 3 PB of capacity.');
    for (const item of [...ex.tasks, ...ex.decisions, ...ex.facts]) expect(thread.text).toContain(item.evidence);
  });

  it("names the account from text, not the owner's own domain, and asks for a reply", () => {
    expect(ex.mentions).toContainEqual({ kind: 'account', name: 'Microsoft', email: null });
    expect(ex.mentions.some((m) => m.name.toLowerCase().includes('vastdata'))).toBe(false);
    expect(ex.reply?.needed).toBe(true);
    expect(ex.reply?.reasons).toContain('addressed to you');
  });

  it('summarises from the newest message, as prose without a speaker prefix', () => {
    expect(ex.summary).toMatch(/^Can you please send the updated pricing deck/);
  });
});

describe('extractOffline on a transcript', () => {
  const env = transcriptEnvelope(
    'Weekly sync',
    '2025-10-29',
    [
      { speaker: 'Speaker 1', text: 'Can everyone hear me?' },
      {
        speaker: 'Tomer Hagay',
        text: "I'll send the multi-tenancy gap list to Shahar by Friday. We agreed that cloud work moves to a PM-led model.",
      },
      { speaker: 'Jason Vallery', text: "Great. I'll schedule the Salesforce demo for next week." },
    ],
    [{ text: 'Schedule the Salesforce demo', done: true }],
  );
  const ex = extractOffline(env, ctx);

  it('never lists a generic speaker label as a participant', () => {
    expect(ex.participants.map((p) => p.name)).toEqual(['Tomer Hagay', 'Myself']);
  });

  it('takes commitments from the speaker and never re-proposes a task the prior summary marks done', () => {
    expect(ex.tasks.map((t) => [t.text, t.owner, t.due])).toEqual([
      ['Send the multi-tenancy gap list to Shahar by Friday.', 'Tomer Hagay', '2025-10-31'],
    ]);
    expect(ex.decisions.map((d) => d.text)).toEqual(['We agreed that cloud work moves to a PM-led model.']);
  });

  it('has no reply for a meeting', () => {
    expect(ex.reply).toBeNull();
  });
});

describe('offlineExtractor', () => {
  it('implements the Extractor interface', async () => {
    expect(offlineExtractor.name).toBe('offline');
    const ex = await offlineExtractor.extract(thread, ctx);
    expect(ex.tasks.every((t) => evidenceFound(thread.text, t.evidence))).toBe(true);
  });
});

describe('extractOffline on a checklist', () => {
  const tasksOf = (line: string) =>
    extractOffline(transcriptEnvelope('Pricing tasks', '2025-10-01', [{ speaker: 'Jason Vallery', text: line }]), ctx)
      .tasks;
  it('never proposes a ticked item, however much it reads like a task', () => {
    expect(tasksOf("- [ ] I'll send the pricing deck to Jeff by Friday.")).toHaveLength(1);
    expect(tasksOf("- [x] I'll send the pricing deck to Jeff by Friday.")).toEqual([]);
  });
});

describe('extractOffline: whose task', () => {
  it('gives "<Name> will…" to the person named as its subject, taking part or not', () => {
    const env = emailEnvelope('Board prep', [
      {
        from: { name: 'Maureen Ortiz', email: 'maureen@example.org' },
        to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }],
        date: '2025-12-10T09:00:00',
        body: 'Hi all,\nPerla will share the first draft of the SWOT document with the board by Friday.\nThanks\nMaureen',
      },
    ]);
    const task = extractOffline(env, ctx).tasks.find((t) => /SWOT/.test(t.text));
    expect(task?.owner).toBe('Perla');
  });
});
