import { ingestFile } from '../src/ingest/index.ts';
import { offlineExtractor } from '../src/extract/offline/index.ts';
import { loadConfig } from '../src/vault/config.ts';
import { readdirSync } from 'node:fs';
const config = loadConfig('demo/vault');
for (const f of readdirSync('demo/vault/Inbox')) {
  const env = (await ingestFile(`demo/vault/Inbox/${f}`))[0]!;
  const ex = await offlineExtractor.extract(env, { config, known: [], today: '2026-01-01' });
  console.log('==', f.slice(0, 50));
  for (const t of ex.tasks) console.log(`  [${t.owner}] ${t.text}\n      E: ${t.evidence.slice(0, 200)}`);
}
