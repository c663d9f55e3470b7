/**
 * The task-line grammar, the one place that knows how a task is written: the source-note renderer, `distill tasks`,
 * the digest, the note patcher and the prior-summary reader all parse and render through it.
 *
 *   - [?] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01
 *
 * The Obsidian Tasks plugin reads its fields from the END of the line and stops at the first token that is not a
 * field or a tag, so the description must never contain anything that looks like a field marker or a tag: one stray
 * `📅` in the text and the plugin reads the wrong due date; one stray `#x` after a date and every field before it
 * becomes description. Rendering therefore sanitises the text and the owner; parsing reads fields from the end the
 * way the plugin does. Like the plugin's own code, one symbol table (`STATUS_CHAR`, `PRIORITY_EMOJI`, `TASK_FIELDS`)
 * drives both directions, so a marker is never known to the parser and unknown to the renderer or the sanitiser.
 */
/** The task priorities and statuses of the data model (the extraction schema builds its enums from these). */
export const PRIORITIES = ['highest', 'high', 'medium', 'low', 'lowest'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const TASK_STATUSES = ['proposed', 'open', 'in_progress', 'done', 'rejected'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const STATUS_CHAR: Record<TaskStatus, string> = {
  proposed: '?',
  open: ' ',
  in_progress: '/',
  done: 'x',
  rejected: 'R',
};

/** The status a checkbox character means: `STATUS_CHAR` read backwards, plus `X` (how some editors write done) and
 * `-` (the plugin's Cancelled, which for Distill means rejected). */
const CHAR_STATUS: Record<string, TaskStatus> = {
  ...Object.fromEntries(TASK_STATUSES.map((s) => [STATUS_CHAR[s], s])),
  X: 'done',
  '-': 'rejected',
};

/** The status a checkbox character stands for, or null for a character Distill does not know. */
export function statusOfChar(char: string): TaskStatus | null {
  return CHAR_STATUS[char] ?? null;
}

export function isTaskStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}

export const PRIORITY_EMOJI: Record<Priority, string> = {
  highest: '🔺',
  high: '⏫',
  medium: '🔼',
  low: '🔽',
  lowest: '⏬',
};

const EMOJI_PRIORITY = new Map<string, Priority>(Object.entries(PRIORITY_EMOJI).map(([p, e]) => [e, p as Priority]));

const DATE = '\\d{4}-\\d{2}-\\d{2}';

interface FieldSyntax {
  /** The emoji that start the field; Distill writes the first. */
  markers: readonly string[];
  /** The value's pattern after the marker, or null when the marker is the whole field (a priority). */
  value: string | null;
}

/**
 * Every field the Tasks plugin reads at the end of a line. `recurrence` is free text, so it is never parsed, only kept
 * out of descriptions.
 */
export const TASK_FIELDS = {
  id: { markers: ['🆔'], value: '[A-Za-z0-9_-]+' },
  due: { markers: ['📅', '📆', '🗓'], value: DATE },
  done: { markers: ['✅'], value: DATE },
  /** Scheduled, start, created and cancelled dates: kept as written, not part of the data model. */
  otherDates: { markers: ['⏳', '⌛', '🛫', '➕', '❌'], value: DATE },
  priority: { markers: Object.values(PRIORITY_EMOJI), value: null },
  dependsOn: { markers: ['⛔'], value: '[A-Za-z0-9_,-]+' },
  onCompletion: { markers: ['🏁'], value: 'delete|keep' },
  recurrence: { markers: ['🔁'], value: null },
} as const satisfies Record<string, FieldSyntax>;
export type TaskField = keyof typeof TASK_FIELDS;

/** Every marker the Tasks plugin treats as a field. */
export const FIELD_MARKERS: readonly string[] = Object.values(TASK_FIELDS).flatMap((f) => f.markers);
const FIELD_MARKER_RE = new RegExp(`(?:${FIELD_MARKERS.join('|')})\\uFE0F?`, 'gu');

/**
 * A field with the whitespace before it; group 1 is its value (the marker itself for a field without one). `atEnd`
 * anchors it at the end of the text, where the plugin looks.
 */
export function fieldPattern(field: TaskField, opts: { atEnd?: boolean; flags?: string } = {}): RegExp {
  const f: FieldSyntax = TASK_FIELDS[field];
  const markers = f.markers.join('|');
  const body = f.value === null ? `(${markers})\\uFE0F?` : `(?:${markers})\\uFE0F? *(${f.value})`;
  return new RegExp(`\\s*${body}${opts.atEnd ? '$' : ''}`, `u${opts.flags ?? ''}`);
}

/** A field as Distill writes it: `📅 2026-01-05`. */
export function renderField(field: TaskField, value: string): string {
  return `${TASK_FIELDS[field].markers[0]} ${value}`;
}

export interface TaskLineInput {
  text: string;
  owner: string | null;
  due: string | null;
  priority: Priority | null;
  status: TaskStatus;
  id: string;
}

export interface ParsedTask {
  /** Leading whitespace before `- [`, kept so a nested task stays nested. */
  indent: string;
  status: TaskStatus;
  /** The character between the brackets as written. */
  statusChar: string;
  /** The description without the owner. */
  text: string;
  owner: string | null;
  due: string | null;
  /** `✅` completion date. */
  done: string | null;
  priority: Priority | null;
  /** Tags among the trailing fields, with their `#`. */
  tags: string[];
  id: string | null;
}

/**
 * Text that cannot break the plugin's end-of-line parser: one line, no field markers, no tags (`#` is dropped where
 * it would start one), no wikilink brackets, no `@` that would read as the owner marker, no block-link caret, no
 * variation selectors.
 */
export function sanitiseTaskText(text: string): string {
  // Removing one marker can expose another (`^@x` -> `@x`), so repeat until nothing changes.
  let out = text;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = sanitiseOnce(out);
  }
  return out;
}

