import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inboxSnapshot, watchInbox } from './watch.ts';

/**
 * Drives the loop through a script of inbox states, one per poll; the loop is stopped once the script is used up.
 * `runs` holds the poll index at which each run happened.
 */
function harness(polls: string[], run: (n: number) => Promise<number> = async () => 0) {
  let poll = -1;
  const runs: number[] = [];
  const codes: number[] = [];
  const reports: string[] = [];
  const sleeps: number[] = [];
  const done = watchInbox({
    snapshot: () => polls[++poll] ?? '',
    run: () => {
      runs.push(poll);
      return run(runs.length);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    intervalMs: 5000,
    shouldStop: () => poll >= polls.length - 1,
    onRun: (c) => codes.push(c),
    report: (m) => reports.push(m),
  });
  return { done, runs, codes, reports, sleeps, polls: () => poll + 1 };
}

const file = (name: string, size: number, mtime = 1000) => `Inbox/${name}\t${size}\t${mtime}`;

describe('watchInbox', () => {
  it('does not process a file while it is still growing, then runs once its size stops changing', async () => {
    const h = harness([
      file('a.eml', 100),
      file('a.eml', 4000, 1001),
      file('a.eml', 9000, 1002),
      file('a.eml', 9000, 1002),
      '',
    ]);
    await h.done;
    expect(h.runs).toEqual([3]);
    expect(h.codes).toEqual([0]);
    expect(h.sleeps.every((ms) => ms === 5000)).toBe(true);
  });

  it('needs a fresh settle after a run before running again', async () => {
    const settled = file('a.eml', 10);
    const h = harness([settled, settled, settled, settled, settled]);
    await h.done;
    expect(h.runs).toEqual([1, 3]);
  });

  it('never runs on an empty inbox', async () => {
    const h = harness(['', '', '', '', '']);
    await h.done;
    expect(h.runs).toEqual([]);
    expect(h.polls()).toBe(5);
  });

  it('reports a run that throws or exits non-zero on one line each and keeps watching', async () => {
    const settled = file('a.eml', 10);
    const h = harness([settled, settled, settled, settled, settled, settled, ''], async (n) => {
      if (n === 1) throw new Error('vault is locked\nstack noise');
      return n === 2 ? 1 : 0;
    });
    await h.done;
    expect(h.runs).toEqual([1, 3, 5]);
    expect(h.codes).toEqual([1, 1, 0]);
    expect(h.reports).toEqual([
      'watch: run failed: vault is locked; still watching',
      'watch: run exited with code 1; still watching',
    ]);
  });

  it('keeps watching when the inbox cannot be read for a poll', async () => {
    const settled = file('a.eml', 10);
    let poll = 0;
    const states = [settled, 'boom', settled, settled];
    const runs: number[] = [];
    const reports: string[] = [];
    await watchInbox({
      snapshot: () => {
        const s = states[poll++] ?? '';
        if (s === 'boom') throw new Error('EACCES');
        return s;
      },
      run: async () => {
        runs.push(poll - 1);
        return 0;
      },
      sleep: async () => {},
      intervalMs: 1,
      shouldStop: () => poll >= states.length,
      report: (m) => reports.push(m),
    });
    // the failed poll breaks the settle: states 0 and 2 are equal but not consecutive
    expect(runs).toEqual([3]);
    expect(reports).toEqual(['watch: cannot read the inbox: EACCES']);
  });

  it('returns as soon as it is asked to stop, letting a run in progress finish', async () => {
    let stop = false;
    let finished = false;
    let sleeps = 0;
    const settled = file('a.eml', 10);
    await watchInbox({
      snapshot: () => settled,
      run: async () => {
        stop = true; // the signal arrives mid-run
        await Promise.resolve();
        finished = true;
        return 0;
      },
      sleep: async () => {
        sleeps++;
      },
      intervalMs: 1,
      shouldStop: () => stop,
    });
    expect(finished).toBe(true);
    expect(sleeps).toBe(1); // no wait after the run once a stop was requested
  });

  it('does not poll at all when already stopped', async () => {
    let polled = false;
    await watchInbox({
      snapshot: () => {
        polled = true;
        return '';
      },
      run: async () => 0,
      sleep: async () => {},
      intervalMs: 1,
      shouldStop: () => true,
    });
    expect(polled).toBe(false);
  });
});

describe('inboxSnapshot', () => {
  const setup = () => {
    const root = mkdtempSync(path.join(tmpdir(), 'distill-watch-'));
    mkdirSync(path.join(root, 'Inbox/sub'), { recursive: true });
    writeFileSync(path.join(root, 'Inbox/sub/a.eml'), 'From: x\n');
    return root;
  };

  it('changes when a file grows even if its mtime is unchanged, and when only its mtime changes', () => {
    const root = setup();
    try {
      const f = path.join(root, 'Inbox/sub/a.eml');
      const t = new Date('2026-01-01T00:00:00Z');
      utimesSync(f, t, t);
      const first = inboxSnapshot(root, ['Inbox/sub/a.eml']);
      expect(first).toMatch(/^Inbox\/sub\/a\.eml\t8\t/);
      expect(inboxSnapshot(root, ['Inbox/sub/a.eml'])).toBe(first);

      appendFileSync(f, 'more\n');
      utimesSync(f, t, t);
      const grown = inboxSnapshot(root, ['Inbox/sub/a.eml']);
      expect(grown).not.toBe(first);

      const later = new Date('2026-01-01T00:00:05Z');
      utimesSync(f, later, later);
      expect(inboxSnapshot(root, ['Inbox/sub/a.eml'])).not.toBe(grown);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is empty for an empty inbox and leaves out a file that vanished after the listing', () => {
    const root = setup();
    try {
      expect(inboxSnapshot(root, [])).toBe('');
      expect(inboxSnapshot(root, ['Inbox/gone.eml'])).toBe('');
      expect(inboxSnapshot(root, ['Inbox/gone.eml', 'Inbox/sub/a.eml']).split('\n')).toHaveLength(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
