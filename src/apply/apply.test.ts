import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, treeHashes, writeTree } from '../../test/helpers/vault.ts';
import type { ChangePlan } from '../plan/change-plan.ts';
import { defaultConfig } from '../vault/config.ts';
import { InjectedFault } from './fs-ops.ts';
import { applyPlan, PlanConflict, sha256, undoRun } from './index.ts';
import { recoverInterrupted } from './transaction.ts';

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root, encoding: 'utf8' });

const config = defaultConfig();

function seedVault(): string {
  const root = tempDir();
  writeTree(root, {
    'Inbox/2025-12-11 thread.md': '# Re: Azure VoC\n\nbody\n',
    'Inbox/2025-12-15 16 10 - Google GDC RFP.md': '**Lior Genzel**: hi\n*00:01*\n',
    'People/Jeff Denworth/README.md':
      '---\nname: Jeff Denworth\n---\n# Jeff Denworth\n\n## Key Facts\n\n- old fact\n\n## Notes by me\n\nmine\n',
  });
  return root;
}

function planFor(root: string): ChangePlan {
  const page = readFileSync(path.join(root, 'People/Jeff Denworth/README.md'), 'utf8');
  return {
    run_id: 'r1',
    created: '2026-01-01T00:00:00Z',
    sources: [],
    skipped: [],
    failed: [],
    warnings: [],
    operations: [
      { op: 'create_note', path: 'Meetings/2025/2025-12-11 - Azure VoC.md', content: '# Azure VoC\n' },
      { op: 'create_note', path: 'Meetings/2025/2025-12-15 - Google GDC RFP.md', content: '# GDC\n' },
      {
        op: 'patch_note',
        path: 'People/Jeff Denworth/README.md',
        base_sha: sha256(page),
        patches: [
          { kind: 'upsert_frontmatter', values: { last_contact: '2025-12-15' } },
          { kind: 'replace_section', heading: 'Key Facts', body: '- new fact', previous: '- old fact' },
        ],
      },
      {
        op: 'archive_source',
        from: 'Inbox/2025-12-11 thread.md',
        to: 'Sources/Email/2025/2025-12-11 thread.md',
        source_id: 'a',
      },
      {
        op: 'archive_source',
        from: 'Inbox/2025-12-15 16 10 - Google GDC RFP.md',
        to: 'Sources/Transcripts/2025/2025-12-15 16 10 - Google GDC RFP.md',
        source_id: 'b',
      },
      { op: 'write_outbox', path: 'Outbox/2025-12-11 Re Azure VoC.md', content: 'draft\n' },
      { op: 'write_state', path: '.distill/ledger.json', content: '{}\n' },
    ],
  };
}

