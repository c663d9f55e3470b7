import { describe, expect, it } from 'vitest';
import { applyPatch } from './patch.ts';

const note = (items: string) => `# N\n\n## Action Items\n\n${items}\n\n## Thread\n\n> hi\n`;

describe('replace_section keeps the user’s lines', () => {
  const previous = '- [?] Send the BOM @Jeff #task #proposed 🆔 t1\n- [?] Call Lior @Jason #task #proposed 🆔 t2';

  it('a line the user added stays after the generated ones', () => {
    const text = note(`${previous}\n- my own reminder`);
    const out = applyPatch(text, { kind: 'replace_section', heading: 'Action Items', body: previous, previous });
    expect(out).toBe(text);
  });

  it('a task ticked in place is not kept twice when the new body brings it back under its id', () => {
    const ticked = previous.replace('- [?] Send', '- [x] Send');
    const body = '- [x] Send the BOM @Jeff Denworth #task 🆔 t1\n- [?] Call Lior @Jason #task #proposed 🆔 t2';
    const out = applyPatch(note(`${ticked}\n- my own reminder`), {
      kind: 'replace_section',
      heading: 'Action Items',
      body,
      previous,
    });
    expect(out).toBe(note(`${body}\n- my own reminder`));
  });

  it('a ticked task the new body no longer has is kept as the user left it', () => {
    const ticked = previous.replace('- [?] Send', '- [x] Send');
    const body = '- [?] Call Lior @Jason #task #proposed 🆔 t2';
    const out = applyPatch(note(ticked), { kind: 'replace_section', heading: 'Action Items', body, previous });
    expect(out).toContain('- [x] Send the BOM @Jeff #task #proposed 🆔 t1');
  });
});
