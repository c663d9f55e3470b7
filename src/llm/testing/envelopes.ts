/**
 * Small hand-built envelopes for LLM tests, shaped exactly as the adapters produce them (text = what evidence is
 * checked against). Fixture files go through the real adapters instead (`ingestFile`).
 */
import { createHash } from 'node:crypto';
import type { EmailMessage, Participant, PriorSummary, SourceEnvelope, Turn } from '../../ingest/envelope.ts';

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function addParticipant(
  list: Participant[],
  name: string,
  email: string | undefined,
  role: Participant['roles'][number],
): void {
  const found = list.find((p) => (email && p.email === email) || p.name === name);
  if (found) {
    if (!found.roles.includes(role)) found.roles.push(role);
    return;
  }
  list.push({ name, ...(email ? { email } : {}), roles: [role] });
}

export type MessageInput = Omit<EmailMessage, 'cc'> & { cc?: EmailMessage['cc'] };

export function emailEnvelope(messages: MessageInput[]): SourceEnvelope {
  const full: EmailMessage[] = messages.map((m) => ({ ...m, cc: m.cc ?? [] }));
  const participants: Participant[] = [];
  for (const m of full) {
    addParticipant(participants, m.from.name, m.from.email, 'from');
    for (const a of m.to) addParticipant(participants, a.name, a.email, 'to');
    for (const a of m.cc) addParticipant(participants, a.name, a.email, 'cc');
  }
  const text = full
    .map((m) => `From: ${m.from.name} <${m.from.email ?? ''}>\nDate: ${m.date}\nSubject: ${m.subject}\n\n${m.body}`)
    .join('\n\n');
  const last = full[full.length - 1];
  return {
    source_id: sha(text),
    kind: 'email',
    format: 'email-md',
    path: 'Inbox/test.md',
    title: last?.subject ?? 'Email',
    date: last ? last.date.slice(0, 10) : null,
    date_source: 'content',
    participants,
    messages: full,
    turns: [],
    prior_summary: null,
    text,
    warnings: [],
  };
}

export function transcriptEnvelope(
  turns: Turn[],
  opts: { date?: string; title?: string; prior?: PriorSummary } = {},
): SourceEnvelope {
  const participants: Participant[] = [];
  for (const t of turns) if (!t.generic) addParticipant(participants, t.speaker, undefined, 'speaker');
  const body = turns.map((t) => `**${t.speaker}**: ${t.text}`).join('\n\n');
  const text = opts.prior ? `## Summary\n\n${opts.prior.text}\n\n${body}` : body;
  return {
    source_id: sha(text),
    kind: 'transcript',
    format: 'transcript-bold',
    path: 'Inbox/meeting.md',
    title: opts.title ?? 'Meeting',
    date: opts.date ?? '2025-12-15',
    date_source: 'content',
    participants,
    messages: [],
    turns,
    prior_summary: opts.prior ?? null,
    text,
    warnings: [],
  };
}
