/** The run reads the registry the way the entity commands do: an entity merged away stays away. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newEntity } from '../entities/registry.ts';
import { entityStatePath, stateText } from '../entities/state.ts';
import { parseConfig } from '../vault/config.ts';
import { diskSnapshot, loadRegistry } from './pipeline.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('loadRegistry', () => {
  it('keeps the entities Distill recorded, but not one merged into another', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'distill-registry-'));
    roots.push(root);
    const config = parseConfig('owner: { name: Jason Vallery }\n');
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    const kept = newEntity('person', 'Itzik Reich', config);
    const merged = newEntity('person', 'Itzik R', config);
    write(entityStatePath(kept.id), stateText({ entity: kept, contributions: {}, generated: {} }));
    write(
      entityStatePath(merged.id),
      stateText({ entity: merged, contributions: {}, generated: {}, merged_into: kept.id }),
    );
    write(entityStatePath('person:broken'), '{ not json');
    const reg = loadRegistry(root, config, diskSnapshot(root));
    expect(reg.byId.has(kept.id)).toBe(true);
    expect(reg.byId.has(merged.id)).toBe(false);
  });
});
