import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Priority, TaskStatus } from './task-line.ts';
import {
  editTaskLine,
  FIELD_MARKERS,
  PRIORITY_EMOJI,
  parseTaskLine,
  renderTaskLine,
  STATUS_CHAR,
  sanitiseOwner,
  sanitiseTaskText,
  setTaskStatus,
  statusOfChar,
  TASK_STATUSES,
} from './task-line.ts';

describe('renderTaskLine', () => {
  it('writes the documented form', () => {
    expect(
      renderTaskLine({
        text: 'Send the BOM',
        owner: 'Jeff Denworth',
        due: '2026-01-05',
        priority: 'high',
        status: 'proposed',
        id: 't3f2a01',
      }),
    ).toBe('- [?] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01');
  });

  it('drops #proposed once a task is accepted and leaves out absent fields', () => {
    expect(
      renderTaskLine({ text: 'Review the deck', owner: null, due: null, priority: null, status: 'open', id: 'tabc' }),
    ).toBe('- [ ] Review the deck #task 🆔 tabc');
    expect(renderTaskLine({ text: 'x', owner: 'Myself', due: null, priority: 'lowest', status: 'done', id: 'a' })).toBe(
      '- [x] x @Myself ⏬ #task 🆔 a',
    );
  });

  it('adds extra tags after #task, cleaned', () => {
    expect(
      renderTaskLine(
        { text: 'Call Lior', owner: 'TBD', due: null, priority: null, status: 'proposed', id: 't1' },
        { tags: ['needs-review', '#auto', 'bad tag!'] },
      ),
    ).toBe('- [?] Call Lior @TBD #task #proposed #needs-review #auto #badtag 🆔 t1');
  });

  it('sanitises text that would break the plugin parser', () => {
    const line = renderTaskLine({
      text: 'Ship #42 fix 📅 2026-02-01 for [[Microsoft]]\nthen ping @jason ⏫ ✅ ^ref1',
      owner: 'Jeff @ Denworth',
      due: '2026-01-09',
      priority: 'medium',
      status: 'proposed',
      id: 't9',
    });
    expect(line).toBe(
      '- [?] Ship 42 fix 2026-02-01 for Microsoft then ping jason ref1 @Jeff Denworth 📅 2026-01-09 🔼 #task #proposed 🆔 t9',
    );
    const parsed = parseTaskLine(line);
    expect(parsed?.due).toBe('2026-01-09');
    expect(parsed?.priority).toBe('medium');
    expect(parsed?.owner).toBe('Jeff Denworth');
  });

  it('keeps email addresses in the text (a mid-word @ is not an owner)', () => {
    const line = renderTaskLine({
      text: 'Email erik@vastdata.com the quote',
      owner: null,
      due: null,
      priority: null,
      status: 'open',
      id: 'q',
    });
    expect(parseTaskLine(line)).toMatchObject({ text: 'Email erik@vastdata.com the quote', owner: null });
  });
});

describe('parseTaskLine', () => {
  it('reads every field of the documented line', () => {
    expect(
      parseTaskLine(
        '  - [?] Draft the Azure Blob integration proposal @Myself 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01',
      ),
    ).toEqual({
      indent: '  ',
      status: 'proposed',
      statusChar: '?',
      text: 'Draft the Azure Blob integration proposal',
      owner: 'Myself',
      due: '2026-01-05',
      done: null,
      priority: 'high',
      tags: ['#task', '#proposed'],
      id: 't3f2a01',
    });
  });

  it('reads the old system capture order (tags before priority and date)', () => {
    expect(parseTaskLine('- [?] Do the thing @Owner #task #proposed #inbox ⏫ 📅 2026-01-10')).toMatchObject({
      text: 'Do the thing',
      owner: 'Owner',
      due: '2026-01-10',
      priority: 'high',
      tags: ['#task', '#proposed', '#inbox'],
    });
  });

  it('reads a completed legacy task with its done date', () => {
    expect(parseTaskLine('- [x] Send notes to Lior ✅ 2025-12-20')).toMatchObject({
      status: 'done',
      done: '2025-12-20',
      text: 'Send notes to Lior',
    });
  });

  it('returns null for lines that are not tasks', () => {
    expect(parseTaskLine('- plain bullet')).toBeNull();
    expect(parseTaskLine('## Action Items')).toBeNull();
    expect(parseTaskLine('- [>] deferred (unknown status)')).toBeNull();
  });

  const owners = fc.oneof(
    fc.constant(null),
    fc.constantFrom('Myself', 'TBD', 'Jeff Denworth', 'Jónsi Stefánsson'),
    fc.string(),
  );
  const dates = fc.oneof(
    fc.constant(null),
    fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  );
  const task = fc.record({
    text: fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('a', ' ', '#', '@', '📅', '🆔', '\n', '[', ']', 'é', '⏫', '✅', '^', 'x') }),
    ),
    owner: owners,
    due: dates,
    priority: fc.constantFrom<Priority | null>(null, 'highest', 'high', 'medium', 'low', 'lowest'),
    status: fc.constantFrom<TaskStatus>('proposed', 'open', 'in_progress', 'done', 'rejected'),
    id: fc.stringMatching(/^t[0-9a-f]{8}$/),
  });

  it('round-trips whatever is rendered (property)', () => {
    fc.assert(
      fc.property(task, (t) => {
        const line = renderTaskLine(t);
        expect(line).not.toContain('\n');
        const p = parseTaskLine(line);
        expect(p).not.toBeNull();
        expect(p!.status).toBe(t.status);
        expect(p!.text).toBe(sanitiseTaskText(t.text) || '(no description)');
        expect(p!.owner).toBe(t.owner === null ? null : sanitiseOwner(t.owner) || null);
        expect(p!.due).toBe(t.due);
        expect(p!.priority).toBe(t.priority);
        expect(p!.id).toBe(t.id);
        expect(p!.tags.includes('#proposed')).toBe(t.status === 'proposed');
        // Rendering what was parsed gives the same line: the grammar is a fixed point.
        expect(renderTaskLine({ ...p!, id: p!.id! })).toBe(line);
      }),
      { numRuns: 500 },
    );
  });
});

