import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../plan/change-plan.ts';
import { getSection, readFrontmatter } from '../vault/markdown.ts';
import type { DraftRequest, ReplyDrafter } from './drafts.ts';
import { replySubject } from './drafts.ts';
import { planOutputs, safeStem } from './index.ts';
import { emptyExtractionFor, fixtureThread, ownerConfig } from './testing/threads.ts';

const config = ownerConfig('drafts:\n  signature: "Best,\\nJason"\n');
const EMAILS = [
  'e-20251211-34d7d8',
  'e-20251215-745714',
  'e-20260105-3f084f',
  'e-20260105-a67371',
  'e-20260105-cf0ae7',
];

type Outbox = Extract<Operation, { op: 'write_outbox' }>;
const outbox = (ops: Operation[]) => ops.filter((o): o is Outbox => o.op === 'write_outbox');

async function plan(id: string, over: Partial<Parameters<typeof planOutputs>[0]> = {}) {
  const env = fixtureThread(id);
  const ex = emptyExtractionFor(env);
  return outbox(
    await planOutputs({
      env,
      ex,
      notePath: `Meetings/2026/${env.date} - ${id}.md`,
      config,
      existing: new Set(),
      ...over,
    }),
  );
}

describe('planOutputs on the demo emails', () => {
  it('drafts exactly for the two threads that ask the owner something', async () => {
    const drafted: Record<string, string[]> = {};
    for (const id of EMAILS) drafted[id] = (await plan(id)).map((o) => o.path);
    expect(drafted).toEqual({
      'e-20251211-34d7d8': [],
      'e-20251215-745714': [
        'Outbox/2025-12-15 Re Google Distributed Cloud - RFP Follow-up3) Encryption key granularity across S3, NFS.md',
      ],
      'e-20260105-3f084f': [],
      'e-20260105-a67371': [],
      'e-20260105-cf0ae7': ['Outbox/2026-01-05 Re Transport Layer Security (TLS) Support for Block.md'],
    });
  });

  it('writes an offline draft with the real subject, the last sender, reasons, a labelled outline and its context', async () => {
    const [draft] = await plan('e-20260105-cf0ae7', {
      entityPages: [
        {
          name: 'Itzik Reich',
          path: 'People/Itzik Reich/README.md',
          content: '---\ntype: person\n---\n# Itzik Reich\n',
        },
      ],
    });
    const fm = readFrontmatter(draft!.content);
    expect(fm).toMatchObject({
      type: 'draft-reply',
      to: 'Itzik Reich <itzik.reich@vastdata.com>',
      cc: ['Noa Cohen <noa@vastdata.com>'],
      subject: 'Re: Transport Layer Security (TLS) Support for Block',
      urgency: 'normal',
      status: 'draft',
      generated_by: 'offline-outline',
      source: '[[Meetings/2026/2026-01-05 - e-20260105-cf0ae7]]',
      date: '2026-01-05',
    });
    expect(fm.in_reply_to).toBeUndefined();
    expect(getSection(draft!.content, 'Why a Reply')).toMatch(/Itzik Reich <itzik.reich@vastdata.com> wrote last/);
    const points = getSection(draft!.content, 'Key Points to Address')!;
    expect(points).toContain('> [!note] Reply outline, not a draft');
    expect(points).toContain(
      '- @jason, can you please take it with google once maroun will come with the suggested tests timing ?',
    );
    expect(getSection(draft!.content, 'Draft')).toContain('Hi Itzik,');
    expect(getSection(draft!.content, 'Context Used')).toContain('[[People/Itzik Reich/README|Itzik Reich]]');
  });

  it('maps a re-run to the same file and plans nothing over an existing one', async () => {
    const first = await plan('e-20260105-cf0ae7');
    const again = await plan('e-20260105-cf0ae7');
    expect(again).toEqual(first);
    expect(await plan('e-20260105-cf0ae7', { existing: new Set(first.map((o) => o.path)) })).toEqual([]);
  });

  it('with a drafter: the model text, its label, and the exact prompt beside the draft (vault-relative paths only)', async () => {
    const seen: DraftRequest[] = [];
    const drafter: ReplyDrafter = {
      async draft(req) {
        seen.push(req);
        return {
          text: 'Hi Itzik,\n\nI will take it with Google on Thursday 2026-01-08.\n\nBest,\nJason',
          model: 'openai/gpt-5.2',
          prompt: { system: req.system, user: req.user },
        };
      },
    };
    const ops = await plan('e-20260105-cf0ae7', { drafter });
    expect(ops.map((o) => o.path)).toEqual([
      'Outbox/2026-01-05 Re Transport Layer Security (TLS) Support for Block.md',
      'Outbox/2026-01-05 Re Transport Layer Security (TLS) Support for Block.prompt.json',
    ]);
    const fm = readFrontmatter(ops[0]!.content);
    expect(fm.generated_by).toBe('openai/gpt-5.2');
    expect(fm.prompt_file).toBe('Outbox/2026-01-05 Re Transport Layer Security (TLS) Support for Block.prompt.json');
    expect(getSection(ops[0]!.content, 'Draft')).toContain('I will take it with Google on Thursday 2026-01-08.');
    expect(ops[0]!.content).not.toContain('Reply outline, not a draft');
    const audit = JSON.parse(ops[1]!.content);
    expect(audit.prompt.user).toBe(seen[0]!.user);
    expect(ops[1]!.content).not.toMatch(/"\/(?:work|home|Users|tmp)\//);
    // The prompt carries the persona rules and is grounded on the thread.
    expect(seen[0]!.system).toContain('Never invent names, numbers, dates');
    expect(seen[0]!.system).toContain('Best,\nJason');
    expect(seen[0]!.user).toContain('Subject: Re: Transport Layer Security (TLS) Support for Block');
    expect(seen[0]!.user).toContain('can you please take it with google');
  });

  it('falls back to the outline, saying why, when the drafter fails', async () => {
    const drafter: ReplyDrafter = {
      draft: async () => Promise.reject(new Error('429 Too Many Requests\nretry later')),
    };
    const ops = await plan('e-20260105-cf0ae7', { drafter });
    expect(ops).toHaveLength(1);
    expect(ops[0]!.content).toContain('(the LLM drafter failed: 429 Too Many Requests)');
    expect(readFrontmatter(ops[0]!.content).generated_by).toBe('offline-outline');
  });
});

describe('planOutputs invites', () => {
  const meeting = {
    title: 'Google GDC: TLS for Block test plan',
    start: '2026-01-08T10:00:00-07:00',
    end: null,
    attendees: ['Itzik Reich', 'Noa Cohen'],
    evidence: 'take it with google',
  };

  it('writes one parseable .ics per meeting with a concrete start, skipping vague ones', async () => {
    const env = fixtureThread('e-20260105-cf0ae7');
    const ex = emptyExtractionFor(env, { meetings: [meeting, { ...meeting, title: 'Someday', start: '2026-01-09' }] });
    const ops = outbox(await planOutputs({ env, ex, notePath: 'Meetings/2026/x.md', config, existing: new Set() }));
    const invites = ops.filter((o) => o.path.endsWith('.ics'));
    expect(invites.map((o) => o.path)).toEqual(['Outbox/2026-01-08 Google GDC TLS for Block test plan.ics']);
    for (const o of invites) {
      const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(o.content)).getFirstSubcomponent('vevent')!);
      expect(ev.startDate.toJSDate().toISOString()).toBe('2026-01-08T17:00:00.000Z');
    }
  });

  it('writes no invite for a meeting taken from a calendar response (it is already on the calendar)', async () => {
    const env = fixtureThread('e-20260105-3f084f');
    const ex = emptyExtractionFor(env, {
      meetings: [{ ...meeting, title: 'Sync on MAI pricing', start: '2026-01-05T14:00:00-07:00' }],
    });
    expect(await planOutputs({ env, ex, notePath: 'Meetings/2026/y.md', config, existing: new Set() })).toEqual([]);
  });
});

describe('names', () => {
  it('never stacks reply prefixes', () => {
    expect(replySubject('RE: Re: AW: Azure VoC for MSFT testing')).toBe('Re: Azure VoC for MSFT testing');
    expect(replySubject('Fwd: deck')).toBe('Re: Fwd: deck');
  });

  it('keeps file names safe and under the byte limit', () => {
    const stem = safeStem(`2026-01-05 Re ${'Ünïcødé: "quoted" <tags> a/b\\c | pipe? '.repeat(10)}`);
    expect(Buffer.byteLength(`${stem}.prompt.json`)).toBeLessThan(120);
    expect(stem).not.toMatch(/[/\\:*?"<>|]/);
    expect(stem.startsWith('2026-01-05 Re Ünïcødé quoted tags a b c pipe')).toBe(true);
  });
});
