/**
 * The import rules of the codebase, checked over the import graph of src/ (production files: tests and test helpers
 * may reach anywhere). Each folder sits in one layer; a file imports only from its own layer or lower ones.
 *
 * | layer | folders                          | what lives there                                                       |
 * |-------|----------------------------------|------------------------------------------------------------------------|
 * | 0     | core                             | the domain vocabulary: owner identity, task-line grammar, name lists, text similarity, file names, run ids, VaultFile |
 * | 1     | vault                            | the vault's formats and files: config, markdown, paths, ledger, patch, walker |
 * | 2     | ingest                           | source files -> envelopes                                               |
 * | 3     | extract (not eval)               | the extraction model, grounding, participants, the offline extractor    |
 * | 4     | llm                              | the LLM extractor and drafter (falls back to the offline extractor)     |
 * | 5     | extract/eval                     | the eval harness: scores any extractor against gold labels              |
 * | 6     | entities                         | registry, resolution, entity pages                                      |
 * | 7     | plan, outputs                    | the pure planner and the output builders it folds in                    |
 * | 8     | apply                            | transactions, git, lock, undo                                           |
 * | 9     | search                           | the search index over the vault                                         |
 * | 10    | app                              | use cases (run, rebuild, undo, brief…) with progress callbacks           |
 * | 11    | cli, mcp                         | edges: argument parsing and printing, the MCP server                    |
 *
 * Besides the layers: CLI commands never import each other (shared code goes down a layer), the extractor never
 * imports the eval harness, the LLM extractor reaches the offline one only through its factory's fallback (what both
 * need, like participants, lives in src/extract), and there are no cycles between files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

/** Longest prefix wins: `extract/eval` before `extract`. */
const LAYERS: [prefix: string, rank: number][] = [
  ['core', 0],
  ['vault', 1],
  ['ingest', 2],
  ['extract/eval', 5],
  ['extract', 3],
  ['llm', 4],
  ['entities', 6],
  ['plan', 7],
  ['outputs', 7],
  ['apply', 8],
  ['search', 9],
  ['app', 10],
  ['cli', 11],
  ['mcp', 11],
];

/**
 * Imports that break a rule while a move is under way, each naming the move. Empty when every move has landed; an
 * entry whose import no longer exists fails the test, so the list cannot go stale.
 */
const PENDING: { from: string; to: string; why: string }[] = [];

function productionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'testing') out.push(...productionFiles(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Relative imports of one file, resolved to repo-relative `src/...` paths. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec?.startsWith('.')) continue;
    out.push(
      path
        .relative(ROOT, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/'),
    );
  }
  return out;
}

function moduleOf(rel: string): string {
  return rel.replace(/^src\//, '');
}

function rankOf(rel: string): number | null {
  const m = moduleOf(rel);
  for (const [prefix, rank] of LAYERS) if (m === prefix || m.startsWith(`${prefix}/`)) return rank;
  return null;
}

const graph = new Map<string, string[]>();
for (const abs of productionFiles(SRC)) {
  const rel = path.relative(ROOT, abs).split(path.sep).join('/');
  graph.set(
    rel,
    importsOf(abs, readFileSync(abs, 'utf8')).filter((t) => t.startsWith('src/')),
  );
}
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const pending = (from: string, to: string) => PENDING.some((p) => p.from === from && p.to === to);

describe('the import graph', () => {
  it('reads imports the way the code writes them', () => {
    const text = `import a from './a.ts';\nimport type { B } from '../b.ts';\nexport { c } from './c.ts';\nconst d = await import('./d.ts');\nimport './e.ts';`;
    expect(importsOf(path.join(SRC, 'x/y.ts'), text)).toEqual([
      'src/x/a.ts',
      'src/b.ts',
      'src/x/c.ts',
      'src/x/d.ts',
      'src/x/e.ts',
    ]);
    expect(graph.size).toBeGreaterThan(100);
  });

  it('places every source folder in a layer', () => {
    const unplaced = [...graph.keys()].filter((f) => rankOf(f) === null);
    expect(unplaced).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    const upward = edges
      .filter(({ from, to }) => (rankOf(to) ?? 0) > (rankOf(from) ?? 0) && !pending(from, to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(upward).toEqual([]);
  });

  it('keeps CLI commands apart: shared code lives in a lower layer', () => {
    const command = (f: string) => f.startsWith('src/cli/commands/');
    const sideways = edges
      .filter(({ from, to }) => command(from) && command(to) && !pending(from, to))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(sideways).toEqual([]);
  });

  it('never lets the extractor import the eval harness', () => {
    const extractor = (f: string) => f.startsWith('src/extract/') && !f.startsWith('src/extract/eval/');
    const intoEval = edges
      .filter(({ from, to }) => extractor(from) && to.startsWith('src/extract/eval/'))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(intoEval).toEqual([]);
  });

  it('keeps the two extractors apart: the LLM one loads the offline one only as its fallback, in its factory', () => {
    const intoOffline = edges
      .filter(({ from, to }) => from.startsWith('src/llm/') && to.startsWith('src/extract/offline/'))
      .filter(({ from, to }) => !(from === 'src/llm/index.ts' && to === 'src/extract/offline/index.ts'))
      .map(({ from, to }) => `${from} -> ${to}`);
    expect(intoOffline).toEqual([]);
  });

  it('has no cycles between files', () => {
    // Tarjan's strongly connected components; any component of two or more files is a cycle.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const scc: string[] = [];
        for (let w = stack.pop()!; ; w = stack.pop()!) {
          onStack.delete(w);
          scc.push(w);
          if (w === v) break;
        }
        if (scc.length > 1) cycles.push(scc.sort());
      }
    };
    for (const v of graph.keys()) if (!idx.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });

  it('lists only pending moves that still exist', () => {
    const stale = PENDING.filter((p) => !edges.some((e) => e.from === p.from && e.to === p.to));
    expect(stale).toEqual([]);
  });
});