describe('setTaskStatus', () => {
  const proposed = '- [?] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01';

  it('accepts: status open, #proposed removed, every other byte kept', () => {
    expect(setTaskStatus(proposed, 'open')).toBe('- [ ] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task 🆔 t3f2a01');
  });

  it('completes with the done date the plugin writes, and reopening removes it', () => {
    const done = setTaskStatus(proposed, 'done', '2026-01-06');
    expect(done).toBe('- [x] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task 🆔 t3f2a01 ✅ 2026-01-06');
    expect(parseTaskLine(done)).toMatchObject({ status: 'done', done: '2026-01-06', id: 't3f2a01', due: '2026-01-05' });
    expect(setTaskStatus(done, 'done', '2026-02-01')).toBe(done);
    expect(setTaskStatus(done, 'open')).toBe('- [ ] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task 🆔 t3f2a01');
  });

  it('rejects with R and can propose again after #task', () => {
    const rejected = setTaskStatus(proposed, 'rejected');
    expect(rejected).toBe('- [R] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task 🆔 t3f2a01');
    expect(setTaskStatus(rejected, 'proposed')).toBe(proposed);
  });

  it('keeps indentation and CRLF', () => {
    expect(setTaskStatus('    - [ ] nested #task 🆔 a1\r', 'in_progress')).toBe('    - [/] nested #task 🆔 a1\r');
  });

  it('throws on a line that is not a task', () => {
    expect(() => setTaskStatus('- not a task', 'done')).toThrow(/not a task line/);
  });
});

describe('editTaskLine', () => {
  const line = '- [?] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01';

  it('changes owner, due date and text and keeps status, priority, tags and id', () => {
    expect(editTaskLine(line, { owner: 'Noa Cohen' })).toBe(
      '- [?] Send the BOM @Noa Cohen 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01',
    );
    expect(editTaskLine(line, { due: '2026-01-09' })).toBe(
      '- [?] Send the BOM @Jeff Denworth 📅 2026-01-09 ⏫ #task #proposed 🆔 t3f2a01',
    );
    expect(editTaskLine(line, { due: null, owner: null, text: 'Send the final BOM' })).toBe(
      '- [?] Send the final BOM ⏫ #task #proposed 🆔 t3f2a01',
    );
    const plain = '- [ ] Call Noa #task 🆔 t1';
    expect(editTaskLine(plain, { due: '2026-02-01' })).toBe('- [ ] Call Noa 📅 2026-02-01 #task 🆔 t1');
  });

  it('keeps the line a valid task whatever the new text holds', () => {
    const out = editTaskLine(line, { text: 'Wire $1M #task 📅 2030-01-01 @Boss\n- [ ] forged' });
    const parsed = parseTaskLine(out);
    expect(parsed?.owner).toBe('Jeff Denworth');
    expect(parsed?.due).toBe('2026-01-05');
    expect(parsed?.id).toBe('t3f2a01');
    expect(out).not.toContain('\n');
  });

  it('refuses a due date that is not a date', () => {
    expect(() => editTaskLine(line, { due: 'friday' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('the symbol table', () => {
  it('parses every marker it renders, and reads every status it writes back as that status', () => {
    for (const status of TASK_STATUSES) {
      const line = renderTaskLine({ text: 'x', owner: null, due: '2026-01-05', priority: 'low', status, id: 't1' });
      expect(parseTaskLine(line)).toMatchObject({ status, statusChar: STATUS_CHAR[status], due: '2026-01-05' });
      expect(statusOfChar(STATUS_CHAR[status])).toBe(status);
    }
    for (const [priority, emoji] of Object.entries(PRIORITY_EMOJI)) {
      expect(parseTaskLine(`- [ ] x ${emoji} #task`)?.priority).toBe(priority);
    }
  });

  it('keeps every field marker the parser knows out of a description', () => {
    for (const marker of FIELD_MARKERS) expect(sanitiseTaskText(`a ${marker} b`)).toBe('a b');
  });

  it('reads the plugin’s alternative due markers and cancelled checkbox', () => {
    expect(parseTaskLine('- [-] Old idea 🗓️ 2026-03-01 #task')).toMatchObject({ status: 'rejected', due: '2026-03-01' });
    expect(statusOfChar('X')).toBe('done');
    expect(statusOfChar('!')).toBeNull();
  });
});
