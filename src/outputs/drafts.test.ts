import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmailMarkdown } from '../ingest/email-md.ts';
import { prepareText } from '../ingest/index.ts';
import { getSection } from '../vault/markdown.ts';
import { renderDraft } from './drafts.ts';
import { replyOutline } from './outline.ts';
import { emptyExtractionFor, ownerConfig } from './testing/threads.ts';
import { triageReply } from './triage.ts';

/** e-20251219-1b6370: an AlphaSights request with the firm's legal footer, drafted only because the config asks. */
const file = path.resolve(import.meta.dirname, '../../test/fixtures/gold/sources/e-20251219-1b6370/source.md');
const env = parseEmailMarkdown(prepareText(readFileSync(file, 'utf8')).text, 'Inbox/alphasights.md');
const config = ownerConfig('drafts:\n  solicitations: true\n');

describe('an offline draft', () => {
  const ex = emptyExtractionFor(env);
  const triage = triageReply(env, ex, config);
  const draft = renderDraft({
    env,
    config,
    triage,
    outline: replyOutline(env.messages.at(-1)!, ex, config),
    notePath: 'Meetings/2025/alphasights.md',
    entityPages: [],
    llm: null,
  });

  it('lists what the sender asks, never the legal footer or the signature', () => {
    expect(triage.needed).toBe(true);
    expect(draft).toContain('Please get back to me today with a number to best reach you');
    expect(draft).not.toMatch(/notify the sender|intended only for the recipient|Privacy Policy/);
    expect(draft).not.toContain('646-889-2580');
  });

  it('says why it was drafted', () => {
    expect(getSection(draft, 'Why') ?? draft).toMatch(/drafted because drafts\.solicitations is on/);
  });
});
