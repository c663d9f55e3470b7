/**
 * Issue 12 items 4 and 5, end to end through `distill run`: strings from a source or a model never forge markdown.
 * A multi-line title (an encoded subject, a model's title) cannot add a task or a section under the H1; raw HTML in
 * a model summary is stripped; a name written as `Bob]] [[People/Jason Vallery/README|Boss` cannot render a second
 * link; entity names the model invents (not in the source) make no page.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { parseTaskLine } from '../../src/core/task-line.ts';
import { emptyCore } from '../../src/extract/schema.ts';
import { type FakeLlmServer, startFakeLlmServer } from '../../src/llm/testing/fake-llm-server.ts';
import { listSections, wikilinks } from '../../src/vault/markdown.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/vault.ts';

const FORGED = 'Status\n- [ ] Wire $1M to account 999 #task\n## Action Items';
const SPOOF = 'Bob]] [[People/Jason Vallery/README|Boss';

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

/** An .eml whose subject and sender name are encoded words: the subject decodes to three lines. */
const EML = [
  `From: =?UTF-8?B?${b64(SPOOF)}?= <bob@example.com>`,
  'To: Jason Vallery <jason@vastdata.com>',
  `Subject: =?UTF-8?B?${b64(FORGED)}?=`,
  'Date: Mon, 5 Jan 2026 10:00:00 +0000',
  'Message-ID: <forged-1@example.com>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hi Jason,',
  '',
  'Can you send me the pricing deck for Acme by Friday?',
  '- [ ] Wire $2M to account 777 #task',
  '## Decisions',
  '',
  'Thanks, Bob',
  '',
].join('\r\n');

const MAIL_MD = `# Pricing deck

- Exported: 2026-01-06 09:00

## 2026-01-06 09:00:00 — Carol Diaz <carol@acme.example>

Hi Jason, please review the Acme pricing deck before Thursday.
We decided to keep the list price for Acme.

Carol
`;

function notes(vault: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) out.push({ path: path.relative(vault, full), text: readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(vault, 'Meetings'));
  return out;
}

function body(note: string): string {
  return note.replace(/^---\n[\s\S]*?\n---\n/, '');
}

/** What the note's structure is: its root headings and the task lines a Tasks query would list. */
function structure(note: string) {
  const headings = listSections(note).map((s) => `${'#'.repeat(s.depth)} ${s.heading}`);
  const tasks = note
    .split('\n')
    .map((l) => parseTaskLine(l.replace(/^>\s?/, '')))
    .filter((t) => t !== null);
  return { headings, tasks };
}

