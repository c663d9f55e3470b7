/**
 * Draft replies as markdown in `Outbox/`: frontmatter a mail client can be filled from (to, cc, the real subject,
 * in_reply_to), why a reply is needed, the points to address, the draft (from a model) or a clearly labelled offline
 * outline, and the context the draft was grounded on. Also the prompt an LLM drafter is given, kept for audit.
 */

import type { Extraction } from '../extract/schema.ts';
import type { EmailMessage, SourceEnvelope } from '../ingest/envelope.ts';
import type { Drafter, DraftInput } from '../llm/index.ts';
import type { Config } from '../vault/config.ts';
import { mdBlock, mdHeading, mdInline, mdLinkText, oneLine } from '../vault/escape.ts';
import { upsertFrontmatter, wikilink } from '../vault/markdown.ts';
import { formatDate, type ReplyOutline } from './outline.ts';
import { label, ownText, type TriageResult } from './triage.ts';

/** The drafter from src/llm (`createDrafter`): outputs build the prompt, the drafter only sends it. */
export type ReplyDrafter = Drafter;
export type DraftRequest = DraftInput;

export interface EntityPage {
  name: string;
  path: string;
  content: string;
}

/** `Re: ` + the subject without any stacked reply prefixes (`RE: Re: AW:`). */
export function replySubject(subject: string): string {
  // One line: an encoded subject may decode to several, and a subject is a header, a file name and a heading.
  let s = oneLine(subject);
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(/^(?:re|aw|sv|antw|r)\s*(?:\[\d+\])?\s*:\s*/i, '');
  }
  return `Re: ${s || '(no subject)'}`;
}

export function firstName(name: string): string {
  const n = name.includes(',') ? (name.split(',')[1] ?? name) : name;
  return n.trim().split(/\s+/)[0] ?? n;
}

const MAX_THREAD_CHARS = 12_000;
const MAX_PAGE_CHARS = 2_500;
const MAX_PAGES = 6;

function threadText(messages: EmailMessage[]): string {
  const parts = messages.map((m) => `### ${m.date} from ${label(m.from)}\nSubject: ${m.subject}\n\n${ownText(m.body)}`);
  // Keep the newest messages whole: when the thread is long, the oldest go first.
  let text = parts.join('\n\n');
  while (text.length > MAX_THREAD_CHARS && parts.length > 1) {
    parts.shift();
    text = `[earlier messages omitted]\n\n${parts.join('\n\n')}`;
  }
  return text.length > MAX_THREAD_CHARS ? text.slice(text.length - MAX_THREAD_CHARS) : text;
}

export function keyPoints(outline: ReplyOutline): string[] {
  return [
    ...outline.questions.map((q) => `Answer: ${q}`),
    ...outline.requests.map((r) => `Respond to the request: ${r}`),
    ...outline.commitments.map((c) => `Commit (or decline): ${c}`),
    ...outline.dates.map((d) => `Date mentioned: ${formatDate(d)}`),
  ];
}

export function buildDraftPrompt(input: {
  env: SourceEnvelope;
  ex: Extraction;
  config: Config;
  triage: TriageResult;
  outline: ReplyOutline;
  entityPages: EntityPage[];
}): DraftRequest {
  const { env, ex, config, triage, outline } = input;
  const owner = config.owner.name;
  const to = triage.to!;
  const signature = config.drafts.signature ?? firstName(owner);
  const system = [
    `You write email replies as ${owner}${config.owner.organisation ? ` (${config.owner.organisation})` : ''}.`,
    `Persona: ${config.drafts.persona}`,
    'Rules:',
    `- Greet ${firstName(to.name)} by first name. Return only the reply body: no subject line, no headers, no quoted thread.`,
    '- Use only facts stated in the thread or the context notes. Never invent names, numbers, dates, prices, links, phone numbers or commitments; where something is unknown, say you will confirm it.',
    '- State dates exactly (weekday and date, with the time zone for times), never "soon" or "next week".',
    '- Answer every question and request listed under KEY POINTS, in order.',
    '- The context notes are private: use them to be accurate, never quote or mention them.',
    `- End with this signature exactly:\n${signature}`,
  ].join('\n');
  const pages = input.entityPages
    .slice(0, MAX_PAGES)
    .map((p) => `### ${p.name} (${p.path})\n${p.content.slice(0, MAX_PAGE_CHARS)}`)
    .join('\n\n');
  const user = [
    `Write the reply to ${label(to)}${triage.cc.length ? `, cc ${triage.cc.map(label).join(', ')}` : ''}.`,
    `Subject: ${replySubject(env.messages.at(-1)?.subject ?? env.title)}`,
    '',
    '## THREAD (oldest first)',
    threadText(env.messages),
    '',
    '## KEY POINTS',
    keyPoints(outline)
      .map((k) => `- ${k}`)
      .join('\n') || '- (none found: reply to the newest message)',
    '',
    '## SUMMARY',
    ex.summary || '(none)',
    ...(pages ? ['', '## CONTEXT NOTES (PRIVATE, DO NOT QUOTE)', pages] : []),
  ].join('\n');
  return { system, user, sourceId: env.source_id };
}

