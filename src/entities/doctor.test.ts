import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyPatches } from '../vault/patch.ts';
import { checkVault, isTruncatedTimelineLine, junkEntityFindings } from './doctor.ts';
import type { Entity } from './entity.ts';
import { renderEntityPage } from './page.ts';
import { emptyState, withContribution } from './state.ts';
import { demoConfig } from './testing.ts';

const config = demoConfig();
const seed = readFileSync(new URL('../../test/fixtures/seeds/004_b5e8e54e5df0c078.txt', import.meta.url), 'utf8');

describe('isTruncatedTimelineLine', () => {
  it.each([
    [
      '- 2025-11-12: Microsoft\'s internal "Big Pause" on AI infrastructure is described as ending, with Microsoft now scr...',
      true,
    ],
    ['- 2025-12-11 [[n|t]]: Lior connected Jason with Sushant to enab…', true],
    ['- 2025-12-11 [[n|t]]: Lior connected Jason with the', true],
    ['- 2025-12-11 [[n|t]]: Lior connected Jason with Sushant (Microsoft', true],
    ['- 2025-12-11 [[n|t]]: Lior connected Jason with Sushant (Microsoft).', false],
    ['- 2025-12-27 [[n|Red flare escalation]]: Red flare escalation on the Azure MAI deal', false],
  ])('%s -> %s', (line, truncated) => {
    expect(isTruncatedTimelineLine(line)).toBe(truncated);
  });
});

describe('checkVault', () => {
  it("counts the old system's defects on its Microsoft page", () => {
    const files = [
      { path: 'Accounts/Microsoft/README.md', content: seed.replace('## Recent Context', '## Timeline') },
      { path: 'People/Speaker 1/README.md', content: '---\ntype: person\n---\n# Speaker 1\n' },
      {
        path: 'Meetings/2025/n.md',
        content:
          '---\nparticipants: ["[[People/Jeff Denworth/README|Jeff Denworth]]", "[[Accounts/Microsoft/README]]"]\n---\nSee [[]] and [[Nowhere]].\n```tasks\n[[not a link]]\n```\n',
      },
      {
        path: 'People/Jeff Denworth/README.md',
        content:
          '---\naliases: [Jeffrey Denworth]\n---\n[[Jeffrey Denworth]] [[Accounts/Microsoft/README#Key Facts]] [[Meetings/2025/n]]\n',
      },
    ];
    const r = checkVault(files, config);
    expect(r.entities).toEqual({ person: 2, account: 1, project: 0, total: 3 });
    expect(r.counts['near-duplicate']).toBe(12);
    expect(r.counts['truncated-timeline']).toBe(11); // every line the old system cut with "..."
    expect(r.counts['generic-entity']).toBe(1);
    expect(r.counts['empty-link']).toBe(1);
    // Obsidian resolves links by path or file name only: an alias or a bare folder name leaves a link dangling.
    expect(r.findings.filter((f) => f.check === 'dangling-link').map((f) => f.detail)).toEqual([
      '[[Nowhere]]',
      '[[Jeffrey Denworth]]',
    ]);
    expect(r.defects).toBeGreaterThan(0);
  });

  it('finds nothing wrong with pages Distill rendered', () => {
    const jeff: Entity = {
      id: 'person:jeff-denworth',
      kind: 'person',
      name: 'Jeff Denworth',
      aliases: [],
      emails: [],
      domains: [],
      organisation: null,
      role: null,
      folder: 'People/Jeff Denworth',
    };
    const note = 'Meetings/2025/2025-12-11 - MAI sync';
    const base = {
      entity_id: jeff.id,
      note,
      title: 'MAI sync',
      topics: [],
      decisions: [],
      emails: [],
      role: null,
      organisation: null,
      names: [],
      review: [],
    };
    let state = emptyState(jeff);
    state = withContribution(state, {
      ...base,
      source_id: 'a',
      date: '2025-12-11',
      gist: 'Jeff escalated the MAI deal risk.',
      facts: [{ text: 'Jeff needs a plan for MAI now.', date: '2025-12-11' }],
      related: [{ id: 'account:microsoft', name: 'Microsoft' }],
    });
    state = withContribution(state, {
      ...base,
      source_id: 'b',
      date: '2025-12-12',
      gist: 'Follow-up on the MAI plan.',
      facts: [{ text: 'Jeff needs a plan for MAI right now.', date: '2025-12-12' }],
      related: [],
    });
    const r = renderEntityPage(jeff, state, null, config);
    const files = [
      { path: 'People/Jeff Denworth/README.md', content: applyPatches(r.skeleton, r.patches) },
      { path: 'Accounts/Microsoft/README.md', content: '---\ntype: account\n---\n' },
      { path: `${note}.md`, content: '# MAI sync\n' },
    ];
    const report = checkVault(files, config);
    expect(report.findings).toEqual([]);
    expect(report.defects).toBe(0);
  });
});

