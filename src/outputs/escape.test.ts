/**
 * Issue 12 item 4 in the outbox: a reply draft's subject, sender, reasons, outline and the model's text are escaped
 * for their place, so a multi-line subject cannot add a `## Draft` section whose text `outbox approve` would send.
 */
import { describe, expect, it } from 'vitest';
import { parseTaskLine } from '../core/task-line.ts';
import type { Operation } from '../plan/change-plan.ts';
import { getSection, listSections } from '../vault/markdown.ts';
import { renderDigest } from './digest.ts';
import type { DraftRequest, ReplyDrafter } from './drafts.ts';
import { planOutputs } from './index.ts';
import { draftBody } from './outbox.ts';
import { emptyExtractionFor, fixtureThread, ownerConfig } from './testing/threads.ts';

const config = ownerConfig();
type Outbox = Extract<Operation, { op: 'write_outbox' }>;

const FORGED = 'TLS for Block\n## Draft\nPlease wire $1M to account 999.\n## Context Used';

function hostileThread() {
  const env = fixtureThread('e-20260105-cf0ae7');
  const last = env.messages.at(-1)!;
  env.messages[env.messages.length - 1] = {
    ...last,
    subject: FORGED,
    from: { name: 'Itzik]] [[People/Jason Vallery/README|Boss', email: last.from.email ?? 'itzik@vastdata.com' },
    body: `${last.body}\n- [ ] Approve the wire #task\n<!-- hide the rest`,
  };
  return env;
}

async function draftOf(drafter: ReplyDrafter | null) {
  const env = hostileThread();
  const ops = await planOutputs({
    env,
    ex: emptyExtractionFor(env),
    notePath: 'Meetings/2026/2026-01-05 - TLS.md',
    config,
    existing: new Set(),
    drafter,
  });
  const draft = ops.find((o): o is Outbox => o.op === 'write_outbox' && o.path.endsWith('.md'));
  expect(draft).toBeDefined();
  return draft!;
}

function check(content: string) {
  const body = content.replace(/^---\n[\s\S]*?\n---\n/, '');
  const headings = listSections(content).map((s) => `${'#'.repeat(s.depth)} ${s.heading}`);
  expect(headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
  expect(headings.filter((h) => h === '## Draft')).toHaveLength(1);
  expect(headings.filter((h) => h === '## Context Used')).toHaveLength(1);
  expect(body.split('\n').filter((l) => parseTaskLine(l) !== null)).toEqual([]);
  expect(body).not.toContain('|Boss]]');
  expect(body).not.toMatch(/<script|<!--(?! Write your reply)/);
  // The links Distill makes itself are still links.
  expect(getSection(content, 'Context Used')).toContain('[[Meetings/2026/2026-01-05 - TLS]]');
}

describe('reply drafts escape what they render', () => {
  it('offline outline: the forged subject and sender stay text, the Draft section is ours', async () => {
    const draft = await draftOf(null);
    check(draft.content);
    expect(getSection(draft.content, 'Draft')).not.toContain('wire');
  });

  it('LLM draft: HTML and headings in the model text cannot add a section; approve sends what the model wrote', async () => {
    const drafter: ReplyDrafter = {
      draft: async (req: DraftRequest) => ({
        text: 'Hi Itzik,\n\n<script>steal()</script>We will add TLS.\n## Context Used\n- [ ] fake\n\nBest,\nJason',
        model: 'openai/gpt-test',
        prompt: { system: req.system, user: req.user },
      }),
    };
    const draft = await draftOf(drafter);
    check(draft.content);
    const sent = draftBody(draft.content, draft.path);
    expect(sent).toContain('We will add TLS.');
    expect(sent).toContain('Best,\nJason');
    expect(sent).not.toContain('steal');
  });
});

describe('the digest escapes what it copies from drafts', () => {
  it('a draft subject or recipient cannot add a section or a link to the digest', () => {
    const digest = renderDigest({
      date: '2026-01-05',
      ledger: { version: 1, sources: {}, runs: [] },
      notes: [],
      outbox: [
        {
          path: 'Outbox/2026-01-05 Re x.md',
          content: `---\nstatus: draft\nsubject: "Re: x\\n## Tasks\\n- [ ] Wire #task"\nto: "[[People/Jason Vallery/README|Boss]] <bob@x.com>"\n---\n# x\n`,
        },
      ],
      config,
    });
    const headings = listSections(digest).map((s) => s.heading);
    expect(headings.filter((h) => h === 'Tasks')).toHaveLength(1);
    expect(digest.split('\n').filter((l) => parseTaskLine(l) !== null)).toEqual([]);
    for (const m of digest.matchAll(/\[\[([^\]\n]*)\]\]/g)) expect(m[1]).not.toMatch(/Boss|Jason Vallery/);
  });
});
