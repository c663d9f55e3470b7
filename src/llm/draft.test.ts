import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../vault/config.ts';
import { createDrafter, UsageReport } from './index.ts';
import { type FakeLlmServer, sequence, startFakeLlmServer } from './testing/fake-llm-server.ts';

let srv: FakeLlmServer;
const roots: string[] = [];
beforeAll(async () => {
  srv = await startFakeLlmServer();
});
afterAll(() => srv.close());
afterEach(() => {
  srv.requests.length = 0;
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function root(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'distill-llm-draft-'));
  roots.push(d);
  return d;
}

const config = parseConfig(
  'llm: { provider: openai, models: { extract: gpt-test, draft: gpt-writer }, max_retries: 1 }\n',
);
const env = () => ({ OPENAI_BASE_URL: `${srv.url}/v1`, OPENAI_API_KEY: 'sk-draft' });
const input = {
  system: 'Persona: direct, warm.',
  user: 'Reply to Erik: he asked for the MAI pricing model.',
  sourceId: 'src-1',
};

describe('createDrafter', () => {
  it('is null when no LLM is configured', () => {
    expect(createDrafter(defaultConfig(), root(), { env: {} })).toBeNull();
  });

  it('writes a plain-text draft with the draft model, store:false, and returns the exact prompt', async () => {
    srv.setScript(() => ({ kind: 'text', text: 'Hi Erik,\n\nAttached is the MAI pricing model.\n\nJason' }));
    const usage = new UsageReport();
    const drafter = createDrafter(config, root(), { env: env(), usage });
    const out = await drafter?.draft(input);
    expect(out?.text).toContain('Attached is the MAI pricing model.');
    expect(out?.model).toBe('openai/gpt-writer');
    expect(out?.prompt.user).toBe(input.user);
    expect(out?.prompt.system).toContain('TRUST BOUNDARY');
    expect(out?.prompt.system.endsWith(input.system)).toBe(true);
    const [req] = srv.modelCalls();
    expect(req?.body?.store).toBe(false);
    expect(req?.body?.model).toBe('gpt-writer');
    expect(req?.body?.text).toBeUndefined(); // plain text, no JSON schema
    expect(usage.calls.map((c) => c.purpose)).toEqual(['draft']);
  });

  it('caches by prompt: the same draft twice costs one call, a changed prompt costs another', async () => {
    srv.setScript(() => ({ kind: 'text', text: 'Draft body.' }));
    const r = root();
    await createDrafter(config, r, { env: env() })?.draft(input);
    await createDrafter(config, r, { env: env() })?.draft(input);
    expect(srv.modelCalls()).toHaveLength(1);
    await createDrafter(config, r, { env: env() })?.draft({ ...input, user: `${input.user} Mention Friday.` });
    expect(srv.modelCalls()).toHaveLength(2);
  });

  it('throws a one-line reason when the provider keeps failing, so the caller can write an outline', async () => {
    srv.setScript(sequence({ kind: 'status', status: 500 }));
    const drafter = createDrafter(config, root(), { env: env(), retry: { baseMs: 5, maxMs: 10 } });
    await expect(drafter?.draft(input)).rejects.toThrow('draft failed (gpt-writer: HTTP 500 after 1 retry)');
  });
});
