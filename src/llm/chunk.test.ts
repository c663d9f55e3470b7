import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ExtractionCore, emptyCore } from '../extract/schema.ts';
import { ingestFile } from '../ingest/index.ts';
import {
  chunkSource,
  chunkUnits,
  mergeExtractions,
  renderUnits,
  similar,
  splitLongUnit,
  unshownEmailText,
} from './chunk.ts';
import { emailEnvelope, transcriptEnvelope } from './testing/envelopes.ts';

function core(over: Partial<ExtractionCore>): ExtractionCore {
  return { ...emptyCore(), title: 'T', ...over };
}

describe('renderUnits', () => {
  it('renders turns with clock and speaker, apart from the spoken words', () => {
    const env = transcriptEnvelope([
      { speaker: 'Jeff Denworth', generic: false, start: 75, text: 'We ship Friday.' },
      { speaker: 'Speaker 1', generic: true, start: 3725, text: 'Agreed.' },
    ]);
    expect(renderUnits(env)).toEqual(['[01:15] Jeff Denworth: We ship Friday.', '[1:02:05] Speaker 1: Agreed.']);
  });
});

describe('chunkSource on the real fixtures', () => {
  it('sends every turn of the longest transcript (78k characters), cut on turn boundaries', async () => {
    const [env] = await ingestFile('test/fixtures/sources/t-20251215-d01b6d/source.md');
    if (!env) throw new Error('fixture did not parse');
    expect(env.text.length).toBeGreaterThan(70_000);
    const chunks = chunkSource(env);
    expect(chunks.length).toBe(3);
    const lines = new Set(chunks.flatMap((c) => c.text.split('\n')));
    for (const u of renderUnits(env)) for (const l of u.split('\n')) expect(lines.has(l)).toBe(true);
    // Each chunk begins at the start of a turn.
    for (const c of chunks) expect(c.text).toMatch(/^(\[[\d:]+\] )?[^:\n]+: /);
  });
});

describe('chunkSource shows every line evidence is checked against', () => {
  const gold = 'test/fixtures/gold/sources';
  const folded = (t: string) =>
    t
      .replace(/^[\s>]+/gm, '')
      .replace(/\s+/g, ' ')
      .toLowerCase();

  it('sends the earlier messages quoted in a thread, after its own messages', async () => {
    // The GDC RFP thread: Asaf's questions and Lior's inline answers survive only as quoted history.
    const [env] = await ingestFile(`${gold}/e-20251217-52d382/source.md`);
    if (!env) throw new Error('fixture did not parse');
    const units = renderUnits(env);
    expect(units.slice(0, env.messages.length).every((u) => u.startsWith('--- message '))).toBe(true);
    const history = units.slice(env.messages.length).join('\n');
    expect(history).toContain("It's estimated at $50M a year and a contract for 5 years.");
    expect(history).toMatch(/^### Tue, Dec 16, 2025 at 8:21\sPM — David Pawlak <dpawlak@google\.com>$/m);
    expect(
      folded(
        chunkSource(env)
          .map((c) => c.text)
          .join('\n'),
      ),
    ).toContain(folded('We meet FIPS requirements via dual software-layer encryption.'));
  });

  it('leaves out no line of any gold email but the title and the headings of messages it shows', async () => {
    const ids = readdirSync(gold).filter((d) => d.startsWith('e-'));
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) {
      const [env] = await ingestFile(`${gold}/${id}/source.md`);
      if (!env) throw new Error(`${id} did not parse`);
      const shown = folded(
        chunkSource(env)
          .map((c) => c.text)
          .join('\n'),
      );
      const missing = env.text
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() !== '' && !/^## \d{4}-\d{2}-\d{2} /.test(l) && !shown.includes(folded(l).trim()));
      expect(missing, id).toEqual([]);
    }
  });

  it('falls back to every unshown line when a body is not in the text verbatim', () => {
    const env = emailEnvelope([
      {
        from: { name: 'Noa', email: 'noa@x.com' },
        to: [],
        date: '2026-01-05T10:00:00',
        subject: 'TLS',
        body: 'Can you send the date?',
      },
    ]);
    env.text =
      'From: Noa <noa@x.com>\nSubject: TLS\n\nCan  you send the date?\n\n> Earlier: TLS on Block is a must-have.';
    expect(unshownEmailText(env)).toBe('> Earlier: TLS on Block is a must-have.');
    expect(renderUnits(env).at(-1)).toBe('--- quoted in the thread\n> Earlier: TLS on Block is a must-have.');
  });
});

