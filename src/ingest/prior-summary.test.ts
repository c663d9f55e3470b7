import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseNewlines } from './normalise.ts';
import { parsePriorTask, splitPriorSummary } from './prior-summary.ts';

const fixture = (id: string) =>
  normaliseNewlines(readFileSync(new URL(`../../test/fixtures/sources/${id}/source.md`, import.meta.url), 'utf8'));

describe('parsePriorTask', () => {
  it('reads text, owner and done from an Obsidian Tasks line', () => {
    expect(parsePriorTask('- [x] Send Terraform snippets for static VIPs. @Ronnie Lazar 🔼 ✅ 2025-11-08')).toEqual({
      text: 'Send Terraform snippets for static VIPs.',
      owner: 'Ronnie Lazar',
      done: true,
    });
    expect(parsePriorTask('- [ ] Draft the proposal @Myself 📅 2026-01-05 ⏫ #task')).toEqual({
      text: 'Draft the proposal',
      owner: 'Myself',
      due: '2026-01-05',
      done: false,
    });
    expect(parsePriorTask('- [?] Proposed thing')).toEqual({ text: 'Proposed thing', done: false });
    expect(parsePriorTask('Not a task')).toBeNull();
  });

  it('drops the leaked "Edit task" link and a pasted inner checkbox', () => {
    const line =
      '- [x] - [ ] Draft a unit-based pricing proposal. @Jason Vallery ⏫[](app://obsidian.md/index.html# "Edit task") ✅ 2025-11-08';
    expect(parsePriorTask(line)).toEqual({
      text: 'Draft a unit-based pricing proposal.',
      owner: 'Jason Vallery',
      done: true,
    });
  });
});

describe('splitPriorSummary', () => {
  it('keeps the legacy summary of t-20251029-f771b5 apart from the fenced transcript', () => {
    const { prior, conversation } = splitPriorSummary(fixture('t-20251029-f771b5'));
    expect(prior).not.toBeNull();
    expect(prior?.text.startsWith('# 1:1 — Tomer — 2025-10-29')).toBe(true);
    expect(prior?.text).toContain('## Key facts learned');
    expect(prior?.text).not.toContain('[00:00:00.05]');
    expect(prior?.text).not.toContain('ai:transcript');
    // 7 action items + 3 follow-ups, every one already done
    expect(prior?.tasks).toHaveLength(10);
    expect(prior?.tasks.every((t) => t.done)).toBe(true);
    expect(prior?.tasks[0]).toEqual({
      text: 'Schedule a 1-hour Friday meeting to discuss pricing model and Salesforce demo',
      owner: 'Jason Vallery',
      done: true,
    });
    expect(conversation.startsWith('[00:00:00.05]  Jason ValleryIt')).toBe(true);
    expect(conversation).not.toContain('```');
    expect(conversation.trimEnd().endsWith('can I have--')).toBe(true);
  });

  it('reads the participants header and 12 done tasks of t-20251028-e32eb8', () => {
    const { prior, conversation } = splitPriorSummary(fixture('t-20251028-e32eb8'));
    expect(prior?.text).toContain('**Participants:** Asaf Levy, bengit@google.com');
    expect(prior?.tasks).toHaveLength(12);
    expect(prior?.tasks.filter((t) => t.done)).toHaveLength(12);
    expect(prior?.tasks.map((t) => t.owner)).toContain('Google networking team');
    expect(conversation.startsWith('[00:00:00.05]   RemoteBut if you')).toBe(true);
  });

  it('reads a note that is only a checklist (n-20251001-afc765, every task done) as the note itself', () => {
    // No conversation follows it, so nothing is an earlier summary: the facts the items state are the note's own.
    const text = fixture('n-20251001-afc765');
    const { prior, conversation } = splitPriorSummary(text);
    expect(prior).toBeNull();
    expect(conversation.split('\n').filter((l) => l.startsWith('- [x] '))).toHaveLength(23);
    expect(conversation).toContain('Plan full multi-tenant SaaS offering (our account), target timing likely FY28');
    expect(conversation).not.toContain('entities:'); // frontmatter is not the note's text
  });

  it('reads summary-style headings with no conversation under them as the note itself', () => {
    const note =
      '# Pricing sync\n\n## Summary\nCapacity-only.\n\n## Decisions\n- Keep list price.\n\n## Next steps\n- [x] Send deck';
    expect(splitPriorSummary(note)).toEqual({ prior: null, conversation: note });
  });

  it('finds no summary in raw MacWhisper exports and keeps their text whole', () => {
    const text = fixture('t-00000000-f954dc');
    const { prior, conversation } = splitPriorSummary(text);
    expect(prior).toBeNull();
    expect(conversation.startsWith('Thank you.\n*00:16*')).toBe(true);
    expect(conversation).toBe(text.trim());
  });

  it('separates a summary written above bold speaker lines', () => {
    const text = [
      '# 1:1 — Lior — 2025-09-16',
      '',
      '## Summary',
      'Weekly sync.',
      '',
      '## Action items',
      '- [x] Book Davos room @Lior Genzel ✅ 2025-09-20',
      '- [ ] Send deck @Jason Vallery',
      '',
      '**Lior Genzel**: Hey.',
      '*00:01*',
    ].join('\n');
    const { prior, conversation } = splitPriorSummary(text);
    expect(prior?.tasks.map((t) => t.done)).toEqual([true, false]);
    expect(conversation).toBe('**Lior Genzel**: Hey.\n*00:01*');
  });

  it('leaves ordinary notes alone', () => {
    const note = '# Ideas\n\nSome thoughts about pricing.\n\n- [ ] one open todo\n- plain bullet\n';
    expect(splitPriorSummary(note)).toEqual({ prior: null, conversation: note.trim() });
  });
});
