/**
 * Repeated exports (#13): processing 1,000 sources of which 30% are earlier exports of threads also in the batch
 * (the thread cut to its first messages, as the mail client exported it before the last replies) costs no more per
 * source than 1,000 distinct threads. Measured in one run (all copies in the inbox at once) and in two runs (the
 * threads first, the 300 repeated exports later, so each is matched against the vault's ledger and merged with the
 * archived copy), each against the same shape of run without repeats. BENCH_CONV_SOURCES shrinks it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emailThread, rng } from '../scripts/gen-corpus.ts';
import { applyPlan } from '../src/apply/index.ts';
import { initVault } from '../src/cli/commands/run.ts';
import { runPipeline } from '../src/cli/pipeline.ts';
import { loadConfig } from '../src/vault/config.ts';
import type { BenchResult } from './run.ts';

const SOURCES = Number(process.env.BENCH_CONV_SOURCES ?? 1000);
const REPEATED = Math.round(SOURCES * 0.3);
const DISTINCT = SOURCES - REPEATED;

interface Export {
  name: string;
  content: string;
}

/** The export as it was made before the last `drop` replies: its first messages only. */
function earlierExport(t: Export, drop: number): Export {
  const blocks = t.content.split(/\n(?=## \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} — )/);
  const head = blocks[0]!;
  const messages = blocks.slice(1);
  const kept = messages.slice(0, Math.max(1, messages.length - drop));
  return {
    name: t.name.replace(/\.md$/, ' (earlier export).md'),
    content: `${head.replace(/- Messages: \d+/, `- Messages: ${kept.length}`)}\n${kept.join('\n')}`.replace(
      /\n*$/,
      '\n',
    ),
  };
}

/** `n` threads of two messages or more (so an earlier export holds fewer), from a fixed seed. */
function threads(seed: number, n: number, offset: number): Export[] {
  const r = rng(seed);
  const out: Export[] = [];
  for (let i = 0; out.length < n; i++) {
    const t = emailThread(r, offset + i);
    if (/- Messages: [2-9]/.test(t.content)) out.push(t);
  }
  return out;
}

function freshVault(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'distill-bench-conv-'));
  writeFileSync(
    path.join(root, 'distill.config.yaml'),
    'owner:\n  name: Dana Whitfield\n  emails: [dana@contoso.com]\n',
  );
  initVault(root);
  return root;
}

function drop(root: string, files: Export[]): void {
  mkdirSync(path.join(root, 'Inbox'), { recursive: true });
  for (const f of files) writeFileSync(path.join(root, 'Inbox', f.name), f.content);
}

/** Plan and apply what the inbox holds; milliseconds, and the notes the vault then has. */
async function runOnce(root: string): Promise<{ ms: number; notes: number }> {
  const config = loadConfig(root);
  const t = performance.now();
  const { plan } = await runPipeline(root, config);
  applyPlan(root, plan, { config, message: 'bench' });
  const ms = performance.now() - t;
  const notes = readdirSync(path.join(root, 'Meetings'), { recursive: true }).filter((f) =>
    String(f).endsWith('.md'),
  ).length;
  return { ms, notes };
}

export async function run(): Promise<BenchResult[]> {
  const originals = threads(11, SOURCES, 0);
  const base = originals.slice(0, DISTINCT);
  const others = originals.slice(DISTINCT);
  const repeats = base.slice(0, REPEATED).map((t, i) => earlierExport(t, 1 + (i % 2)));
  const out: BenchResult[] = [];

  // warm-up (the NLP model, the module graph), so the first measured run pays nothing the others do not
  const warm = freshVault();
  drop(warm, threads(5, 5, 900_000));
  await runOnce(warm);
  rmSync(warm, { recursive: true, force: true });

  // one run
  let root = freshVault();
  drop(root, originals);
  const distinct = await runOnce(root);
  rmSync(root, { recursive: true, force: true });
  root = freshVault();
  drop(root, [...base, ...repeats]);
  const repeated = await runOnce(root);
  rmSync(root, { recursive: true, force: true });
  out.push(
    {
      name: `one run, ${SOURCES} distinct threads`,
      value: distinct.ms / SOURCES,
      unit: 'ms/source',
      note: `${distinct.notes} notes`,
    },
    {
      name: `one run, ${DISTINCT} threads + ${REPEATED} earlier exports of them`,
      value: repeated.ms / SOURCES,
      unit: 'ms/source',
      note: `${repeated.notes} notes`,
    },
    {
      name: 'one run: cost per source with 30% repeats vs none',
      value: repeated.ms / distinct.ms,
      unit: 'x',
      target: '<= 1',
    },
  );

  // two runs: the later exports arrive after their threads are in the vault
  root = freshVault();
  drop(root, base);
  await runOnce(root);
  drop(root, others.slice(0, REPEATED));
  const secondDistinct = await runOnce(root);
  rmSync(root, { recursive: true, force: true });
  root = freshVault();
  drop(root, base);
  await runOnce(root);
  drop(root, repeats);
  const secondRepeated = await runOnce(root);
  rmSync(root, { recursive: true, force: true });
  out.push(
    {
      name: `second run into ${DISTINCT} notes: ${REPEATED} new threads`,
      value: secondDistinct.ms / REPEATED,
      unit: 'ms/source',
      note: `${secondDistinct.notes} notes`,
    },
    {
      name: `second run into ${DISTINCT} notes: ${REPEATED} earlier exports of them`,
      value: secondRepeated.ms / REPEATED,
      unit: 'ms/source',
      note: `${secondRepeated.notes} notes`,
    },
    {
      name: 'second run: cost per source, repeats vs new threads',
      value: secondRepeated.ms / secondDistinct.ms,
      unit: 'x',
      target: '<= 1',
    },
  );
  return out;
}