describe('chunkUnits', () => {
  it('cuts a 90k-character transcript on turn boundaries with overlap, losing nothing', () => {
    const turns = Array.from({ length: 600 }, (_, i) => ({
      speaker: i % 2 ? 'Lior Genzel' : 'Jason Vallery',
      generic: false,
      start: i * 15,
      text: `Turn ${i}: ${'we discussed the RDMA capacity plan and the bid requirements '.repeat(2)}`.trim(),
    }));
    const env = transcriptEnvelope(turns);
    const units = renderUnits(env);
    const total = units.join('\n').length;
    expect(total).toBeGreaterThan(80_000);
    const chunks = chunkSource(env, 30_000, 1_500);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(30_000);
      expect(c.count).toBe(chunks.length);
    }
    // Every turn appears whole in some chunk; consecutive chunks share at least one turn.
    for (const u of units) expect(chunks.some((c) => c.text.split('\n').includes(u))).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const prev = new Set(chunks[i - 1]?.text.split('\n'));
      expect(chunks[i]?.text.split('\n').some((l) => prev.has(l))).toBe(true);
    }
  });

  it('splits a single over-long turn at sentence boundaries instead of truncating it', () => {
    const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const pieces = splitLongUnit(long, 1000);
    expect(pieces.join('')).toBe(long);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(1000);
      expect(p.endsWith('.') || p.endsWith('. ')).toBe(true);
    }
  });

  it('property: chunks minus their overlap give back every (distinct) unit in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 200, max: 2000 }),
        (units, max) => {
          const chunks = chunkUnits(units, max, Math.floor(max / 5));
          for (const c of chunks) expect(c.join('\n').length).toBeLessThanOrEqual(max + 1);
          const seen: string[] = [];
          for (const c of chunks) {
            // Drop the overlap: the longest prefix of c that is a suffix of what we have.
            let k = Math.min(c.length, seen.length);
            while (k > 0 && c.slice(0, k).join('\u0000') !== seen.slice(seen.length - k).join('\u0000')) k--;
            seen.push(...c.slice(k));
          }
          expect(seen.join('')).toBe(units.join(''));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('mergeExtractions', () => {
  const ev = 'evidence';
  it('deduplicates tasks and facts repeated by overlapping parts, keeping filled-in fields', () => {
    const a = core({
      summary: 'First half.',
      tasks: [
        {
          text: 'Send Erik the MAI pricing model',
          owner: 'Myself',
          due: null,
          priority: null,
          status: 'proposed',
          evidence: ev,
        },
      ],
      facts: [{ text: 'Z4M shapes support RDMA', about: 'Google', evidence: ev, date: null }],
      topics: ['Pricing'],
      mentions: [{ kind: 'person', name: 'Erik Wolf', email: null }],
    });
    const b = core({
      summary: 'Second half.',
      tasks: [
        {
          text: 'Send Erik the MAI pricing model.',
          owner: null,
          due: '2026-01-09',
          priority: 'high',
          status: 'proposed',
          evidence: ev,
        },
        {
          text: 'Book the follow-up with Google networking',
          owner: 'TBD',
          due: null,
          priority: null,
          status: 'proposed',
          evidence: ev,
        },
      ],
      facts: [{ text: 'Z4M shapes support RDMA', about: null, evidence: ev, date: '2026-02-01' }],
      topics: ['pricing', 'RDMA'],
      mentions: [{ kind: 'person', name: 'erik wolf', email: 'erik@vastdata.com' }],
      reply: { needed: true, urgency: 'urgent', reasons: ['pricing'] },
    });
    const m = mergeExtractions([a, b]);
    expect(m.summary).toBe('First half. Second half.');
    expect(m.tasks.map((t) => [t.text, t.owner, t.due, t.priority])).toEqual([
      ['Send Erik the MAI pricing model', 'Myself', '2026-01-09', 'high'],
      ['Book the follow-up with Google networking', 'TBD', null, null],
    ]);
    expect(m.facts).toEqual([{ text: 'Z4M shapes support RDMA', about: 'Google', evidence: ev, date: '2026-02-01' }]);
    expect(m.topics).toEqual(['Pricing', 'RDMA']);
    expect(m.mentions).toHaveLength(1);
    expect(m.reply).toEqual({ needed: true, urgency: 'urgent', reasons: ['pricing'] });
  });

  it('never merges two items of one part, nor one action asked of two different people', () => {
    const task = (text: string, owner: string | null) => ({
      text,
      owner,
      due: null,
      priority: null,
      status: 'proposed' as const,
      evidence: ev,
    });
    const a = core({
      tasks: [task('Attend the PRD sync call tomorrow', 'Myself'), task('Attend the PRD sync call tomorrow', 'Jonsi')],
      facts: [
        { text: 'Lior leads the cloud team', about: null, evidence: ev, date: null },
        { text: 'Lior leads the cloud sales team', about: null, evidence: ev, date: null },
      ],
    });
    const b = core({
      tasks: [task('Attend the PRD sync call tomorrow.', 'Jonsi'), task('Attend the PRD sync call tomorrow', 'Noa')],
      facts: [{ text: 'Lior leads the cloud team.', about: 'Lior Genzel', evidence: ev, date: null }],
    });
    const m = mergeExtractions([a, b]);
    expect(m.tasks.map((t) => t.owner)).toEqual(['Myself', 'Jonsi', 'Noa']);
    expect(m.facts.map((f) => [f.text, f.about])).toEqual([
      ['Lior leads the cloud team', 'Lior Genzel'],
      ['Lior leads the cloud sales team', null],
    ]);
  });

  it('tells near-duplicates from different tasks', () => {
    expect(similar('Send the deck to Jeff', 'send the deck to Jeff!')).toBe(true);
    expect(similar('Send the deck to Jeff', 'Send the contract to Jeff')).toBe(false);
    expect(similar('The bid requires 3 more racks', 'The bid requires 30 more racks')).toBe(false);
  });
});

describe('mergeExtractions on many parts (issue 12 item 11)', () => {
  // The definition the indexed merge must keep: an item is merged into the first kept item of another part that
  // is similar to it (and has a compatible owner).
  function allPairs(parts: string[][]): string[] {
    const out: { text: string; part: number }[] = [];
    parts.forEach((items, part) => {
      for (const text of items) {
        if (!out.some((k) => k.part !== part && similar(k.text, text))) out.push({ text, part });
      }
    });
    return out.map((k) => k.text);
  }
  const fact = (text: string) => ({ text, about: null, evidence: 'e', date: null });
  const merged = (parts: string[][]) =>
    mergeExtractions(parts.map((p) => core({ facts: p.map(fact) }))).facts.map((f) => f.text);

  it('finds exactly the pairs an all-pairs comparison finds', () => {
    const words = ['send', 'the', 'deck', 'to', 'Erik', 'racks', '3', '30', 'pricing', 'model', 'by', 'Friday'];
    const text = fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 7 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(fc.array(text, { maxLength: 5 }), { minLength: 2, maxLength: 8 }), (parts) => {
        expect(merged(parts)).toEqual(allPairs(parts));
      }),
      { numRuns: 300 },
    );
  });

  it('merges 700 parts (a 20 MB transcript) by comparing only items that share a rare word', () => {
    const parts = Array.from({ length: 700 }, (_, i) => [
      `Item ${i} about the cluster rollout in region ${i}`,
      `Item ${i + 1} about the cluster rollout in region ${i + 1}`, // the overlap repeats the next part's first item
      'Send the weekly status to the team',
    ]);
    const facts = merged(parts);
    expect(facts).toHaveLength(702);
    expect(facts.filter((t) => t === 'Send the weekly status to the team')).toHaveLength(1);
  });
});
