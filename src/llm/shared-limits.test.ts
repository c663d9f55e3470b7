/** One limiter and one budget per provider: the extractor and the drafter of a run share them (issue 15). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emptyCore } from '../extract/schema.ts';
import { parseConfig } from '../vault/config.ts';
import { Budget, Budgets } from './budget.ts';
import { createDrafter, createExtractor, UsageReport } from './index.ts';
import { type Clock, ProviderLimiters } from './rate-limit.ts';
import { emailEnvelope } from './testing/envelopes.ts';
import { type FakeLlmServer, startFakeLlmServer } from './testing/fake-llm-server.ts';

let srv: FakeLlmServer;
const roots: string[] = [];
beforeAll(async () => {
  srv = await startFakeLlmServer({ models: ['gpt-test', 'gpt-writer'] });
  // The drafter asks for text, the extractor for the extraction's JSON.
  srv.setScript((req) =>
    req.model === 'gpt-writer'
      ? { kind: 'text', text: 'Hi Erik,\n\nHere it is.\n\nJason' }
      : { kind: 'json', value: { ...emptyCore(), title: 'MAI pricing' } },
  );
});
afterAll(() => srv.close());
afterEach(() => {
  srv.requests.length = 0;
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function root(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'distill-shared-limits-'));
  roots.push(d);
  return d;
}

/** A clock whose sleeps pass at once and are written down. */
function fakeClock(): Clock & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

const config = parseConfig(
  'owner: { name: Jason Vallery }\nllm: { provider: openai, models: { extract: gpt-test, draft: gpt-writer }, rpm: 1 }\n',
);
const env = () => ({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${srv.url}/v1` });
const mail = emailEnvelope([
  {
    from: { name: 'Erik Wolf', email: 'erik@vastdata.com' },
    to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }],
    date: '2026-01-05T13:17:09',
    subject: 'MAI pricing',
    body: 'Jason, can you send me the MAI pricing model by Friday?',
  },
]);

/** One extraction and one draft against the provider, each user built from `limiters`. */
async function extractThenDraft(extractorLimits: ProviderLimiters, drafterLimits: ProviderLimiters): Promise<void> {
  const r = root();
  const usage = new UsageReport();
  const extractor = await createExtractor(config, r, 'llm', { env: env(), usage, limiters: extractorLimits });
  const drafter = createDrafter(config, r, { env: env(), usage, limiters: drafterLimits });
  await extractor.extract(mail, { config, known: [], today: '2026-01-06' });
  await drafter?.draft({ system: 'Persona: direct.', user: 'Reply to Erik.', sourceId: mail.source_id });
  expect(srv.modelCalls().map((c) => c.model)).toEqual(['gpt-test', 'gpt-writer']);
}

describe('one limiter per provider', () => {
  it('makes the drafter wait for the minute the extractor used: together they stay at llm.rpm', async () => {
    const clock = fakeClock();
    const limits = new ProviderLimiters(clock);
    await extractThenDraft(limits, limits);
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('(apart, as before, each would have sent its own llm.rpm: no wait at all)', async () => {
    const clock = fakeClock();
    await extractThenDraft(new ProviderLimiters(clock), new ProviderLimiters(clock));
    expect(clock.sleeps).toEqual([]);
  });

  it('gives another endpoint or other limits a limiter of their own', () => {
    const limits = new ProviderLimiters(fakeClock());
    const openai = { provider: 'openai', baseURL: 'https://api.openai.com/v1', rpm: 1, tpm: null, concurrency: 2 };
    expect(limits.for(openai)).toBe(limits.for({ ...openai }));
    expect(limits.for(openai)).not.toBe(limits.for({ ...openai, baseURL: 'http://localhost:11434/v1' }));
    expect(limits.for(openai)).not.toBe(limits.for({ ...openai, rpm: 2 }));
  });
});

describe('one budget per spend file', () => {
  it('is the same Budget for every user of one vault, so one sees what the other spent', () => {
    const r = root();
    const budgets = new Budgets(() => new Date('2026-01-06T00:00:00Z'));
    budgets.for(r, 1).add(0.6);
    expect(budgets.for(r, 1).exhausted()).toBeNull();
    budgets.for(path.join(r, '.'), 1).add(0.6);
    expect(budgets.for(r, 1).exhausted()).toMatch(/monthly LLM budget reached \(\$1\.20 of \$1\.00\)/);
  });

  it('sees what another process spent since it was made', () => {
    const r = root();
    const now = () => new Date('2026-01-06T00:00:00Z');
    const mine = new Budgets(now).for(r, 1);
    expect(mine.exhausted()).toBeNull();
    new Budget(r, 1, false, now).add(1.5);
    expect(mine.exhausted()).toMatch(/budget reached/);
  });
});
