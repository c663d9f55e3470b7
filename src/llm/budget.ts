/**
 * Monthly spend in `.distill/cache/llm/spend.json`. Once the month's spend reaches `llm.budget_usd`, calls stop and
 * sources fall back to the offline extractor. A new month starts from zero.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDir } from './cache.ts';

interface SpendFile {
  months: Record<string, number>;
}

function usd(n: number): string {
  return `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
}

export class Budget {
  private data: SpendFile;
  constructor(
    private readonly root: string,
    readonly limitUsd: number | null,
    private readonly dryRun = false,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.data = this.load();
  }

  private get file(): string {
    return path.join(cacheDir(this.root), 'spend.json');
  }

  private load(): SpendFile {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as SpendFile;
      return raw && typeof raw.months === 'object' ? raw : { months: {} };
    } catch {
      return { months: {} };
    }
  }

  private month(): string {
    return this.now().toISOString().slice(0, 7);
  }

  spent(): number {
    return this.data.months[this.month()] ?? 0;
  }

  /** Null while calls are allowed, else the reason they are not. */
  exhausted(): string | null {
    if (this.limitUsd === null) return null;
    // Another run (or process) may have spent since: a shared Budget lives as long as the process.
    if (!this.dryRun) this.data = this.load();
    const s = this.spent();
    return s >= this.limitUsd ? `monthly LLM budget reached (${usd(s)} of ${usd(this.limitUsd)})` : null;
  }

  add(usd: number): void {
    if (usd <= 0) return;
    // Re-read first so two runs in the same month add up instead of overwriting each other.
    if (!this.dryRun) this.data = this.load();
    const m = this.month();
    this.data.months[m] = (this.data.months[m] ?? 0) + usd;
    if (this.dryRun) return;
    mkdirSync(cacheDir(this.root), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}

/**
 * One Budget per spend file: the extractor and the drafter of a run read and add to the same month's spend, so the
 * one sees at once what the other spent and a run stops at `llm.budget_usd`, not at twice it.
 */
export class Budgets {
  private readonly byFile = new Map<string, Budget>();
  constructor(private readonly now: () => Date = () => new Date()) {}

  for(root: string, limitUsd: number | null, dryRun = false): Budget {
    const key = JSON.stringify([path.resolve(root), limitUsd, dryRun]);
    let budget = this.byFile.get(key);
    if (!budget) {
      budget = new Budget(root, limitUsd, dryRun, this.now);
      this.byFile.set(key, budget);
    }
    return budget;
  }
}

/** The process's budgets: what `createExtractor` and `createDrafter` use unless given others. */
export const sharedBudgets = new Budgets();
