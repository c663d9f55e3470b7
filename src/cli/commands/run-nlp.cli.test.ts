/** A run of a few sources loads compromise in a worker thread, beside the rest of its start-up. */
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/helpers/vault.ts';
import { initVault } from '../../app/init.ts';
import { loadConfig } from '../../vault/config.ts';
import { FEW_SOURCES, nlpInThreads } from './run.ts';

const EMAIL = path.resolve(__dirname, '../../../test/fixtures/sources/e-20260105-cf0ae7/source.md');

/** A fresh CLI and NLP host (module state starts anew), a vault with `n` emails in its inbox, one dry run. */
async function dryRunOf(n: number): Promise<{ code: number; mode: string }> {
  vi.resetModules();
  // the threads a process started live in a CommonJS module (see nlp-threads.cjs): forget those of an earlier test
  const require = createRequire(import.meta.url);
  delete require.cache[require.resolve('../../extract/nlp-threads.cjs')];
  const { main } = await import('../main.ts');
  const host = await import('../../extract/nlp-host.ts');
  const root = tempDir('distill-run-nlp-');
  initVault(root, { git: false });
  for (let i = 0; i < n; i++) copyFileSync(EMAIL, path.join(root, 'Inbox', `email-${i}.md`));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(['node', 'distill', '--vault', root, 'run', '--dry-run']);
    return { code, mode: host.nlpMode('compromise') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('where a run loads its NLP libraries', () => {
  it('one new email: in threads, started before the first source is read', async () => {
    expect(await dryRunOf(1)).toEqual({ code: 0, mode: 'thread' });
  });

  it(`more than ${FEW_SOURCES} sources: in the run's own thread`, async () => {
    expect(await dryRunOf(FEW_SOURCES + 1)).toEqual({ code: 0, mode: 'inline' });
  });

  it('an empty inbox loads nothing; an LLM run needs neither library', () => {
    const root = tempDir('distill-run-nlp-');
    initVault(root, { git: false });
    const config = loadConfig(root);
    expect(nlpInThreads(config, 0, {})).toBe(false);
    expect(nlpInThreads(config, 1, {})).toBe(true);
    expect(nlpInThreads(config, 1, { DISTILL_LLM_PROVIDER: 'openai' })).toBe(false);
    expect(nlpInThreads({ ...config, llm: { ...config.llm, provider: 'anthropic' } }, 1, {})).toBe(false);
  });
});
