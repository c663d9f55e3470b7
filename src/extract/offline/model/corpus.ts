/**
 * Labelled sources read for training: each gold line's source through the real ingest path, then the same reading
 * the extractor does, so the model learns on exactly the units it will see.
 */
import path from 'node:path';
import { ingestFile } from '../../../ingest/index.ts';
import type { ExtractContext, Extractor } from '../../extractor.ts';
import { createOfflineExtractor, readSource } from '../index.ts';
import type { LabelledSource } from './dataset.ts';
import { trainModel } from './train.ts';

export interface GoldLine {
  id: string;
  source_path: string;
  tasks: { owner: string | null; evidence: string }[];
  decisions: { evidence: string }[];
  facts: { evidence: string }[];
}

export async function readLabelledSources(
  labels: GoldLine[],
  root: string,
  ctx: ExtractContext,
): Promise<LabelledSource[]> {
  const out: LabelledSource[] = [];
  for (const label of labels) {
    const [env] = await ingestFile(path.resolve(root, label.source_path), { displayPath: label.source_path });
    if (!env) continue;
    out.push({ prepared: readSource(env, ctx).prepared, gold: label });
  }
  return out;
}

/** The offline extractor trained on `labels` only: `distill eval --folds` gives each held-out fold one of these. */
export async function trainOfflineExtractor(labels: GoldLine[], root: string, ctx: ExtractContext): Promise<Extractor> {
  const sources = await readLabelledSources(labels, root, ctx);
  const owner = ctx.config.owner;
  return createOfflineExtractor(trainModel(sources, [owner.name, ...owner.aliases], `${labels.length} sources`));
}
