/** The outbox use cases: approve a reply draft (its `.eml` written beside it) or discard it. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { VaultFile } from '../core/vault-file.ts';
import { approveDraft, discardDraft, OutboxError } from '../outputs/outbox.ts';
import type { Config } from '../vault/config.ts';
import { applyEdits } from './edits.ts';
import { RequestError } from './errors.ts';

/** A file named by vault path, outbox-relative path, or draft name without `.md`; must be inside the outbox. */
export function resolveOutboxFile(root: string, config: Config, name: string): VaultFile {
  const outbox = config.folders.outbox;
  const abs = path.resolve(root, name);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  const candidates = [rel, `${outbox}/${name}`, `${rel}.md`, `${outbox}/${name}.md`].map((c) => c.replace(/^\.\//, ''));
  for (const c of candidates) {
    if (!c.startsWith(`${outbox}/`) || c.split('/').includes('..')) continue;
    const file = path.join(root, ...c.split('/'));
    if (existsSync(file)) return { path: c, content: readFileSync(file, 'utf8') };
  }
  throw new RequestError(`no such file in ${outbox}/: ${name} (see \`distill outbox list\`)`);
}

function asRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof OutboxError) throw new RequestError(e.message);
    throw e;
  }
}

export interface ApproveOutcome {
  draft: string;
  emlPath: string;
  /** The message as written to the `.eml` (CRLF line ends). */
  eml: string;
  commit: string | null;
  edits_commit: string | null;
}

/**
 * Mark a draft approved and write the `.eml` to open in a mail client. The draft is read as it is now (the reply the
 * user wrote under "## Draft", saved or not in git): the user's edits are committed as theirs first.
 */
export function approveOutbox(root: string, config: Config, name: string, opts: { dryRun?: boolean } = {}) {
  const f = resolveOutboxFile(root, config, name);
  const { ops, emlPath, eml } = asRequest(() => approveDraft(f, config));
  const { applied } = applyEdits(root, config, ops, `distill outbox approve ${f.path}`, opts);
  const out: ApproveOutcome = {
    draft: f.path,
    emlPath,
    eml,
    commit: applied?.commit ?? null,
    edits_commit: applied?.edits_commit ?? null,
  };
  return out;
}

/** Mark a draft discarded (the file stays, so a re-run does not draft it again). */
export function discardOutbox(root: string, config: Config, name: string, opts: { dryRun?: boolean } = {}) {
  const f = resolveOutboxFile(root, config, name);
  const ops = asRequest(() => discardDraft(f));
  const { applied } = applyEdits(root, config, ops, `distill outbox discard ${f.path}`, opts);
  return { draft: f.path, changed: ops.length > 0, commit: applied?.commit ?? null };
}
