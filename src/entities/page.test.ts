import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getSection, readFrontmatter } from '../vault/markdown.ts';
import { applyPatches } from '../vault/patch.ts';
import type { Entity } from './entity.ts';
import { renderEntityPage } from './page.ts';
import { type EntityContribution, type EntityState, emptyState, withContribution } from './state.ts';
import { demoConfig } from './testing.ts';

const config = demoConfig();
const seed = readFileSync(new URL('../../test/fixtures/seeds/004_b5e8e54e5df0c078.txt', import.meta.url), 'utf8');

const jeff: Entity = {
  id: 'person:jeff-denworth',
  kind: 'person',
  name: 'Jeff Denworth',
  aliases: [],
  emails: ['jeff@vastdata.com'],
  domains: [],
  organisation: 'VAST Data',
  role: null,
  folder: 'People/Jeff Denworth',
};

function contribution(source_id: string, date: string, over: Partial<EntityContribution> = {}): EntityContribution {
  return {
    entity_id: jeff.id,
    source_id,
    date,
    note: `Meetings/${date.slice(0, 4)}/${date} - ${source_id}`,
    title: `Sync ${source_id}`,
    gist: `Discussed ${source_id}.`,
    facts: [],
    decisions: [],
    topics: [],
    related: [],
    emails: [],
    role: null,
    organisation: null,
    names: [],
    review: [],
    ...over,
  };
}

/** What the plan step does for each source: add the contribution, render, write skeleton+patches or patch the page. */
function processAll(entity: Entity, cs: EntityContribution[], initial: string | null = null) {
  let page = initial;
  let state: EntityState = emptyState(entity);
  for (const c of cs) {
    const r = renderEntityPage(entity, withContribution(state, c), page, config);
    page = applyPatches(page ?? r.skeleton, r.patches);
    state = r.state;
  }
  return { page: page!, state };
}

const a = contribution('a', '2025-12-11', {
  facts: [{ text: 'Jeff says MAI needs 2 EB of capacity on the floor.', date: '2025-12-11' }],
  topics: ['MAI supply chain'],
  related: [{ id: 'account:microsoft', name: 'Microsoft' }],
  names: ['Jeffrey Denworth'],
});
const b = contribution('b', '2025-12-21', {
  facts: [
    { text: 'Jeff says MAI needs 2 EB of capacity on the floor!', date: '2025-12-21' },
    { text: 'Jeff is SVP of product at VAST.', date: '2025-12-21' },
  ],
  decisions: [{ text: 'Treat CoreWeave testing as cosmetic.', date: '2025-12-21' }],
  topics: ['mai supply chain', 'Redmond workshop'],
});
const c = contribution('c', '2026-01-05', {
  facts: [{ text: 'Jeff says MAI needs 100 EB of capacity on the floor.', date: '2026-01-05' }],
});

