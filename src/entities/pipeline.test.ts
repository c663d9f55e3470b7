/**
 * The entity stage end to end, the way the plan step drives it: per source, rebuild the registry from the pages
 * and state written so far, resolve, contribute, render, apply. Sources are built from the old system's notes
 * in test/fixtures/seeds (their participant lists carry the fixture's name variants).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Extraction } from '../extract/schema.ts';
import { readFrontmatter } from '../vault/markdown.ts';
import { applyPatches } from '../vault/patch.ts';
import { contributionsFor } from './contribution.ts';
import { checkVault } from './doctor.ts';
import { renderEntityPage } from './page.ts';
import { buildRegistry } from './registry.ts';
import { resolveExtraction } from './resolve.ts';
import { type EntityState, emptyState, entityStatePath, parseState, stateText, withContribution } from './state.ts';
import { demoConfig, envelope, extraction } from './testing.ts';

// Spelling and order rules over three sources: every name may make a page (the evidence rule is resolve.test.ts's).
const config = demoConfig('  min_sources: 1');
const seed = (n: string) => readFileSync(new URL(`../../test/fixtures/seeds/${n}`, import.meta.url), 'utf8');
const participantsOf = (text: string) => readFrontmatter(text).participants as string[];

const fact = (text: string, about: string, date: string | null = null) => ({ text, about, evidence: text, date });

const sources: Extraction[] = [
  extraction({
    source_id: 'red-flare',
    title: 'Red flare escalation on the Azure MAI deal',
    date: '2025-12-27',
    summary: 'Jeff Denworth escalated the risk of missing a Q1 Microsoft MAI deal.',
    participants: participantsOf(seed('000_8fb0a3b3e53b5a74.txt')).map((name) => ({ name, email: null })),
    facts: [
      fact(
        'Jeff Denworth stated Microsoft MAI needs 2 exabytes (2EB) of storage capacity on the floor in 2025.',
        'Microsoft',
      ),
      fact(
        'Jonsi Stefansson met Microsoft contacts Aung and Maneesh, who expect an Azure Blob integration proposal.',
        'Jonsi Stefansson',
      ),
      fact('Jason Vallery will sync with Jonsi to produce the Azure Blob proposal.', 'Myself'),
    ],
    mentions: [
      { kind: 'account', name: 'Microsoft', email: null },
      { kind: 'person', name: 'Maneesh', email: null },
    ],
    topics: ['Azure MAI deal risk'],
  }),
  extraction({
    source_id: 'eod-update',
    title: 'MAI & VAST December 8th EoD update',
    date: '2025-12-21',
    summary: 'Jeff Denworth asked whether MAI expects to use VAST supply chain, with nothing reserved for Microsoft.',
    participants: [
      ...participantsOf(seed('001_626ab250a3c1d4eb.txt')).map((name) => ({ name, email: null })),
      { name: 'Denworth, Jeff', email: 'jeff@vastdata.com' },
      { name: 'Kushal Datta', email: 'kushal.datta@microsoft.com' },
    ],
    facts: [
      fact('Microsoft MAI needs 2 EB of storage capacity on the floor in 2025, per Jeff Denworth.', 'Microsoft'),
      fact('Manish Sah was told Azure Blob does not make sense versus VAST for MAI.', 'Manish Sah'),
    ],
    topics: ['azure MAI deal risk', 'Supply chain'],
  }),
  extraction({
    source_id: 'voc',
    title: 'Azure VoC for MSFT testing',
    date: '2025-12-11',
    summary: 'Microsoft asked for an Azure VoC instance; VAST declined because VAST Azure is not ready.',
    participants: [
      { name: 'Lior Genzel', email: 'lior.genzel@vastdata.com' },
      { name: 'Jason Valerie', email: null },
      { name: 'Shachar Fienblit', email: 'shachar@vastdata.com' },
      { name: 'Speaker 1', email: null },
      { name: 'zoom.us', email: null },
    ],
    facts: [fact('Microsoft MAI needs 100 EB of storage capacity on the floor.', 'Microsoft', '2026-01-05')],
    mentions: [
      { kind: 'account', name: 'AI', email: null },
      { kind: 'person', name: 'James Vallery', email: null },
    ],
  }),
];

interface Vault {
  files: Map<string, string>;
}

function runSource(v: Vault, ex: Extraction): void {
  const pages = [...v.files.entries()]
    .filter(([p]) => p.endsWith('/README.md'))
    .map(([path, content]) => ({ path, content }));
  const stateEntities = [...v.files.entries()]
    .filter(([p]) => p.startsWith('.distill/'))
    .map(([p, c]) => parseState(c, p).entity);
  const reg = buildRegistry(pages, config, stateEntities);
  const env = envelope({ source_id: ex.source_id, date: ex.date });
  const res = resolveExtraction(ex, env, reg, config);
  const byId = new Map([...reg.byId, ...res.newEntities.map((e) => [e.id, e] as const)]);
  for (const c of contributionsFor(ex, env, res, `Meetings/${ex.date!.slice(0, 4)}/${ex.date} - ${ex.title}.md`, reg)) {
    const entity = byId.get(c.entity_id)!;
    const statePath = entityStatePath(entity.id);
    const stored = v.files.get(statePath);
    const state: EntityState = stored ? { ...parseState(stored, statePath), entity } : emptyState(entity);
    const pagePath = `${entity.folder}/README.md`;
    const existing = v.files.get(pagePath) ?? null;
    const r = renderEntityPage(entity, withContribution(state, c), existing, config);
    v.files.set(pagePath, applyPatches(existing ?? r.skeleton, r.patches));
    v.files.set(statePath, stateText(r.state));
  }
}

function run(order: Extraction[], initial: [string, string][] = []): Vault {
  const v: Vault = { files: new Map(initial) };
  for (const ex of order) runSource(v, ex);
  return v;
}

const pagesOf = (v: Vault) => [...v.files.entries()].filter(([p]) => p.endsWith('README.md')).sort();

describe('entity stage over the seed sources', () => {
  // A vault that already has a page for a person fixes his spelling; without one, the first spelling seen is
  // the page name (see the report's known gaps).
  const initial: [string, string][] = [
    ['Accounts/Microsoft/README.md', seed('004_b5e8e54e5df0c078.txt')],
    ['People/Shachar Feinblit/README.md', '---\ntype: person\n---\n# Shachar Feinblit\n\nMet at Ignite.\n'],
  ];
  const [a, b, c] = sources as [Extraction, Extraction, Extraction];
  const forward = run([a, b, c], initial);

  it('gives byte-identical entity pages for every processing order', () => {
    const expected = pagesOf(forward);
    for (const order of [
      [c, b, a],
      [b, a, c],
      [a, c, b, a],
    ]) {
      const got = pagesOf(run(order, initial));
      expect(got.map(([p]) => p)).toEqual(expected.map(([p]) => p));
      for (const [i, [path, text]] of got.entries()) expect(`${path}\n${text}`).toBe(`${path}\n${expected[i]![1]}`);
    }
  });

  it('files each spelling under one person, keeps the relative apart, and makes no generic entities', () => {
    expect(forward.files.get('People/James Vallery/README.md')).not.toContain('Jason');
    const people = pagesOf(forward)
      .filter(([p]) => p.startsWith('People/'))
      .map(([p]) => p.split('/')[1]);
    expect(people).toEqual(
      [
        'Andy Perlsteiner',
        'Avery Pham',
        'James Vallery',
        'Jason Vallery',
        'Jeff Denworth',
        'Jonsi Stefansson',
        'Kanchan Mehrotra',
        'Kushal Datta',
        'Lior Genzel',
        'Manish Sah',
        'Qingying Zhang',
        'Renen Hallak',
        'Rick Scurfield',
        'Shachar Feinblit',
        'Alon Horev',
      ].sort(),
    );
    const owner = forward.files.get('People/Jason Vallery/README.md')!;
    expect(readFrontmatter(owner).aliases).toEqual(['JV', 'Jason', 'Jason Valerie', 'Myself']);
    expect(owner).toContain(
      '- Jason Vallery will sync with Jonsi to produce the Azure Blob proposal. (2025-12-27, [[Meetings/2025/2025-12-27 - Red flare escalation on the Azure MAI deal]])',
    );
    expect(readFrontmatter(forward.files.get('People/Shachar Feinblit/README.md')!).aliases).toEqual([
      'Shachar Fienblit',
    ]);
    // "Maneesh (Unknown)" names nobody else in its source: a bare given name is not filed under Manish Sah by guess.
    expect(forward.files.get('People/Manish Sah/README.md')).toContain(
      '## Timeline\n\n- 2025-12-21 [[Meetings/2025/2025-12-21 - MAI & VAST December 8th EoD update|',
    );
    expect(forward.files.get('People/Manish Sah/README.md')).not.toContain('2025-12-27');
    expect(readFrontmatter(forward.files.get('People/Jeff Denworth/README.md')!).emails).toEqual(['jeff@vastdata.com']);
  });

  it('keeps the seed page, merges its duplicates with new statements, and supersedes the contradicted size', () => {
    const page = forward.files.get('Accounts/Microsoft/README.md')!;
    expect(page).toContain(
      '~~Jeff Denworth stated Microsoft AI Infrastructure (MAI) needs 2 exabytes (2EB) of storage capacity deployed',
    );
    expect(page).toContain(
      '- Microsoft MAI needs 100 EB of storage capacity on the floor. (2026-01-05, [[Meetings/2025/2025-12-11 - Azure VoC for MSFT testing]])',
    );
    // The seed page said 2026-01-04; older sources never move it back.
    expect(readFrontmatter(page).last_contact).toBe('2026-01-04');
    expect(readFrontmatter(page).tags).toContain('needs-review');
    expect(page).toContain('## Recent Context');
  });

  it('leaves a vault doctor finds nothing wrong with, apart from the seed page’s own old defects', () => {
    const files = [...forward.files.entries()].map(([path, content]) => ({ path, content }));
    for (const ex of sources)
      files.push({ path: `Meetings/${ex.date!.slice(0, 4)}/${ex.date} - ${ex.title}.md`, content: `# ${ex.title}\n` });
    const report = checkVault(files, config);
    expect(report.counts['near-duplicate']).toBe(0);
    expect(report.counts['exact-duplicate']).toBe(0);
    expect(report.counts['truncated-timeline']).toBe(0);
    expect(report.counts['generic-entity']).toBe(0);
    expect(report.counts['dangling-link']).toBe(0);
    expect(report.entities.account).toBe(1);
  });
});
