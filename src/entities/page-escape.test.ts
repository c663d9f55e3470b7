/** Issue 12 items 4 and 5 on entity pages: names, titles, gists, topics and facts cannot forge links or structure. */
import { describe, expect, it } from 'vitest';
import { parseTaskLine } from '../core/task-line.ts';
import { listSections } from '../vault/markdown.ts';
import { applyPatches } from '../vault/patch.ts';
import type { Entity } from './entity.ts';
import { renderEntityPage } from './page.ts';
import { type EntityContribution, emptyState, withContribution } from './state.ts';
import { demoConfig } from './testing.ts';

const config = demoConfig();
const SPOOF = 'Bob]] [[People/Jason Vallery/README|Boss';

const bob: Entity = {
  id: 'person:bob',
  kind: 'person',
  name: 'Bob\n## Action Items',
  aliases: [],
  emails: [],
  domains: [],
  organisation: null,
  role: 'CFO <script>alert(1)</script>',
  folder: 'People/Bob',
};

const hostile: EntityContribution = {
  entity_id: bob.id,
  source_id: 's1',
  date: '2026-01-05',
  note: 'Meetings/2026/2026-01-05 - Status',
  title: `Status\n- [ ] Wire $1M #task\n${SPOOF}`,
  gist: 'Asked for <img src=x onerror=alert(1)>the deck\n## Decisions',
  facts: [{ text: '[ ] Wire $1M to account 999 #task', date: '2026-01-05' }],
  decisions: [{ text: `Go ahead [[People/Jason Vallery/README|Boss]]`, date: '2026-01-05' }],
  topics: ['# Topic heading'],
  related: [{ id: 'person:jason-vallery', name: SPOOF }],
  emails: [],
  role: null,
  organisation: null,
  names: [],
  review: [],
};

describe('entity page escaping', () => {
  it('renders hostile strings as text: one H1, no forged section, task or link', () => {
    const r = renderEntityPage(bob, withContribution(emptyState(bob), hostile), null, config);
    const page = applyPatches(r.skeleton, r.patches);
    const headings = listSections(page).map((s) => `${'#'.repeat(s.depth)} ${s.heading}`);
    expect(headings.filter((h) => h.startsWith('# '))).toHaveLength(1);
    expect(headings.filter((h) => h === '## Decisions')).toHaveLength(1);
    expect(headings).not.toContain('## Action Items');
    const tasks = page.split('\n').filter((l) => parseTaskLine(l) !== null);
    expect(tasks).toEqual([]);
    // Frontmatter is YAML data (quoted by the YAML model); the body is what renders.
    const body = page.replace(/^---\n[\s\S]*?\n---\n/, '');
    expect(body).not.toMatch(/<script|<img|onerror/);
    expect(page).not.toContain('|Boss]]');
    // Every link is one Distill made: one target, one display text, and none is the spoofed owner link.
    for (const m of page.matchAll(/\[\[([^\]\n]*)\]\]/g)) {
      const parts = (m[1] ?? '').split('|');
      expect(parts.length).toBeLessThanOrEqual(2);
      expect(parts[0]).not.toBe('People/Jason Vallery/README');
      expect(parts[1]).not.toBe('Boss');
    }
  });
});