function sanitiseOnce(text: string): string {
  return (
    text
      .replace(/[\r\n\u2028\u2029]+/g, ' ')
      .replace(FIELD_MARKER_RE, ' ')
      .replace(/\uFE0F/g, '')
      .replace(/\[\[|\]\]/g, '')
      .replace(/#(?=\S)/g, '')
      .replace(/(^|\s)@+/g, '$1')
      // A trailing ` ^word` is a block link to the plugin.
      .replace(/(^|\s)\^+/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** An owner name: like task text, and without `@` anywhere (the marker) or anything after it. */
export function sanitiseOwner(owner: string): string {
  return sanitiseTaskText(owner.replace(/@/g, ' '));
}

function sanitiseId(id: string): string {
  // The plugin's id field accepts letters, digits, `-` and `_` only.
  return id.replace(/[^A-Za-z0-9_-]/g, '');
}

function sanitiseTag(tag: string): string {
  const body = tag.replace(/^#+/, '').replace(/[^\p{L}\p{N}_/-]/gu, '');
  return body && !/^\d+$/.test(body) ? `#${body}` : '';
}

export function renderTaskLine(task: TaskLineInput, opts: { tags?: string[] } = {}): string {
  const text = sanitiseTaskText(task.text) || '(no description)';
  const parts = [`- [${STATUS_CHAR[task.status]}] ${text}`];
  const owner = task.owner === null ? '' : sanitiseOwner(task.owner);
  if (owner) parts.push(`@${owner}`);
  if (task.due && /^\d{4}-\d{2}-\d{2}$/.test(task.due)) parts.push(renderField('due', task.due));
  if (task.priority) parts.push(PRIORITY_EMOJI[task.priority]);
  const tags = ['#task'];
  if (task.status === 'proposed') tags.push('#proposed');
  for (const t of opts.tags ?? []) {
    const clean = sanitiseTag(t);
    if (clean && !tags.includes(clean)) tags.push(clean);
  }
  parts.push(...tags);
  const id = sanitiseId(task.id);
  if (id) parts.push(renderField('id', id));
  return parts.join(' ');
}

const TASK_RE = /^(\s*)[-*+] \[(.)\] (.*)$/u;
const atEnd = (field: TaskField) => fieldPattern(field, { atEnd: true });
/** Trailing fields the plugin recognises, each anchored at the end of what is left of the line. */
const TRAILING: { re: RegExp; apply: (m: RegExpExecArray, t: ParsedTask) => void }[] = [
  {
    re: atEnd('id'),
    apply: (m, t) => {
      t.id ??= m[1]!;
    },
  },
  {
    re: atEnd('due'),
    apply: (m, t) => {
      t.due ??= m[1]!;
    },
  },
  {
    re: atEnd('done'),
    apply: (m, t) => {
      t.done ??= m[1]!;
    },
  },
  { re: atEnd('otherDates'), apply: () => {} },
  {
    re: atEnd('priority'),
    apply: (m, t) => {
      t.priority ??= EMOJI_PRIORITY.get(m[1]!) ?? null;
    },
  },
  { re: atEnd('dependsOn'), apply: () => {} },
  { re: atEnd('onCompletion'), apply: () => {} },
  {
    re: /\s+(#[^\s#]+)$/u,
    apply: (m, t) => {
      t.tags.unshift(m[1]!);
    },
  },
  { re: /\s+(\^[A-Za-z0-9-]+)$/u, apply: () => {} },
];

/** A task line as the Tasks plugin reads it, or null when the line is not a task (or has an unknown status). */
export function parseTaskLine(line: string): ParsedTask | null {
  return splitTaskLine(line)?.task ?? null;
}

/** The parsed task, and where its description ends and its trailing fields begin. */
function splitTaskLine(line: string): { task: ParsedTask; descriptionStart: number; fieldsStart: number } | null {
  const m = TASK_RE.exec(line.replace(/\r$/, ''));
  if (!m) return null;
  const statusChar = m[2]!;
  const status = statusOfChar(statusChar);
  if (!status) return null;
  const task: ParsedTask = {
    indent: m[1]!,
    status,
    statusChar,
    text: '',
    owner: null,
    due: null,
    done: null,
    priority: null,
    tags: [],
    id: null,
  };
  let rest = m[3]!.trimEnd();
  for (let progressed = true; progressed; ) {
    progressed = false;
    for (const field of TRAILING) {
      const f = field.re.exec(rest);
      if (!f) continue;
      field.apply(f, task);
      rest = rest.slice(0, f.index).trimEnd();
      progressed = true;
      break;
    }
  }
  const descriptionStart = m[0].length - m[3]!.length;
  const fieldsStart = descriptionStart + rest.length;
  // The owner is the last `@Name` of the description; a mid-word `@` (an email address) is not an owner.
  const owner = /(?:^|\s)@([^@]+)$/u.exec(rest);
  if (owner) {
    task.owner = owner[1]!.trim() || null;
    rest = rest.slice(0, owner.index);
  }
  task.text = rest.trim();
  return { task, descriptionStart, fieldsStart };
}

export interface TaskEdit {
  text?: string;
  /** A name, or null to remove the owner. */
  owner?: string | null;
  /** YYYY-MM-DD, or null to remove the due date. */
  due?: string | null;
}

/**
 * Change a task's text, owner or due date in place; status, id, tags, priority and every other field stay as they
 * are. Throws on a line that is not a task or a due date that is not YYYY-MM-DD.
 */
export function editTaskLine(line: string, edit: TaskEdit): string {
  const eol = line.endsWith('\r') ? '\r' : '';
  const body = eol ? line.slice(0, -1) : line;
  const split = splitTaskLine(body);
  if (!split) throw new Error(`not a task line: ${body.slice(0, 80)}`);
  if (edit.due && !/^\d{4}-\d{2}-\d{2}$/.test(edit.due))
    throw new Error(`due date must be YYYY-MM-DD, not "${edit.due}"`);
  const { task, descriptionStart, fieldsStart } = split;
  const text = edit.text === undefined ? task.text : sanitiseTaskText(edit.text) || task.text;
  const ownerName = edit.owner === undefined ? task.owner : edit.owner === null ? null : sanitiseOwner(edit.owner);
  let fields = body.slice(fieldsStart);
  if (edit.due !== undefined) {
    fields = fields.replace(fieldPattern('due'), '');
    if (edit.due) fields = ` ${renderField('due', edit.due)}${fields}`;
  }
  const description = `${text}${ownerName ? ` @${ownerName}` : ''}`;
  return `${body.slice(0, descriptionStart)}${description}${fields}${eol}`;
}

/** Today's date in the local time zone as YYYY-MM-DD. */
export function localDate(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Change a task's status in place, keeping every other byte the user wrote: `#proposed` is added only while the
 * task is proposed, and a done task gets the plugin's `✅ YYYY-MM-DD` completion date (removed when reopened).
 * Throws on a line that is not a task.
 */
export function setTaskStatus(line: string, status: TaskStatus, today: string = localDate()): string {
  const eol = line.endsWith('\r') ? '\r' : '';
  const body = eol ? line.slice(0, -1) : line;
  const m = TASK_RE.exec(body);
  if (!m || !parseTaskLine(body)) throw new Error(`not a task line: ${body.slice(0, 80)}`);
  const prefix = body.slice(0, body.indexOf('[') + 1);
  let rest = body.slice(prefix.length + 2);
  rest = rest.replace(/\s+#proposed(?=\s|$)/gu, '');
  if (status !== 'done') rest = rest.replace(fieldPattern('done'), '');
  if (status === 'proposed') {
    rest = /(^|\s)#task(?=\s|$)/u.test(rest)
      ? rest.replace(/((?:^|\s)#task)(?=\s|$)/u, '$1 #proposed')
      : insertBeforeId(rest, '#proposed');
  }
  if (status === 'done' && !fieldPattern('done').test(rest)) rest = `${rest.trimEnd()} ${renderField('done', today)}`;
  return `${prefix}${STATUS_CHAR[status]}]${rest}${eol}`;
}

function insertBeforeId(rest: string, token: string): string {
  const id = fieldPattern('id').exec(rest);
  if (!id) return `${rest.trimEnd()} ${token}`;
  return `${rest.slice(0, id.index)} ${token}${rest.slice(id.index)}`;
}