describe('hostile strings in a run (offline): an encoded multi-line subject and a spoofing sender name', () => {
  let vault: string;
  beforeAll(async () => {
    vault = tempDir('distill-hostile-');
    writeFileSync(
      path.join(vault, 'distill.config.yaml'),
      YAML.stringify({ owner: { name: 'Jason Vallery', emails: ['jason@vastdata.com'] }, git: { commit: 'off' } }),
    );
    mkdirSync(path.join(vault, 'Inbox'), { recursive: true });
    writeFileSync(path.join(vault, 'Inbox', 'forged.eml'), EML);
    const out = await runCli('run', '--vault', vault, '--json');
    expect(out.code, out.stderr).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(vault, { recursive: true, force: true }));

  it('writes the title on one line: no forged task, no forged section', () => {
    const [note] = notes(vault);
    expect(note).toBeDefined();
    const { headings, tasks } = structure(note!.text);
    expect(headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
    expect(headings.filter((h) => h === '## Action Items').length).toBeLessThanOrEqual(1);
    expect(headings.filter((h) => h === '## Decisions').length).toBeLessThanOrEqual(1);
    expect(tasks.filter((t) => /wire/i.test(t.text))).toEqual([]);
    for (const t of tasks) expect(t.tags).toContain('#proposed');
    expect(
      body(note!.text)
        .split('\n')
        .filter((l) => /^- \[ \]/.test(l)),
    ).toEqual([]);
  });

  it('renders the spoofing name as text: no link to the owner page labelled Boss', () => {
    for (const n of notes(vault)) {
      expect(n.text).not.toContain('|Boss]]');
      // The only links are whole links Distill made: none of them is labelled Boss, none starts inside a name.
      for (const m of n.text.matchAll(/\[\[([^\]\n]*)\]\]/g)) expect(m[1]).not.toMatch(/Boss|Bob/);
    }
    expect(wikilinks(notes(vault)[0]!.text).length).toBeGreaterThan(0);
  });
});

describe('hostile model output in a run (LLM)', () => {
  let vault: string;
  let srv: FakeLlmServer;
  beforeAll(async () => {
    srv = await startFakeLlmServer({
      script: () => ({
        kind: 'json',
        value: {
          ...emptyCore(),
          title: FORGED,
          summary:
            '<script>alert("x")</script>Carol asks for a review of the Acme deck.\n## Action Items\n- [ ] Pay invoice 42 #task\n```',
          tasks: [
            {
              text: 'Review the Acme pricing deck',
              owner: 'Myself',
              due: null,
              priority: null,
              status: 'done',
              evidence: 'please review the Acme pricing deck before Thursday.',
            },
          ],
          decisions: [
            {
              text: 'Keep the list price for <img src=x onerror=alert(1)>Acme',
              evidence: 'We decided to keep the list price for Acme.',
            },
          ],
          participants: [{ name: SPOOF, email: null }],
          mentions: [
            { kind: 'account', name: 'Evil y', email: null },
            { kind: 'account', name: 'C Windows x', email: null },
            { kind: 'account', name: 'Acme', email: null },
            { kind: 'person', name: SPOOF, email: null },
          ],
        },
      }),
    });
    vault = tempDir('distill-hostile-llm-');
    writeFileSync(
      path.join(vault, 'distill.config.yaml'),
      YAML.stringify({
        owner: { name: 'Jason Vallery', emails: ['jason@vastdata.com'] },
        git: { commit: 'off' },
        drafts: { enabled: false },
        llm: { provider: 'openai', model: 'gpt-5-mini', base_url: `${srv.url}/v1`, max_retries: 0 },
      }),
    );
    mkdirSync(path.join(vault, 'Inbox'), { recursive: true });
    writeFileSync(path.join(vault, 'Inbox', 'deck.md'), MAIL_MD);
    vi.stubEnv('OPENAI_API_KEY', 'k');
    vi.stubEnv('DISTILL_LLM_PROVIDER', '');
    vi.stubEnv('OPENAI_BASE_URL', '');
    try {
      const out = await runCli('run', '--vault', vault, '--json');
      expect(out.code, out.stderr).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000);
  afterAll(async () => {
    await srv?.close();
    if (!process.env.KEEP) rmSync(vault, { recursive: true, force: true });
  });

  it('keeps the note structure: one H1, no forged section or task, no HTML, tasks proposed', () => {
    const [note] = notes(vault);
    expect(note).toBeDefined();
    const text = note!.text;
    const { headings, tasks } = structure(text);
    expect(headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
    expect(headings.filter((h) => h === '## Action Items')).toHaveLength(1);
    expect(tasks.map((t) => t.text)).toEqual(['Review the Acme pricing deck']);
    expect(tasks[0]?.status).toBe('proposed');
    expect(text).not.toMatch(/<script|<img|onerror/i);
    expect(text).not.toContain('|Boss]]');
    // The summary's unclosed fence swallows nothing: the sections after it are still sections.
    expect(headings).toContain('## Decisions');
  });

  it('makes no page for names the source does not contain', () => {
    const accounts = path.join(vault, 'Accounts');
    const made = existsSync(accounts) ? readdirSync(accounts) : [];
    expect(made).not.toContain('Evil y');
    expect(made).not.toContain('C Windows x');
    const people = existsSync(path.join(vault, 'People')) ? readdirSync(path.join(vault, 'People')) : [];
    expect(people.some((p) => p.includes('Boss') || p.includes('README'))).toBe(false);
  });
});
