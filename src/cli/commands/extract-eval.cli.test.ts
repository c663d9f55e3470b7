/** `distill extract` and `distill eval`, in process, on the real fixtures. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { Extraction } from '../../extract/schema.ts';

const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures');

const cli = runCli;

afterEach(() => vi.restoreAllMocks());

describe('distill extract', () => {
  it('prints the extraction of one file as JSON', async () => {
    const r = await cli(
      '--vault',
      fixtures,
      'extract',
      path.join(fixtures, 'sources/e-20260105-cf0ae7/source.md'),
      '--json',
    );
    expect(r.code).toBe(0);
    const ex = Extraction.parse(JSON.parse(r.stdout));
    expect(ex.title).toBe('Transport Layer Security (TLS) Support for Block');
    expect(ex.participants.map((p) => p.name)).toEqual(['Itzik Reich', 'Noa Cohen', 'Myself']);
    expect(ex.tasks.map((t) => t.owner)).toEqual(['Myself']);
  });

  it('prints a readable summary without --json', async () => {
    const r = await cli('--vault', fixtures, 'extract', path.join(fixtures, 'sources/e-20251211-34d7d8/source.md'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  title:        Azure VoC for MSFT testing');
    expect(r.stdout).toMatch(/- Suggest a follow up call with the team who made the request\. @Ray Coetzee/);
  });

  it('names the file in a one-line error and exits 1', async () => {
    const r = await cli('--vault', fixtures, 'extract', path.join(fixtures, 'no-such-file.md'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no-such-file\.md: cannot read/);
  });
});

const gold = path.join(fixtures, 'gold');

/** A labels file in a temp folder with a few gold lines: the sources are found through --vault-root. */
function smallLabels(ids: string[]): string {
  const lines = readFileSync(path.join(gold, 'gold.dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => ids.some((id) => l.startsWith(`{"id": "${id}"`)));
  expect(lines).toHaveLength(ids.length);
  const dir = mkdtempSync(path.join(tmpdir(), 'distill-eval-'));
  const file = path.join(dir, 'gold.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const three = ['e-20251201-31cd74', 'n-20260103-352469', 't-00000000-f954dc'];

describe('distill eval', () => {
  it('prints the report as JSON: per-source scores, totals per kind and overall, targets', async () => {
    const r = await cli('eval', '--labels', smallLabels(three), '--vault-root', gold, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.extractor).toBe('offline');
    expect(report.sources.map((s: { id: string; error: string | null }) => [s.id, s.error])).toEqual(
      three.map((id) => [id, null]),
    );
    expect(Object.keys(report.by_kind).sort()).toEqual(['email', 'notes', 'transcript']);
    expect(Object.keys(report.overall).sort()).toEqual(
      [
        'sources',
        'participants',
        'tasks',
        'decisions',
        'facts',
        'reply_accuracy',
        'reply_scored',
        'title_accuracy',
        'date_accuracy',
        'ms_per_source',
      ].sort(),
    );
    expect(report.overall.sources).toBe(3);
    // The gold counts of the three sources; the owner is not a participant to find.
    expect(report.overall.tasks.expected).toBe(2 + 2 + 6);
    expect(report.overall.decisions.expected).toBe(2 + 2 + 4);
    expect(report.by_kind.email.participants.expected).toBe(7);
    expect(report.overall.reply_scored).toBe(1);
    for (const k of ['precision', 'recall', 'owner_accuracy', 'due_accuracy', 'invented_dates', 'pronoun_rate'])
      expect(report.overall.tasks).toHaveProperty(k);
    expect(report.targets.map((t: { name: string }) => t.name)).toContain('task pronoun rate');
    for (const t of report.targets) expect(typeof t.pass).toBe('boolean');
  }, 60_000);

  it('prints the totals table by default and a row per source with --per-source', async () => {
    const labels = smallLabels(three);
    const r = await cli('eval', '--labels', labels, '--vault-root', gold);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^extractor: offline\n/);
    expect(r.stdout).toMatch(/^TOTAL email /m);
    expect(r.stdout).toMatch(/^TOTAL transcript /m);
    expect(r.stdout).toMatch(/^TOTAL notes /m);
    expect(r.stdout).toMatch(/(PASS|MISS)\s+task pronoun rate/);
    expect(r.stdout).not.toContain('e-20251201-31cd74');
    const per = await cli('eval', '--labels', labels, '--vault-root', gold, '--per-source');
    for (const id of three) expect(per.stdout).toMatch(new RegExp(`^${id}\\s`, 'm'));
  }, 60_000);

  it('reports a usage error for a missing or bad labels file, a bad extractor, and a bad --folds', async () => {
    const labels = smallLabels(three.slice(0, 1));
    expect((await cli('eval', '--labels', '/nonexistent/labels.jsonl')).code).toBe(2);
    expect((await cli('eval', '--labels', labels, '--vault-root', gold, '--extractor', 'gpt')).code).toBe(2);
    const old = await cli('eval', '--labels', path.join(fixtures, 'labels.dev.jsonl'));
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/labels\.dev\.jsonl:1: /);
    const folds = await cli('eval', '--labels', labels, '--vault-root', gold, '--folds', '5');
    expect(folds.code).toBe(2);
    expect(folds.stderr).toMatch(/--folds must be a whole number from 2 to 1/);
    // The gold config names no provider: the LLM path refuses with a reason instead of silently going offline.
    const llm = await cli('eval', '--labels', labels, '--vault-root', gold, '--extractor', 'llm');
    expect(llm.code).toBe(2);
    expect(llm.stderr).toMatch(/no LLM configured/);
  }, 30_000);

  it('cross-validates: each source is extracted by a model trained on the other folds', async () => {
    const labels = smallLabels(three);
    const r = await cli('eval', '--labels', labels, '--vault-root', gold, '--folds', '3', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.extractor).toBe('offline (3-fold cross-validation)');
    expect(report.sources).toHaveLength(3);
    expect(report.sources.map((x: { error: string | null }) => x.error)).toEqual([null, null, null]);
  }, 60_000);

  it('warns when it knows no owner, since the labels\' "Myself" then matches no one', async () => {
    const labels = smallLabels(three.slice(0, 1));
    const known = await cli('eval', '--labels', labels, '--vault-root', gold);
    expect(known.stderr).not.toMatch(/no owner known/);
    const bare = mkdtempSync(path.join(tmpdir(), 'distill-eval-bare-'));
    cpSync(path.join(gold, 'sources', three[0]!), path.join(bare, 'sources', three[0]!), { recursive: true });
    const unknown = await cli('eval', '--labels', labels, '--vault-root', bare);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toMatch(/no owner known .* give --owner and --owner-email/);
    const named = await cli('eval', '--labels', labels, '--vault-root', bare, '--owner', 'Jason Vallery');
    expect(named.stderr).not.toMatch(/no owner known/);
  }, 60_000);

  it('scores a source it cannot read as all missed and still exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'distill-eval-'));
    const labels = path.join(dir, 'l.jsonl');
    const line = readFileSync(smallLabels(three.slice(0, 1)), 'utf8').replace(
      /"source_path": "[^"]*"/,
      '"source_path": "missing.md"',
    );
    writeFileSync(labels, line);
    const r = await cli('--vault', gold, 'eval', '--labels', labels, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sources[0].error).toMatch(/missing\.md: cannot read/);
    expect(report.overall.tasks.recall).toBe(0);
  }, 30_000);
});
