/**
 * Issue 14's clean set of people: every dev fixture source (test/fixtures/gold, 93 emails, transcripts and notes of
 * one owner) run together into one vault, then judged as a user would. `distill doctor` finds no junk entity (no
 * word glued to a name, no reversed name, no person on two pages, no organisation filed as a person), and the
 * cases the issue names come out right. The vault is built once, in process (the pipeline and apply of `run`).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/index.ts';
import { runPipeline } from '../../src/cli/pipeline.ts';
import { JUNK_CHECKS } from '../../src/entities/doctor.ts';
import { loadConfig } from '../../src/vault/config.ts';
import { readFrontmatter } from '../../src/vault/markdown.ts';
import { runCli } from '../helpers/cli.ts';
import { removeDir, tempDir } from '../helpers/vault.ts';

const GOLD = path.resolve(import.meta.dirname, '..', 'fixtures', 'gold');
let root = '';
let report: { counts: Record<string, number>; findings: { check: string; path: string; detail: string }[] };

const pages = (folder: string) => readdirSync(path.join(root, folder)).sort();

beforeAll(async () => {
  root = tempDir('distill-hygiene-');
  mkdirSync(path.join(root, 'Inbox'));
  // the fixtures' owner, without git (a commit adds nothing to what is judged here)
  writeFileSync(
    path.join(root, 'distill.config.yaml'),
    `${readFileSync(path.join(GOLD, 'distill.config.yaml'), 'utf8')}git:\n  commit: "off"\n`,
  );
  for (const id of readdirSync(path.join(GOLD, 'sources')))
    cpSync(path.join(GOLD, 'sources', id, 'source.md'), path.join(root, 'Inbox', `${id}.md`));
  const config = loadConfig(root);
  const result = await runPipeline(root, config, {});
  applyPlan(root, result.plan, { config, bases: result.bases, commit: false });
  report = JSON.parse((await runCli('--vault', root, 'doctor', '--json')).stdout);
}, 240_000);

afterAll(() => removeDir(root));

describe('entities of the dev fixtures run together', () => {
  it('gives doctor no junk entity to report', () => {
    expect(report.findings.filter((f) => (JUNK_CHECKS as readonly string[]).includes(f.check))).toEqual([]);
    for (const c of JUNK_CHECKS) expect(report.counts[c]).toBe(0);
  });

  it('files the misheard and split names under the person they are (David Pawlak, Mallikarjun Chadalapaka)', () => {
    const people = pages('People');
    expect(people).toEqual(expect.arrayContaining(['David Pawlak', 'Mallikarjun Chadalapaka', 'Jeff Denworth']));
    for (const junk of ['David Pollack', 'Malik Karjan', 'Director Hampson', 'Express Scripts Pharmacy'])
      expect(people).not.toContain(junk);
  });

  it('makes no page for a name only cited or mentioned once (Robert Cialdini, Wes Anderson)', () => {
    expect(pages('People')).not.toContain('Robert Cialdini');
    expect(pages('People')).not.toContain('Wes Anderson');
    // the name stays in its note as plain text
    const note = readdirSync(path.join(root, 'Meetings', '2026')).find((n) => n.includes('Tues mens group'));
    expect(note && readFileSync(path.join(root, 'Meetings', '2026', note), 'utf8')).not.toContain(
      '[[People/Wes Anderson',
    );
  });

  it("files AWS and Amazon as one account, and makes none of the owner's family domain", () => {
    const accounts = pages('Accounts');
    expect(accounts).toContain('AWS');
    expect(accounts).not.toContain('Amazon');
    expect(accounts).not.toContain('Vallery');
    const owner = readFrontmatter(readFileSync(path.join(root, 'People/Jason Vallery/README.md'), 'utf8'));
    expect(owner.organisation).toBe('VAST Data');
    expect(existsSync(path.join(root, 'Accounts/VAST Data/README.md'))).toBe(true);
  });
});
