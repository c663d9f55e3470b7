/**
 * Search at scale: a vault of 10,000 source notes (each with three task lines, a summary and its archived original,
 * the synthetic Apple Mail threads of scripts/gen-corpus.ts) and 300 people pages. Measures building the index from
 * nothing, then `search` as a command calls it (open the index, check every file's stamp, query) at p50/p95 over
 * seeded queries, with and without a person filter, and after 20 notes changed. BENCH_NOTES shrinks it.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emailThread, rng } from '../scripts/gen-corpus.ts';
import { buildBrief } from '../src/app/brief.ts';
import { readBriefView } from '../src/app/brief-read.ts';
import { openIndex, rebuildIndex, search, searchIndex } from '../src/search/index.ts';
import { parseConfig } from '../src/vault/config.ts';
import type { BenchResult } from './run.ts';

const NOTES = Number(process.env.BENCH_NOTES ?? 10_000);
const PEOPLE = 300;
const QUERIES = 200;

const FIRST = ['Maya', 'Daniel', 'Priya', 'Tom', 'Sofia', 'Lior', 'Karl', 'Noa', 'Ethan', 'Aisha', 'Jonas', 'Grace'];
const LAST = ['Cohen', 'Raghavan', 'Chen', 'Okafor', 'Lindqvist', 'Haddad', 'Moreau', 'Tanaka', 'Silva', 'Novak'];
const ACCOUNTS = ['Microsoft', 'Google', 'Contoso', 'Fabrikam', 'Northwind', 'Initech', 'Umbrella', 'Globex'];

function write(root: string, rel: string, content: string): void {
  const f = path.join(root, ...rel.split('/'));
  mkdirSync(path.dirname(f), { recursive: true });
  writeFileSync(f, content);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export function seedVault(): { root: string; people: string[]; words: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'distill-bench-search-'));
  const r = rng(17);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const people: string[] = [];
  for (let i = 0; people.length < PEOPLE; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
    people.push(name);
    write(
      root,
      `People/${name}/README.md`,
      `---\ntype: person\nname: ${name}\norganisation: ${pick(ACCOUNTS)}\n---\n# ${name}\n\n## Key Facts\n\n- Works on the ${pick(ACCOUNTS)} account\n`,
    );
  }
  const words = new Set<string>();
  for (let i = 0; i < NOTES; i++) {
    const t = emailThread(r, i);
    const date = t.name.slice(0, 10);
    const who = [pick(people), pick(people), 'Jason Vallery'];
    const body = t.content.slice(0, 1500);
    for (const w of body.match(/\b[a-z]{6,}\b/g) ?? []) if (words.size < 2000) words.add(w);
    const tasks = [0, 1, 2]
      .map(
        (k) =>
          `- [?] ${body.slice(200 + k * 80, 260 + k * 80).replace(/[\n#@[\]]/g, ' ')} @${pick(who)} #task #proposed 🆔 t${i}x${k}`,
      )
      .join('\n');
    const archived = `Sources/Email/${date.slice(0, 4)}/${t.name}`;
    write(
      root,
      `Meetings/${date.slice(0, 4)}/${date} - Thread ${i}.md`,
      [
        '---',
        'type: email',
        `title: Thread ${i}`,
        `date: ${date}`,
        'participants:',
        ...who.map((p) => `  - "[[People/${p}/README|${p === 'Jason Vallery' ? 'Myself' : p}]]"`),
        'accounts:',
        `  - "[[Accounts/${pick(ACCOUNTS)}/README]]"`,
        `source: "[[${archived}]]"`,
        '---',
        `# Thread ${i}`,
        '',
        '## Summary',
        '',
        body,
        '',
        '## Action Items',
        '',
        tasks,
        '',
      ].join('\n'),
    );
    write(root, archived, t.content);
  }
  return { root, people, words: [...words] };
}

export async function run(): Promise<BenchResult[]> {
  const config = parseConfig('owner: { name: Jason Vallery }\n');
  const { root, people, words } = seedVault();
  try {
    const t0 = performance.now();
    const built = rebuildIndex(root, config);
    const buildMs = performance.now() - t0;
    const size = statSync(path.join(root, '.distill/cache/index.sqlite')).size;

    const r = rng(5);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const queries = Array.from({ length: QUERIES }, (_, i) =>
      i % 3 === 0 ? pick(words) : i % 3 === 1 ? `${pick(words)} ${pick(words)}` : `"${pick(words)}" ${pick(words)}*`,
    );
    // CPU time beside wall time: on a shared machine the wall clock measures the other jobs as much as this one.
    const cpu: number[] = [];
    const timed = (fn: (q: string) => unknown) =>
      queries.map((q) => {
        const c = process.cpuUsage();
        const s = performance.now();
        fn(q);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        return performance.now() - s;
      });
    const full = timed((q) => search(root, config, q, { limit: 20 }));
    const fullCpu = cpu.splice(0);
    const byPerson = timed((q) =>
      search(root, config, q, { limit: 20, people: [pick(people).toLowerCase()], since: '2025-01-01' }),
    );
    const db = openIndex(root);
    const queryOnly = timed((q) => searchIndex(db, q, { limit: 20 }));
    db.close();
    // A brief reads only the notes the index points at.
    const briefMs = [0, 1, 2, 3, 4].map((i) => {
      const s = performance.now();
      const { view, entity } = readBriefView(root, config, people[i * 7]!);
      buildBrief(entity, view, config, '2026-01-06');
      return performance.now() - s;
    });
    // A run has just written 20 notes: the next search indexes them first.
    for (let i = 0; i < 20; i++) {
      const p = path.join(root, 'Meetings');
      writeFileSync(
        path.join(p, `changed-${i}.md`),
        `---\ntype: email\ndate: 2026-01-0${1 + (i % 9)}\n---\nquokka ${i}\n`,
      );
    }
    const s = performance.now();
    const after = search(root, config, 'quokka', { limit: 50 });
    const afterMs = performance.now() - s;
    if (after.length !== 20) throw new Error(`expected the 20 changed notes, found ${after.length}`);

    const note = `${built.files} files (${NOTES} notes, ${NOTES} originals, ${PEOPLE} people pages)`;
    return [
      {
        name: `search: build index, ${NOTES} notes`,
        value: buildMs / 1000,
        unit: 's',
        note: `${note}; ${(size / 1e6).toFixed(0)} MB`,
      },
      { name: 'search: query p50 (freshness check + FTS5)', value: pct(full, 50), unit: 'ms', target: '< 1000 ms' },
      { name: 'search: query p95 (freshness check + FTS5)', value: pct(full, 95), unit: 'ms', target: '< 1000 ms' },
      {
        name: 'search: query CPU time p50 / p95',
        value: pct(fullCpu, 50),
        unit: 'ms',
        note: `p95 ${pct(fullCpu, 95).toFixed(1)} ms`,
      },
      {
        name: 'search: --person --since p50 / p95',
        value: pct(byPerson, 50),
        unit: 'ms',
        note: `p95 ${pct(byPerson, 95).toFixed(1)} ms`,
      },
      {
        name: 'search: FTS5 query alone p50 / p95',
        value: pct(queryOnly, 50),
        unit: 'ms',
        note: `p95 ${pct(queryOnly, 95).toFixed(1)} ms`,
      },
      { name: 'search: first query after 20 notes changed', value: afterMs, unit: 'ms' },
      { name: `brief for one person, ${NOTES} notes (median of 5)`, value: pct(briefMs, 50), unit: 'ms' },
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
