import { describe, expect, it } from 'vitest';
import { git, SMALL, smallVault } from '../../test/e2e/helpers/small-vault.ts';
import { runCli } from '../../test/helpers/cli.ts';

describe('distill run --batch-size', () => {
  it('commits each batch on its own and says so; --json lists the batches', async () => {
    const root = smallVault(SMALL);
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const r = await runCli('--vault', root, 'run', '--batch-size', '2', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { sources: unknown[]; batches: { commit: string }[]; commit: string };
    expect(report.sources).toHaveLength(SMALL.length);
    expect(report.batches).toHaveLength(2);
    expect(report.commit).toBe(report.batches[1]!.commit);
    expect(git(root, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe('2');
  });

  it('0 puts every source in one transaction; anything but a whole number is a usage error', async () => {
    const root = smallVault(SMALL);
    const head = git(root, 'rev-parse', 'HEAD').trim();
    expect((await runCli('--vault', root, 'run', '--batch-size', 'many')).code).toBe(2);
    expect((await runCli('--vault', root, 'run', '--batch-size', '0')).code).toBe(0);
    expect(git(root, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe('1');
  });
});
