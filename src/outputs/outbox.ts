import type { VaultFile } from '../core/vault-file.ts';
import type { Address } from '../ingest/envelope.ts';
import type { Operation } from '../plan/change-plan.ts';
import type { Config } from '../vault/config.ts';
import { sha256 } from '../vault/hash.ts';
import { getSection, readFrontmatter } from '../vault/markdown.ts';
import { writeEml } from './eml.ts';

export type OutboxKind = 'draft' | 'invite' | 'mail' | 'prompt' | 'other';

export interface OutboxEntry {
  path: string;
  kind: OutboxKind;
  status: string | null;
  to: string | null;
  subject: string | null;
  urgency: string | null;
  generated_by: string | null;
  source: string | null;
}

export class OutboxError extends Error {
  override name = 'OutboxError';
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function icsField(content: string, name: string): string | null {
  const unfolded = content.replace(/\r?\n[ \t]/g, '');
  const m = new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'm').exec(unfolded);
  return m
    ? m[1]!
        .trim()
        .replace(/\\([,;\\])/g, '$1')
        .replace(/\\n/gi, ' ')
    : null;
}

export function outboxKind(path: string): OutboxKind {
  if (path.endsWith('.prompt.json')) return 'prompt';
  if (path.endsWith('.md')) return 'draft';
  if (path.endsWith('.ics')) return 'invite';
  if (path.endsWith('.eml')) return 'mail';
  return 'other';
}

export function outboxEntry(file: VaultFile): OutboxEntry {
  const kind = outboxKind(file.path);
  const base: OutboxEntry = {
    path: file.path,
    kind,
    status: null,
    to: null,
    subject: null,
    urgency: null,
    generated_by: null,
    source: null,
  };
  if (kind === 'draft') {
    const fm = readFrontmatter(file.content);
    return {
      ...base,
      status: str(fm.status),
      to: str(fm.to),
      subject: str(fm.subject),
      urgency: str(fm.urgency),
      generated_by: str(fm.generated_by),
      source: str(fm.source),
    };
  }
  if (kind === 'invite')
    return { ...base, subject: icsField(file.content, 'SUMMARY'), status: icsField(file.content, 'DTSTART') };
  if (kind === 'mail') {
    const to = /^To: (.*)$/m.exec(file.content)?.[1] ?? null;
    return { ...base, to, status: 'approved' };
  }
  return base;
}

export function listOutbox(files: VaultFile[], filter?: { status?: string }): OutboxEntry[] {
  return (
    files
      .map(outboxEntry)
      .filter((e) => e.kind !== 'prompt' && e.kind !== 'other')
      // A status filter is about drafts; invites and approved mail have no review status.
      .filter((e) => !filter?.status || filter.status === 'all' || (e.kind === 'draft' && e.status === filter.status))
      .sort((a, b) => a.path.localeCompare(b.path))
  );
}

/** `Name <addr>` or a bare address, as the draft frontmatter holds it. */
export function parseAddress(text: string): Address | null {
  const t = text.trim();
  const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(t);
  if (m) return { name: m[1]!.replace(/^"|"$/g, '').trim() || m[2]!, email: m[2]! };
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(t)) return { name: t, email: t };
  return null;
}

function addresses(v: unknown, field: string, file: string): Address[] {
  const list = Array.isArray(v) ? v : typeof v === 'string' && v.trim() ? v.split(/,(?![^<]*>)/) : [];
  return list.map((x) => {
    const a = parseAddress(String(x));
    if (!a) throw new OutboxError(`${file}: ${field} "${String(x)}" is not an email address`);
    return a;
  });
}

/** The reply the user wants sent: the `## Draft` section without comments and without a greeting-only body. */
export function draftBody(content: string, file: string): string {
  const section = getSection(content, 'Draft');
  if (section === null) throw new OutboxError(`${file}: no "## Draft" section`);
  const text = section
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const substance = text
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^(hi|hey|hello|dear)\b[^.?!]{0,60},\s*$/i.test(l.trim()));
  if (substance.length === 0) throw new OutboxError(`${file}: the Draft section is empty: write the reply first`);
  return text;
}

export function emlPathFor(draftPath: string): string {
  return draftPath.replace(/\.md$/, '.eml');
}

/** The operations that approve a draft: frontmatter status and the `.eml` beside it. */
export function approveDraft(
  file: VaultFile,
  config: Config,
  now: Date = new Date(),
): { ops: Operation[]; emlPath: string; eml: string } {
  if (outboxKind(file.path) !== 'draft') throw new OutboxError(`${file.path}: not a draft (.md)`);
  const fm = readFrontmatter(file.content);
  if (fm.status !== 'draft')
    throw new OutboxError(`${file.path}: status is ${String(fm.status ?? 'missing')}, not draft`);
  const fromEmail = config.owner.emails[0];
  if (!fromEmail)
    throw new OutboxError('owner.emails is empty in distill.config.yaml: the approved mail needs a From address');
  const to = addresses(fm.to, 'to', file.path);
  if (to.length === 0) throw new OutboxError(`${file.path}: no recipient (to:)`);
  const cc = addresses(fm.cc, 'cc', file.path);
  const subject = str(fm.subject);
  if (!subject) throw new OutboxError(`${file.path}: no subject`);
  const inReplyTo = str(fm.in_reply_to);
  const eml = writeEml({
    from: { name: config.owner.name === 'Myself' ? fromEmail : config.owner.name, email: fromEmail },
    to,
    cc,
    subject,
    body: draftBody(file.content, file.path),
    date: now,
    inReplyTo,
    references: inReplyTo ? [inReplyTo] : [],
  });
  const emlPath = emlPathFor(file.path);
  return {
    emlPath,
    eml,
    ops: [
      {
        op: 'patch_note',
        path: file.path,
        base_sha: sha256(file.content),
        patches: [
          { kind: 'upsert_frontmatter', values: { status: 'approved', approved: now.toISOString(), eml: emlPath } },
        ],
      },
      { op: 'write_outbox', path: emlPath, content: eml },
    ],
  };
}

export function discardDraft(file: VaultFile, now: Date = new Date()): Operation[] {
  if (outboxKind(file.path) !== 'draft') throw new OutboxError(`${file.path}: not a draft (.md)`);
  const fm = readFrontmatter(file.content);
  if (fm.status === 'discarded') return [];
  return [
    {
      op: 'patch_note',
      path: file.path,
      base_sha: sha256(file.content),
      patches: [{ kind: 'upsert_frontmatter', values: { status: 'discarded', discarded: now.toISOString() } }],
    },
  ];
}
