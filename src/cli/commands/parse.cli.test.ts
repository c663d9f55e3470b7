import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.ts';
import { cutExport, GOLD_SOURCES, goldSource } from '../../../test/helpers/exports.ts';
import { tempDir } from '../../../test/helpers/vault.ts';

describe('distill parse shows the conversation', () => {
  it('--json: the key and index keys; two exports of one thread share them', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'earlier.md'), cutExport(goldSource('e-20251219-74de19'), 2));
    const later = await runCli('parse', path.join(GOLD_SOURCES, 'e-20251219-74de19/source.md'), '--json');
    const earlier = await runCli('parse', path.join(dir, 'earlier.md'), '--json');
    expect(later.code).toBe(0);
    const a = JSON.parse(later.stdout);
    const b = JSON.parse(earlier.stdout);
    expect(a.conversation.key).toBe('email:subject:aks ai roadshow - gbb - vast');
    expect(b.conversation.key).toBe(a.conversation.key);
    expect(a.conversation.keys.length).toBeGreaterThan(0);
    expect(a.source_id).not.toBe(b.source_id);
  });

  it('a transcript is keyed by its date; the readable summary names the key', async () => {
    const r = await runCli('parse', path.join(GOLD_SOURCES, 't-20250930-bf00b2/source.md'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/conversation: transcript:2025-09-30/);
  });
});