describe('junkEntityFindings: the people pages a user would call wrong', () => {
  const person = (name: string, fm = '', body = '') => ({
    path: `People/${name}/README.md`,
    content: `---\ntype: person\nname: ${name}\n${fm}---\n# ${name}\n${body}`,
  });
  const timeline = (...notes: string[]) =>
    `\n## Timeline\n\n${notes.map((n) => `- 2025-12-15 [[${n}|x]]: x.`).join('\n')}\n`;
  const junk = (files: { path: string; content: string }[]) =>
    junkEntityFindings(files, config).map((f) => `${f.check}: ${f.path.split('/')[1]}`);

  it('finds words and titles glued to names, and organisations filed as people', () => {
    expect(
      junk([
        person('Jeff Denworth Why'),
        person('Thank Jeff'),
        person('Director Hampson'),
        person('Express Scripts Pharmacy'),
        person('Lambda Labs'),
        { path: 'Accounts/Hammerspace/README.md', content: '---\ntype: account\nname: Hammerspace\n---\n' },
        person('Hammerspace'),
        person('Will Oh'), // both are names
      ]),
    ).toEqual([
      'junk-name: Jeff Denworth Why',
      'junk-name: Thank Jeff',
      'junk-name: Director Hampson',
      'organisation-as-person: Express Scripts Pharmacy',
      'organisation-as-person: Lambda Labs',
      'organisation-as-person: Hammerspace',
    ]);
  });

  it('finds a name in reversed order, and which order is the person’s own', () => {
    expect(
      junk([person('Sebastien Berube', 'emails: [sebastien.berube@x.com]\n'), person('Berube Sebastien')]),
    ).toEqual(['reversed-name: Berube Sebastien']);
    expect(junk([person('Denworth Jeff')])).toEqual(['reversed-name: Denworth Jeff']);
    expect(junk([person('Jeff Denworth')])).toEqual([]);
  });

  it('finds one person on two pages only when the pages share something and no address says otherwise', () => {
    const call = 'Meetings/Undated/GDC call';
    expect(
      junk([
        person('David Pawlak', 'emails: [dpawlak@google.com]\n', timeline(call)),
        person('David Pollack', '', timeline(call)),
        person('Mallikarjun Chadalapaka', 'emails: [mkchad@google.com]\n', timeline(call)),
        person('Malik Karjan', '', timeline(call)),
      ]),
    ).toEqual(['duplicate-person: David Pollack', 'duplicate-person: Malik Karjan']);
    // alike names but nothing in common: two people until something says otherwise
    expect(junk([person('David Pawlak', '', timeline('a')), person('David Pollack', '', timeline('b'))])).toEqual([]);
    // one organisation but addresses at two companies: two people
    expect(
      junk([
        person('Jeff Denworth', 'emails: [jeff@vastdata.com]\norganisation: VAST Data\n'),
        person('Jeffrey Denworth', 'emails: [jd@acme.com]\norganisation: VAST Data\n'),
      ]),
    ).toEqual([]);
    // different family names are different people, whatever they share
    expect(junk([person('Olivia Bao', '', timeline(call)), person('Olivia Bouree', '', timeline(call))])).toEqual([]);
  });
});
