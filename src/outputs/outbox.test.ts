import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { readFrontmatter, replaceSection } from '../vault/markdown.ts';
import { applyPatches } from '../vault/patch.ts';
import { planOutputs } from './index.ts';
import { approveDraft, discardDraft, draftBody, listOutbox, OutboxError, parseAddress } from './outbox.ts';
import { emptyExtractionFor, fixtureThread, ownerConfig } from './testing/threads.ts';

const config = ownerConfig();

async function offlineDraft() {
  const env = fixtureThread('e-20260105-cf0ae7');
  env.messages.at(-1)!.messageId = 'CAB123@mail.gmail.com';
  const [op] = await planOutputs({
    env,
    ex: emptyExtractionFor(env),
    notePath: 'Meetings/2026/tls.md',
    config,
    existing: new Set(),
  });
  if (op?.op !== 'write_outbox') throw new Error('expected a draft');
  return { path: op.path, content: op.content };
}

describe('approveDraft', () => {
  it('refuses an offline draft until the user has written the reply', async () => {
    const draft = await offlineDraft();
    expect(() => approveDraft(draft, config)).toThrow(OutboxError);
    expect(() => approveDraft(draft, config)).toThrow(/Draft section is empty/);
  });

  it('writes a standards-compliant .eml beside the draft and marks it approved', async () => {
    const draft = await offlineDraft();
    const written = {
      ...draft,
      content: replaceSection(
        draft.content,
        'Draft',
        'Hi Itzik,\n\nYes, I will take it with Google on Thursday 2026-01-08.\n\nJason',
      ),
    };
    const now = new Date('2026-01-06T09:00:00Z');
    const { ops, emlPath, eml } = approveDraft(written, config, now);
    expect(emlPath).toBe('Outbox/2026-01-05 Re Transport Layer Security (TLS) Support for Block.eml');
    expect(ops.map((o) => o.op)).toEqual(['patch_note', 'write_outbox']);
    const patch = ops[0]!;
    if (patch.op !== 'patch_note') throw new Error('expected a patch');
    expect(readFrontmatter(applyPatches(written.content, patch.patches))).toMatchObject({
      status: 'approved',
      eml: emlPath,
    });

    const m = await simpleParser(eml);
    expect(m.subject).toBe('Re: Transport Layer Security (TLS) Support for Block');
    expect((Array.isArray(m.to) ? m.to[0] : m.to)?.value).toEqual([
      { name: 'Itzik Reich', address: 'itzik.reich@vastdata.com' },
    ]);
    expect((Array.isArray(m.cc) ? m.cc[0] : m.cc)?.value).toEqual([{ name: 'Noa Cohen', address: 'noa@vastdata.com' }]);
    expect(m.from?.value).toEqual([{ name: 'Jason Vallery', address: 'jason.vallery@vastdata.com' }]);
    expect(m.inReplyTo).toBe('<CAB123@mail.gmail.com>');
    expect(m.text?.trim()).toBe('Hi Itzik,\n\nYes, I will take it with Google on Thursday 2026-01-08.\n\nJason');
    expect(m.date?.toISOString()).toBe(now.toISOString());
  });

  it("refuses a draft that is not in draft status, and needs the owner's address", async () => {
    const draft = await offlineDraft();
    const discarded = { ...draft, content: draft.content.replace('status: draft', 'status: discarded') };
    expect(() => approveDraft(discarded, config)).toThrow(/status is discarded/);
    const noEmail = { ...config, owner: { ...config.owner, emails: [] } };
    expect(() => approveDraft(draft, noEmail)).toThrow(/owner.emails/);
  });
});

describe('discardDraft and listOutbox', () => {
  it('marks a draft discarded once', async () => {
    const draft = await offlineDraft();
    const ops = discardDraft(draft, new Date('2026-01-06T09:00:00Z'));
    const patch = ops[0]!;
    if (patch.op !== 'patch_note') throw new Error('expected a patch');
    const after = applyPatches(draft.content, patch.patches);
    expect(readFrontmatter(after).status).toBe('discarded');
    expect(discardDraft({ ...draft, content: after })).toEqual([]);
  });

  it('lists drafts, invites and mail, hiding prompts; filters drafts by status', async () => {
    const draft = await offlineDraft();
    const files = [
      draft,
      { path: 'Outbox/x.prompt.json', content: '{}' },
      {
        path: 'Outbox/2026-01-08 Sync.ics',
        content:
          'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Sync\\, MAI\r\nDTSTART:20260108T170000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
    ];
    const all = listOutbox(files);
    expect(all.map((e) => [e.kind, e.subject])).toEqual([
      ['draft', 'Re: Transport Layer Security (TLS) Support for Block'],
      ['invite', 'Sync, MAI'],
    ]);
    expect(listOutbox(files, { status: 'draft' }).map((e) => e.kind)).toEqual(['draft']);
    expect(listOutbox(files, { status: 'approved' })).toEqual([]);
  });
});

describe('helpers', () => {
  it('parses frontmatter addresses', () => {
    expect(parseAddress('"Cohen, Noa" <noa@vastdata.com>')).toEqual({ name: 'Cohen, Noa', email: 'noa@vastdata.com' });
    expect(parseAddress('noa@vastdata.com')).toEqual({ name: 'noa@vastdata.com', email: 'noa@vastdata.com' });
    expect(parseAddress('Noa')).toBeNull();
  });

  it('sends the Draft section without comments', () => {
    expect(draftBody('## Draft\n\nHi Noa,\n<!-- note -->\nDone.\n', 'f.md')).toBe('Hi Noa,\n\nDone.');
  });
});
