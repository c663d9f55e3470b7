/** The LLM cache and conversations (#13): another copy of a conversation is read again, not answered from the cache. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyCore } from '../extract/schema.ts';
import { mergeEnvelopes } from '../ingest/conversation.ts';
import type { EmailMessage } from '../ingest/envelope.ts';
import { parseConfig } from '../vault/config.ts';
import { createExtractor, UsageReport } from './index.ts';
import { emailEnvelope } from './testing/envelopes.ts';
import { type FakeLlmServer, startFakeLlmServer } from './testing/fake-llm-server.ts';

let srv: FakeLlmServer;
let root: string;
beforeAll(async () => {
  srv = await startFakeLlmServer({ models: ['gpt-test'] });
  root = mkdtempSync(path.join(tmpdir(), 'distill-conv-cache-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(root, { recursive: true, force: true });
});

const first: EmailMessage = {
  from: { name: 'Erik Wolf', email: 'erik@vastdata.com' },
  to: [{ name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' }],
  cc: [],
  date: '2026-01-05T13:17:09',
  subject: 'MAI pricing',
  body: 'Jason, can you send me the MAI pricing model by Friday? We agreed to hold the list price.',
};
const reply: EmailMessage = {
  from: { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' },
  to: [{ name: 'Erik Wolf', email: 'erik@vastdata.com' }],
  cc: [],
  date: '2026-01-06T09:00:00',
  subject: 'Re: MAI pricing',
  body: 'Erik, here it is. Can you review the tiers with Lior before Monday?',
};

describe('the extraction cache and a conversation that grows', () => {
  it('keys on what the conversation holds: a new copy is extracted again, the same copies are not', async () => {
    const config = parseConfig('owner: { name: Jason Vallery }\nllm: { provider: openai, model: gpt-test }\n');
    srv.setScript(() => ({ kind: 'json', value: { ...emptyCore(), title: 'MAI pricing' } }));
    const earlier = emailEnvelope([first]);
    const later = emailEnvelope([first, reply]);
    const conversation = mergeEnvelopes([earlier, later], { sourceId: earlier.source_id }).envelope;
    expect(conversation.source_id).toBe(earlier.source_id);
    expect(conversation.content_id).toBeDefined();
    const extract = async (env: typeof earlier) => {
      const x = await createExtractor(config, root, 'llm', {
        env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: `${srv.url}/v1` },
        usage: new UsageReport(),
      });
      return x.extract(env, { config, known: [], today: '2026-01-07' });
    };
    await extract(earlier);
    expect(srv.modelCalls()).toHaveLength(1);
    await extract(conversation);
    expect(srv.modelCalls()).toHaveLength(2); // not the earlier copy's answer
    await extract(mergeEnvelopes([later, earlier], { sourceId: earlier.source_id }).envelope);
    expect(srv.modelCalls()).toHaveLength(2); // the same conversation again: cached
  });
});
