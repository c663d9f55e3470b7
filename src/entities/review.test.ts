import { describe, expect, it } from 'vitest';
import { newEntitiesOfRun } from './review.ts';
import { demoConfig } from './testing.ts';

const config = demoConfig();

describe('newEntitiesOfRun', () => {
  it('lists the pages a run created with why each got one, and nothing else it wrote', () => {
    const files: Record<string, string> = {
      'People/Jeff Denworth/README.md': '---\ntype: person\nname: Jeff Denworth\nemails: [jeff@vastdata.com]\n---\n',
      'People/Renen Hallak/README.md': '---\ntype: person\nname: Renen Hallak\n---\n',
      'Accounts/Walmart/README.md': '---\ntype: account\nname: Walmart\n---\n',
      '.distill/entities/account__walmart.json': JSON.stringify({
        entity: { id: 'account:walmart' },
        contributions: { s1: { source_id: 's1' }, s2: { source_id: 's2' } },
        generated: {},
      }),
    };
    const record = JSON.stringify({
      created_files: [
        ...Object.keys(files).map((path) => ({ path, post_sha: 'x' })),
        { path: 'Meetings/2025/2025-12-01 - Call.md', post_sha: 'x' },
        { path: 'People/Jason Vallery/README.md', post_sha: 'x' },
      ],
    });
    expect(newEntitiesOfRun(record, (p) => files[p] ?? null, config)).toEqual([
      {
        id: 'account:walmart',
        kind: 'account',
        name: 'Walmart',
        page: 'Accounts/Walmart/README.md',
        sources: 2,
        why: 'named in 2 sources',
      },
      {
        id: 'person:jeff-denworth',
        kind: 'person',
        name: 'Jeff Denworth',
        page: 'People/Jeff Denworth/README.md',
        sources: 0,
        why: 'exchanged mail (jeff@vastdata.com)',
      },
      {
        id: 'person:renen-hallak',
        kind: 'person',
        name: 'Renen Hallak',
        page: 'People/Renen Hallak/README.md',
        sources: 0,
        why: 'took part in a call or a thread',
      },
    ]);
    expect(newEntitiesOfRun('not json', () => null, config)).toEqual([]);
  });
});