describe('applyPlan', () => {
  it('applies every operation and keeps the user section and the source bytes', () => {
    const root = seedVault();
    const source = readFileSync(path.join(root, 'Inbox/2025-12-11 thread.md'));
    const result = applyPlan(root, planFor(root), { config });
    const page = readFileSync(path.join(root, 'People/Jeff Denworth/README.md'), 'utf8');
    expect(page).toContain('last_contact: 2025-12-15');
    expect(page).toContain('- new fact');
    expect(page).not.toContain('- old fact');
    expect(page).toContain('## Notes by me\n\nmine\n');
    expect(readFileSync(path.join(root, 'Sources/Email/2025/2025-12-11 thread.md')).equals(source)).toBe(true);
    expect(existsSync(path.join(root, 'Inbox/2025-12-11 thread.md'))).toBe(false);
    expect(existsSync(path.join(root, '.distill/journal'))).toBe(false);
    expect(result.operations).toBeGreaterThan(10);
  });

  it('leaves the vault byte-identical when the Nth filesystem operation fails, for every N', () => {
    const probe = seedVault();
    const total = applyPlan(probe, planFor(probe), { config }).operations;
    let covered = 0;
    for (let n = 1; n <= total; n++) {
      const root = seedVault();
      const before = treeHashes(root);
      let failed = false;
      try {
        applyPlan(root, planFor(root), { config, faults: { failAt: n } });
      } catch (e) {
        failed = true;
        expect((e as Error & { cause?: unknown }).cause ?? e).toBeInstanceOf(InjectedFault);
      }
      const after = treeHashes(root);
      if (failed) {
        // the lock file is released, so the tree is exactly what it was
        expect(after).toEqual(before);
        covered++;
      } else {
        expect(after['Meetings/2025/2025-12-11 - Azure VoC.md']).toBeDefined();
      }
    }
    expect(covered).toBeGreaterThanOrEqual(total - 3);
  });

  it('refuses to create over an existing note or archive over an existing source', () => {
    const root = seedVault();
    writeTree(root, { 'Sources/Email/2025/2025-12-11 thread.md': 'another source' });
    expect(() => applyPlan(root, planFor(root), { config })).toThrow(PlanConflict);
    expect(readFileSync(path.join(root, 'Sources/Email/2025/2025-12-11 thread.md'), 'utf8')).toBe('another source');
  });

  it('dry-run reports the changes and writes nothing at all', () => {
    const root = seedVault();
    const before = treeHashes(root);
    const result = applyPlan(root, planFor(root), { config, dryRun: true });
    expect(result.changes.map((c) => c.kind).sort()).toEqual([
      'create',
      'create',
      'modify',
      'move',
      'move',
      'outbox',
      'state',
    ]);
    expect(treeHashes(root)).toEqual(before);
    expect(existsSync(path.join(root, '.distill'))).toBe(false);
  });

  it('undo puts moved sources back in the inbox and restores edited pages', () => {
    const root = seedVault();
    const before = treeHashes(root);
    applyPlan(root, planFor(root), { config });
    undoRun(root, 'r1', 'u1', { config });
    const after = treeHashes(root);
    // The undo leaves its own run record (so it can itself be undone); everything else is back.
    const withoutRecords = Object.fromEntries(Object.entries(after).filter(([p]) => !p.startsWith('.distill/runs/')));
    expect(withoutRecords).toEqual(before);
  });

  it('without texts kept (a large run), a state change is read from disk when recorded: undo and rollback still restore it', () => {
    const STATE = '.distill/entities/account__acme.json';
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `  "source-${i}": {"title": "Call ${i}"},`);
    const old = `{\n${lines(2000).join('\n')}\n  "end": 1\n}\n`;
    const seeded = () => {
      const root = seedVault();
      writeTree(root, { [STATE]: old });
      return root;
    };
    const lean = (root: string): ChangePlan => {
      const plan = planFor(root);
      const grown = old.replace('  "end": 1', `${lines(2001).at(-1)}\n  "end": 1`);
      return { ...plan, operations: [...plan.operations, { op: 'write_state', path: STATE, content: grown }] };
    };

    const root = seeded();
    const before = treeHashes(root);
    const applied = applyPlan(root, lean(root), { config, keepTexts: false });
    expect(applied.changes.find((c) => c.path === STATE)).toEqual({
      path: STATE,
      kind: 'state',
      before: null,
      after: null,
    });
    const record = readFileSync(path.join(root, '.distill/runs/r1.json'), 'utf8');
    expect(record).toContain('source-2000');
    expect(record).not.toContain('source-1000'); // a patch, not the file
    undoRun(root, 'r1', 'u1', { config });
    const after = treeHashes(root);
    expect(Object.fromEntries(Object.entries(after).filter(([p]) => !p.startsWith('.distill/runs/')))).toEqual(before);

    for (const failAt of [1, 4, 8]) {
      const failing = seeded();
      const untouched = treeHashes(failing);
      expect(() => applyPlan(failing, lean(failing), { config, keepTexts: false, faults: { failAt } })).toThrow();
      expect(treeHashes(failing)).toEqual(untouched);
    }
  });

  it('recovers a journal left by a crash', () => {
    const root = seedVault();
    const before = treeHashes(root);
    // simulate: journal written, some steps done, process gone
    const plan = planFor(root);
    try {
      applyPlan(root, plan, { config, faults: { failAt: 9 } });
    } catch {
      // rolled back in-process; now check recovery is a no-op on a clean vault
    }
    expect(recoverInterrupted(root)).toEqual([]);
    expect(treeHashes(root)).toEqual(before);
  });

  it('recovers a journal an older version left, with the pre-images inside it', () => {
    const PAGE = 'People/Jeff Denworth/README.md';
    const root = seedVault();
    const before = treeHashes(root);
    const original = readFileSync(path.join(root, PAGE));
    writeFileSync(path.join(root, PAGE), 'half-written by the crashed run\n');
    const journal = {
      run_id: 'old',
      status: 'prepared',
      started: '2026-01-01T00:00:00Z',
      created_dirs: [],
      entries: [
        {
          step: { type: 'write', path: PAGE },
          existed: true,
          pre: original.toString('base64'),
        },
      ],
    };
    writeTree(root, { '.distill/journal/old.json': JSON.stringify(journal) });
    expect(recoverInterrupted(root)).toEqual([{ run_id: 'old', action: 'rolled-back', files: 1 }]);
    expect(treeHashes(root)).toEqual(before);
  });

  it('refuses a plan whose ledger (or any file it writes) changed since the plan read it', () => {
    const root = seedVault();
    writeTree(root, { '.distill/ledger.json': '{"version":1}\n' });
    const bases = { '.distill/ledger.json': sha256('{"version":1}\n') };
    // an undo (or any other command) rewrote the ledger after this plan was made
    writeTree(root, { '.distill/ledger.json': '{"version":1,"sources":{}}\n' });
    const before = treeHashes(root);
    expect(() => applyPlan(root, planFor(root), { config, bases })).toThrow(/ledger\.json changed since the plan/);
    expect(treeHashes(root)).toEqual(before);
    // a file the plan found absent must still be absent
    const root2 = seedVault();
    writeTree(root2, { '.distill/ledger.json': '{}\n' });
    expect(() => applyPlan(root2, planFor(root2), { config, bases: { '.distill/ledger.json': null } })).toThrow(
      PlanConflict,
    );
  });

  it('a failed git index update after HEAD moved keeps the run, and the next start finishes the update', () => {
    const root = seedVault();
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'seed');
    const result = applyPlan(root, planFor(root), { config, faults: { failAtLabel: 'git update-index' } });
    expect(result.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(result.warnings.join('\n')).toMatch(/git index could not be updated/);
    expect(git(root, 'rev-parse', 'HEAD').trim()).toBe(result.commit);
    expect(git(root, 'status', '--porcelain')).not.toBe(''); // the index lags behind HEAD
    expect(recoverInterrupted(root).map((r) => r.action)).toEqual(['finalised']);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(existsSync(path.join(root, '.distill/journal'))).toBe(false);
  });

  it('a failure before HEAD moves rolls the files back and leaves HEAD where it was', () => {
    const root = seedVault();
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'seed');
    const head = git(root, 'rev-parse', 'HEAD');
    const before = treeHashes(root);
    expect(() => applyPlan(root, planFor(root), { config, faults: { failAtLabel: 'git update-ref' } })).toThrow(
      /rolled back/,
    );
    expect(git(root, 'rev-parse', 'HEAD')).toBe(head);
    expect(treeHashes(root)).toEqual(before);
    expect(git(root, 'status', '--porcelain')).toBe('');
    expect(readdirSync(path.join(root, '.git')).filter((n) => n.startsWith('distill-index'))).toEqual([]);
  });

  it('undo removes the folders the run created, and only when they are empty', () => {
    const root = seedVault();
    applyPlan(root, planFor(root), { config });
    writeFileSync(path.join(root, 'Meetings/2025/mine.md'), 'my own note\n');
    undoRun(root, 'r1', 'u1', { config });
    expect(existsSync(path.join(root, 'Sources'))).toBe(false);
    expect(existsSync(path.join(root, 'Outbox'))).toBe(false);
    expect(readFileSync(path.join(root, 'Meetings/2025/mine.md'), 'utf8')).toBe('my own note\n');
  });
});