export interface DraftDoc {
  env: SourceEnvelope;
  config: Config;
  triage: TriageResult;
  outline: ReplyOutline;
  /** Vault-relative path of the source note. */
  notePath: string;
  entityPages: EntityPage[];
  /** The model's text, or null for the offline outline. */
  llm: { text: string; model: string; promptPath: string } | null;
  /** Why an LLM draft was wanted but not written (the outline is used instead). */
  fallbackReason?: string;
}

/** Bullets of text from a source or a model (escaped), or of links built here (`escape: false`). */
function bullets(items: string[], empty: string, escaped = true): string {
  return items.length > 0 ? items.map((i) => `- ${escaped ? mdInline(i) : i}`).join('\n') : `- ${empty}`;
}

export const OFFLINE_GENERATOR = 'offline-outline';
/** Left in an offline draft's `## Draft` section; approve strips comments and refuses an empty draft. */
export const WRITE_HERE = '<!-- Write your reply here. `distill outbox approve` sends what this section holds. -->';

export function renderDraft(d: DraftDoc): string {
  const newest = d.env.messages.at(-1)!;
  const subject = replySubject(newest.subject || d.env.title);
  const to = d.triage.to!;
  const fm: Record<string, unknown> = {
    type: 'draft-reply',
    to: label(to),
    cc: d.triage.cc.map(label),
    subject,
    in_reply_to: newest.messageId ? `<${newest.messageId.replace(/^<|>$/g, '')}>` : null,
    urgency: d.triage.urgency,
    status: 'draft',
    generated_by: d.llm ? d.llm.model : OFFLINE_GENERATOR,
    source: wikilink(d.notePath),
    source_id: d.env.source_id,
    date: d.env.date,
    prompt_file: d.llm ? d.llm.promptPath : null,
    tags: ['distill/draft'],
  };
  const head = upsertFrontmatter('', fm).replace(/\n*$/, '\n');
  const o = d.outline;
  const body: string[] = [
    `# ${mdHeading(subject)}`,
    '',
    `**To:** ${mdInline(label(to))}${d.triage.cc.length ? `  \n**Cc:** ${mdInline(d.triage.cc.map(label).join(', '))}` : ''}  \n**Urgency:** ${d.triage.urgency}`,
    '',
    '## Why a Reply',
    '',
    bullets(d.triage.reasons, 'no reason recorded'),
    '',
    '## Key Points to Address',
    '',
  ];
  if (d.llm) {
    // The model's text is data: it may not open a section (approve sends the Draft section) or carry HTML.
    body.push(bullets(keyPoints(o), 'none found in the newest message'), '', '## Draft', '', mdBlock(d.llm.text));
  } else {
    body.push(
      '> [!note] Reply outline, not a draft',
      `> Written offline from the newest message's own words${d.fallbackReason ? ` (the LLM drafter failed: ${mdInline(d.fallbackReason)})` : ''}. Write the reply under "Draft".`,
      '',
      '### Questions asked',
      '',
      bullets(o.questions, 'none'),
      '',
      '### Requests and commitments asked of you',
      '',
      bullets([...o.requests, ...o.commitments.map((c) => `Task for you: ${c}`)], 'none'),
      '',
      '### Dates mentioned',
      '',
      bullets(o.dates.map(formatDate), 'none'),
      '',
      '## Draft',
      '',
      `Hi ${mdInline(firstName(to.name))},`,
      '',
      WRITE_HERE,
    );
  }
  const context = [
    `${wikilink(d.notePath)} (source note)`,
    ...d.entityPages.slice(0, MAX_PAGES).map((p) => `${wikilink(p.path, mdLinkText(p.name))}`),
  ];
  body.push('', '## Context Used', '', bullets(context, 'none', false), '');
  return `${head}\n${body.join('\n')}`;
}
