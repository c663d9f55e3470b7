/**
 * A recording of days must extract like any file, in bounded memory: section by section, keeping only the units
 * that may become an item. The big case runs the real CLI in a child process with its heap capped at 128 MB for a
 * 2.5 MB transcript, the proportion of a 20 MB one under 1 GB (bench/large-transcript.bench.ts measures that one);
 * reading every unit's features at once needs more than that and dies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { largeTranscript } from '../../../bench/large-transcript.ts';
import { ingestFile } from '../../ingest/index.ts';
import { loadConfig } from '../../vault/config.ts';
import { Extraction } from '../schema.ts';
import { classifiedUnits, maySelect, readSource } from './index.ts';
import { loadModel } from './model/load.ts';
import { selectItems } from './model/select.ts';
import { classify } from './model/sentence-model.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.join(repo, 'test/fixtures');
const config = loadConfig(fixtures);
const ctx = { config, known: [], today: '2026-01-10' };
const model = loadModel();

async function fixtureSources() {
  const dir = path.join(fixtures, 'sources');
  const out = [];
  for (const id of readdirSync(dir).sort()) out.push(...(await ingestFile(path.join(dir, id, 'source.md'))));
  return out;
}

describe('a long source, section by section', () => {
  it('drops only units selectItems would pass over: every fixture selects the same items from what is kept', async () => {
    let dropped = 0;
    for (const env of await fixtureSources()) {
      const read = readSource(env, ctx);
      const all = classify(model, read.prepared);
      const kept = all.filter(maySelect(model));
      dropped += all.length - kept.length;
      const select = (from: typeof all) =>
        selectItems(model, from, {
          people: read.participants.map((p) => p.name),
          ownerName: config.owner.name,
          ownerFirst: read.ownerFirst,
          done: [],
          sourceDate: env.date,
          subjects: [],
          // Past what a note shows, so that a unit wrongly dropped anywhere in the ranking shows.
          max: { tasks: 1000, decisions: 1000, facts: 1000 },
        });
      expect(select(kept), env.source_id).toEqual(select(all));
    }
    expect(dropped).toBeGreaterThan(1000);
  });

  it('reads a source of one section whole, and a longer one in sections keeping units in source order', async () => {
    const call = (await fixtureSources()).find((e) => e.kind === 'transcript' && e.text.length > 50_000);
    if (!call) throw new Error('the fixtures hold a long call');
    const read = readSource(call, ctx);
    const people = read.participants.map((p) => p.name);
    const whole = classifiedUnits(model, read.units, call.kind, people, read.ownerFirst);
    expect(whole.map((c) => c.features)).toEqual(classify(model, read.prepared).map((c) => c.features));

    const sectioned = classifiedUnits(model, read.units, call.kind, people, read.ownerFirst, 100);
    expect(sectioned.length).toBeGreaterThan(0);
    expect(sectioned.length).toBeLessThan(read.units.length / 2);
    expect(sectioned.every(maySelect(model))).toBe(true);
    const at = sectioned.map((c) => read.units.indexOf(c.unit));
    expect(at.every((i, n) => i >= 0 && (n === 0 || i > (at[n - 1] as number)))).toBe(true);
  });
});

describe('distill extract on a 2.5 MB transcript with a 128 MB heap', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'distill-large-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes and prints a valid extraction naming the people of the call', () => {
    const file = path.join(dir, '2025-03-03 09 00 - Week of customer calls.md');
    writeFileSync(file, largeTranscript(2_500_000));
    const run = spawnSync(
      process.execPath,
      ['--max-old-space-size=128', path.join(repo, 'bin/distill.js'), 'extract', file, '--json'],
      { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const ex = Extraction.parse(JSON.parse(run.stdout));
    expect(ex.tasks.length).toBeGreaterThan(0);
    expect(ex.participants.length).toBeGreaterThan(5);
    expect(ex.mentions.filter((m) => m.kind === 'account').map((m) => m.name)).toContain('Microsoft');
  }, 240_000);
});