describe('renderEntityPage', () => {
  it('renders every section of a new person page', () => {
    const { page } = processAll(jeff, [a, b]);
    expect(page).toBe(
      `---
type: person
name: Jeff Denworth
aliases:
  - Jeffrey Denworth
emails:
  - jeff@vastdata.com
organisation: VAST Data
last_contact: 2025-12-21
tags:
  - distill/person
---
# Jeff Denworth

## Profile

- Role: VAST Data
`.replace('- Role: VAST Data\n', '- Organisation: VAST Data\n- Email: jeff@vastdata.com\n') +
        `
## Key Facts

- Jeff is SVP of product at VAST. (2025-12-21, [[Meetings/2025/2025-12-21 - b]])
- Jeff says MAI needs 2 EB of capacity on the floor. (2025-12-11, [[Meetings/2025/2025-12-11 - a]]; 2025-12-21, [[Meetings/2025/2025-12-21 - b]])

## Timeline

- 2025-12-21 [[Meetings/2025/2025-12-21 - b|Sync b]]: Discussed b.
- 2025-12-11 [[Meetings/2025/2025-12-11 - a|Sync a]]: Discussed a.

## Open Tasks

\`\`\`tasks
not done
(description includes @Jeff Denworth) OR (description includes @Jeffrey Denworth)
sort by due
\`\`\`

## Decisions

- Treat CoreWeave testing as cosmetic. (2025-12-21, [[Meetings/2025/2025-12-21 - b]])

## Topics

- MAI supply chain
- Redmond workshop

## Related

- [[Accounts/Microsoft/README|Microsoft]]
`,
    );
  });

  it('gives byte-identical pages for the same sources in any order', () => {
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, c, a],
    ];
    const pages = orders.map((o) => processAll(jeff, o).page);
    expect(pages[1]).toBe(pages[0]);
    expect(pages[2]).toBe(pages[0]);
    // Re-processing a source replaces its contribution: nothing doubles.
    expect(processAll(jeff, [a, b, c, b, a]).page).toBe(pages[0]);
  });

  it('never moves last_contact back when an older source comes later', () => {
    const { page } = processAll(jeff, [c, a]);
    expect(readFrontmatter(page).last_contact).toBe('2026-01-05');
  });

  it('keeps a contradicted fact struck through with the date it changed, and flags the page', () => {
    const { page } = processAll(jeff, [a, c]);
    expect(getSection(page, 'Key Facts')).toContain(
      '- ~~Jeff says MAI needs 2 EB of capacity on the floor.~~ (superseded 2026-01-05) (2025-12-11, [[Meetings/2025/2025-12-11 - a]])',
    );
    expect(readFrontmatter(page).tags).toEqual(['distill/person', 'needs-review']);
  });

  it('keeps lines and sections the user wrote by hand', () => {
    let { page, state } = processAll(jeff, [a]);
    page = page.replace('## Key Facts\n\n', '## Key Facts\n\n- Prefers calls before 9am (my note)\n');
    page += '\n## My notes\n\nLikes sailing.\n';
    const r = renderEntityPage(jeff, withContribution(state, b), page, config);
    const next = applyPatches(page, r.patches);
    expect(getSection(next, 'Key Facts')).toContain('- Prefers calls before 9am (my note)');
    expect(next).toContain('## My notes\n\nLikes sailing.\n');
    state = r.state;
    expect(Object.keys(state.contributions).sort()).toEqual(['a', 'b']);
  });

  it('updates the sections of a page whose frontmatter the user broke, and leaves the frontmatter alone', () => {
    const broken = '---\nname: [Jeff\n---\n# Jeff Denworth\n\nNotes.\n';
    const { page } = processAll(jeff, [a], broken);
    expect(page.startsWith(broken)).toBe(true);
    expect(page).toContain('## Timeline\n\n- 2025-12-11 [[Meetings/2025/2025-12-11 - a|Sync a]]: Discussed a.');
  });

  it('takes over the seed account page: its duplicate facts collapse, its other sections stay', () => {
    const microsoft: Entity = {
      ...jeff,
      id: 'account:microsoft',
      kind: 'account',
      name: 'Microsoft',
      emails: [],
      organisation: null,
      folder: 'Accounts/Microsoft',
    };
    const fact = "Microsoft's Redmond lab has no GPU nodes available for testing right now.";
    const src = contribution('d', '2026-01-06', {
      entity_id: microsoft.id,
      facts: [{ text: fact, date: '2026-01-06' }],
    });
    const { page } = processAll(microsoft, [src], seed);
    const facts = (getSection(page, 'Key Facts') ?? '').split('\n').filter((l) => l.startsWith('- '));
    expect(facts).toHaveLength(34);
    expect(facts.filter((l) => l.includes('GPU nodes available for testing'))).toHaveLength(1);
    expect(getSection(page, 'Recent Context')).toBe(getSection(seed, 'Recent Context'));
    expect(getSection(page, 'Key Decisions')?.trim()).toBe(getSection(seed, 'Key Decisions')?.trim());
    const fm = readFrontmatter(page);
    expect(fm.last_contact).toBe('2026-01-06');
    expect(fm.tags).toEqual(['distill/account', 'needs-review', 'type/account']);
    expect(fm.created).toBe('2026-01-05');
  });
});
