/** Small hand-built envelopes for tests and the benchmark: the adapters' output shape without a file. */
import type {
  Address,
  EmailMessage,
  Participant,
  ParticipantRole,
  PriorTask,
  SourceEnvelope,
  Turn,
} from '../../ingest/envelope.ts';

type MessageSpec = Partial<EmailMessage> & { from: EmailMessage['from']; date: string; body: string };

export function emailEnvelope(subject: string, messages: MessageSpec[]): SourceEnvelope {
  const msgs: EmailMessage[] = messages.map((m) => ({ to: [], cc: [], subject, ...m }));
  const participants: Participant[] = [];
  for (const m of msgs) {
    const roles: [Address, ParticipantRole][] = [
      [m.from, 'from'],
      ...m.to.map((t): [Address, ParticipantRole] => [t, 'to']),
      ...m.cc.map((c): [Address, ParticipantRole] => [c, 'cc']),
    ];
    for (const [a, role] of roles) {
      const hit = participants.find((p) => (a.email && p.email === a.email) || p.name === a.name);
      if (hit) {
        if (!hit.roles.includes(role)) hit.roles.push(role);
      } else participants.push({ name: a.name, ...(a.email ? { email: a.email } : {}), roles: [role] });
    }
  }
  const text = msgs
    .map(
      (m) =>
        `## ${m.date} — ${m.from.name} <${m.from.email ?? ''}>\n**Subject:** ${m.subject}\n\n${m.body
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}\n\n---`,
    )
    .join('\n\n');
  const last = msgs[msgs.length - 1];
  return {
    source_id: `test-${subject.length}-${text.length}`,
    kind: 'email',
    format: 'email-md',
    path: `${subject}.md`,
    title: subject,
    date: last ? last.date.slice(0, 10) : null,
    date_source: 'content',
    participants,
    messages: msgs,
    turns: [],
    prior_summary: null,
    text: `# ${subject}\n\n${text}`,
    warnings: [],
  };
}

export function transcriptEnvelope(
  title: string,
  date: string | null,
  turns: { speaker: string; text: string; generic?: boolean }[],
  priorTasks: PriorTask[] = [],
): SourceEnvelope {
  const ts: Turn[] = turns.map((t, i) => ({
    speaker: t.speaker,
    generic: t.generic ?? /^speaker \d+$/i.test(t.speaker),
    start: i * 30,
    text: t.text,
  }));
  const prior = priorTasks.length
    ? {
        text: `## Action items\n${priorTasks.map((t) => `- [${t.done ? 'x' : ' '}] ${t.text}`).join('\n')}`,
        tasks: priorTasks,
      }
    : null;
  const body = ts.map((t) => `**${t.speaker}**: ${t.text}\n*00:${String(t.start).padStart(2, '0')}*`).join('\n\n');
  const speakers = [...new Set(ts.filter((t) => !t.generic).map((t) => t.speaker))];
  return {
    source_id: `test-${title.length}-${body.length}`,
    kind: 'transcript',
    format: 'transcript-bold',
    path: `${title}.md`,
    title,
    date,
    date_source: date ? 'filename' : 'none',
    participants: speakers.map((name) => ({ name, roles: ['speaker'] })),
    messages: [],
    turns: ts,
    prior_summary: prior,
    text: prior ? `${prior.text}\n\n${body}` : body,
    warnings: [],
  };
}