describe('edits never block', () => {
  const PAGE = 'People/Jeff Denworth/README.md';
  const read = (root: string, p: string) => readFileSync(path.join(root, p), 'utf8');
  const gitVault = () => {
    const root = seedVault();
    git(root, 'init', '-q');
    git(root, 'add', '-A', '--', '.', ':!Inbox');
    git(root, 'commit', '-qm', 'seed');
    return root;
  };

  it("commits the user's pending edits as their own commit, then the run's on top", () => {
    const root = gitVault();
    const plan = planFor(root);
    writeFileSync(path.join(root, PAGE), `${read(root, PAGE)}my thought\n`);
    writeFileSync(path.join(root, 'my new note.md'), 'an idea\n');
    const r = applyPlan(root, plan, { config, message: 'distill run r1: 1 email' });
    expect(r.edits_commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git(root, 'log', '--format=%s', '-2').trim().split('\n')).toEqual([
      'distill run r1: 1 email',
      'your edits before distill run r1',
    ]);
    expect(git(root, 'show', '--name-only', '--format=', r.edits_commit!).trim().split('\n').sort()).toEqual([
      PAGE,
      'my new note.md',
    ]);
    // patched on top of the edit made after the plan was read (base_sha differs): re-read, not refused
    expect(read(root, PAGE)).toContain('- new fact');
    expect(read(root, PAGE)).toContain('my thought');
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('undo takes the run out and keeps what the user edited before it and after it', () => {
    const root = gitVault();
    writeFileSync(path.join(root, PAGE), read(root, PAGE).replace('mine\n', 'mine\nbefore the run\n'));
    applyPlan(root, planFor(root), { config, message: 'distill run r1' });
    writeFileSync(path.join(root, PAGE), read(root, PAGE).replace('before the run\n', 'before the run\nafter it\n'));
    const note = 'Meetings/2025/2025-12-11 - Azure VoC.md';
    writeFileSync(path.join(root, note), '# Azure VoC\n\nmy notes on it\n');
    const u = undoRun(root, 'r1', 'u1', { config });
    const page = read(root, PAGE);
    expect(page).toContain('- old fact');
    expect(page).not.toContain('- new fact');
    expect(page).toContain('mine\nbefore the run\nafter it\n');
    expect(page).not.toContain('last_contact');
    expect(u.skipped).toEqual([note]);
    expect(read(root, note)).toContain('my notes on it');
    expect(existsSync(path.join(root, 'Inbox/2025-12-11 thread.md'))).toBe(true);
    expect(git(root, 'log', '--format=%s', '-2').trim().split('\n')).toEqual([
      'distill undo r1',
      'your edits before distill undo r1',
    ]);
    expect(git(root, 'log', '--format=%s').split('\n')).toContain('your edits before distill run r1');
  });

  it('undo stops when the user edited the very lines the run wrote, unless forced', () => {
    const root = seedVault();
    applyPlan(root, planFor(root), { config });
    writeFileSync(path.join(root, PAGE), read(root, PAGE).replace('- new fact', '- new fact, corrected by me'));
    const before = treeHashes(root);
    expect(() => undoRun(root, 'r1', 'u1', { config })).toThrow(/lines run r1 wrote were changed since .* in: People/);
    expect(treeHashes(root)).toEqual(before);
    undoRun(root, 'r1', 'u1', { config, force: true });
    expect(read(root, PAGE)).toContain('- old fact');
  });

  it('writes its run record as JSON of Latin-1 text, whatever the pages hold, and undo reads it back', () => {
    const root = seedVault();
    writeFileSync(
      path.join(root, PAGE),
      read(root, PAGE).replace('mine\n', 'mine\n- [ ] Call Jeff 📅 2026-01-05 — soon\n'),
    );
    applyPlan(root, planFor(root), { config });
    const text = read(root, '.distill/runs/r1.json');
    expect([...text].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    const record = JSON.parse(text);
    expect(Object.keys(record)).toEqual([
      'run_id',
      'created',
      'message',
      'modified',
      'created_files',
      'moves',
      'created_dirs',
    ]);
    expect(record.modified[0].pre).toContain('Call Jeff 📅 2026-01-05 — soon');
    undoRun(root, 'r1', 'u1', { config });
    expect(read(root, PAGE)).toContain('- [ ] Call Jeff 📅 2026-01-05 — soon\n');
  });

  it('without git, the run record keeps the pre-run bytes with the edits in them', () => {
    const root = seedVault();
    writeFileSync(path.join(root, PAGE), read(root, PAGE).replace('mine\n', 'mine\nunsaved in git\n'));
    applyPlan(root, planFor(root), { config });
    expect(read(root, PAGE)).toContain('unsaved in git');
    const record = JSON.parse(read(root, '.distill/runs/r1.json'));
    expect(record.modified[0].pre).toContain('unsaved in git');
    undoRun(root, 'r1', 'u1', { config });
    expect(read(root, PAGE)).toContain('mine\nunsaved in git\n');
  });

  /** The seed vault with a page over the size a run record keeps whole (a long Timeline); with git, committed. */
  const largePageVault = (withGit: boolean, lines = 400) => {
    const root = seedVault();
    const timeline = Array.from(
      { length: lines },
      (_, i) => `- 2025-01-${String((i % 28) + 1).padStart(2, '0')} call ${i}`,
    );
    writeTree(root, { [PAGE]: `${read(root, PAGE)}\n## Timeline\n\n${timeline.join('\n')}\n` });
    if (withGit) {
      git(root, 'init', '-q');
      git(root, 'add', '-A', '--', '.', ':!Inbox');
      git(root, 'commit', '-qm', 'seed');
    }
    return { root, prerun: read(root, PAGE) };
  };
  const recordOf = (root: string, file: string) =>
    JSON.parse(read(root, '.distill/runs/r1.json')).modified.find((m: { path: string }) => m.path === file);

  it('with git, a large page changed by a run is recorded as the lines that changed; undo gets its bytes back from git', () => {
    const { root, prerun } = largePageVault(true);
    applyPlan(root, planFor(root), { config, message: 'distill run r1' });
    const page = recordOf(root, PAGE);
    expect(page.pre).toBeUndefined();
    expect(page.patch.length).toBeGreaterThan(0);
    expect(page.pre_commit).toMatch(/^[0-9a-f]{40}$/);
    expect(read(root, '.distill/runs/r1.json').length).toBeLessThan(prerun.length / 2);
    // the very lines the run wrote, edited: undo stops, and --force gives back the bytes from before the run
    writeFileSync(path.join(root, PAGE), read(root, PAGE).replace('- new fact', '- new fact, corrected by me'));
    expect(() => undoRun(root, 'r1', 'u1', { config })).toThrow(/lines run r1 wrote were changed since/);
    undoRun(root, 'r1', 'u1', { config, force: true });
    expect(read(root, PAGE)).toBe(prerun);
  });

  it('with git, undo of a patched page keeps a later edit next to the lines the run wrote (three-way merge)', () => {
    const { root, prerun } = largePageVault(true);
    applyPlan(root, planFor(root), { config, message: 'distill run r1' });
    // an edit one line from the run's change: inside the patch's context, so only the bytes from git can merge it
    writeFileSync(path.join(root, PAGE), read(root, PAGE).replace('## Notes by me', '## Notes by me (kept)'));
    undoRun(root, 'r1', 'u1', { config });
    expect(read(root, PAGE)).toBe(prerun.replace('## Notes by me', '## Notes by me (kept)'));
  });

  it('a run in batches (texts not kept) writes a busy page and its record as one that keeps them, and undoes it', () => {
    const outcome = (keepTexts: boolean) => {
      const { root, prerun } = largePageVault(true, 5000); // over 64 KB: held compressed, its text before not held
      const applied = applyPlan(root, planFor(root), { config, message: 'distill run r1', keepTexts });
      const after = read(root, PAGE);
      const record = recordOf(root, PAGE);
      undoRun(root, 'r1', 'u1', { config });
      return {
        after,
        record,
        undone: read(root, PAGE) === prerun,
        change: applied.changes.find((c) => c.path === PAGE),
      };
    };
    const lean = outcome(false);
    const kept = outcome(true);
    expect(lean.after).toContain('- new fact');
    expect(lean.after).toBe(kept.after);
    expect(lean.record.patch).toEqual(kept.record.patch);
    expect(lean.undone && kept.undone).toBe(true);
    expect(lean.change).toMatchObject({ before: null, after: null });
  });

  it('without git, a large page is recorded whole, and undo restores it exactly', () => {
    const { root, prerun } = largePageVault(false);
    applyPlan(root, planFor(root), { config });
    expect(recordOf(root, PAGE).pre).toBe(prerun);
    undoRun(root, 'r1', 'u1', { config });
    expect(read(root, PAGE)).toBe(prerun);
  });

  it('keeps a small change to a large ledger as a patch, and undoes one run under a later one', () => {
    const root = seedVault();
    const ledger = (ids: number[]) =>
      `${JSON.stringify({ version: 1, sources: Object.fromEntries(ids.map((i) => [`s${i}`, { title: `Thread ${i}` }])) }, null, 2)}\n`;
    const ids = Array.from({ length: 3000 }, (_, i) => i * 10);
    writeTree(root, { '.distill/ledger.json': ledger(ids) });
    const state = (runId: string, content: string): ChangePlan => ({
      ...planFor(root),
      run_id: runId,
      operations: [{ op: 'write_state', path: '.distill/ledger.json', content }],
    });
    const withR1 = [...ids.slice(0, 1000), 10_001, ...ids.slice(1000)];
    applyPlan(root, state('r1', ledger(withR1)), { config });
    const record = read(root, '.distill/runs/r1.json');
    expect(record.length).toBeLessThan(2_000); // the ledger is 150 KB; the record keeps the lines that changed
    expect(JSON.parse(record).modified[0].patch).toHaveLength(1);
    const withR2 = [...withR1.slice(0, 2500), 20_001, ...withR1.slice(2500)];
    applyPlan(root, state('r2', ledger(withR2)), { config });
    undoRun(root, 'r1', 'u1', { config });
    expect(read(root, '.distill/ledger.json')).toBe(ledger(withR2.filter((i) => i !== 10_001)));
  });
  it('keeps the change a batch makes to many small entity states as patches, and undoes it exactly', () => {
    const root = seedVault();
    const state = (id: number, sources: number) =>
      `${JSON.stringify({ entity: { id: `person:p${id}` }, contributions: Object.fromEntries(Array.from({ length: sources }, (_, k) => [`src${k}`, { gist: `Said something in call ${k} about the plan, at some length.`.repeat(8), date: '2025-01-01' }])) }, null, 1)}\n`;
    const paths = Array.from({ length: 20 }, (_, i) => `.distill/entities/person__p${i}.json`);
    writeTree(root, Object.fromEntries(paths.map((p, i) => [p, state(i, 10)])));
    const before = paths.map((p) => read(root, p));
    const plan: ChangePlan = {
      ...planFor(root),
      run_id: 'batch',
      operations: paths.map((p, i) => ({ op: 'write_state' as const, path: p, content: state(i, 11) })),
    };
    applyPlan(root, plan, { config });
    const record = JSON.parse(read(root, '.distill/runs/batch.json')) as { modified: { patch?: unknown }[] };
    expect(record.modified.filter((m) => m.patch)).toHaveLength(20);
    expect(JSON.stringify(record).length).toBeLessThan(before.join('').length / 2);
    undoRun(root, 'batch', 'u1', { config });
    expect(paths.map((p) => read(root, p))).toEqual(before);
  });
});
