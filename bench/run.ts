/**
 * `npm run bench`: runs every bench module in this folder (each exports `run(): Promise<BenchResult[]>`) and prints
 * one table. Targets are reported next to the figures; nothing here is a pass/fail test.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.startsWith(only))
  .sort();
const all: BenchResult[] = [];
for (const f of files) {
  process.stderr.write(`running ${f}...\n`);
  const mod = (await import(path.join(here, f))) as { run(): Promise<BenchResult[]> };
  for (const r of await mod.run()) {
    all.push(r);
    const v = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(r.value < 10 ? 3 : 1);
    process.stdout.write(
      `${r.name.padEnd(58)} ${`${v} ${r.unit}`.padStart(18)}  ${r.target ? `target ${r.target}` : ''}${r.note ? `  (${r.note})` : ''}\n`,
    );
  }
}
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
