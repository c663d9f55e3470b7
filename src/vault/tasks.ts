/**
 * The task-line grammar shared by the source-note renderer, `distill tasks` and the digest:
 *
 *   - [?] Send the BOM @Jeff Denworth 📅 2026-01-05 ⏫ #task #proposed 🆔 t3f2a01
 *
 * The Obsidian Tasks plugin reads its fields from the END of the line and stops at the first token that is not a
 * field or a tag, so the description must never contain anything that looks like a field marker or a tag: one stray
 * `📅` in the text and the plugin reads the wrong due date; one stray `#x` after a date and every field before it
 * becomes description. Rendering therefore sanitises the text and the owner; parsing reads fields from the end the
 * way the plugin does.
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

/** `X` is how some editors write done; `-` is the plugin's Cancelled, which for Distill means rejected. */
const CHAR_STATUS: Record<string, TaskStatus> = {
  '?': 'proposed',
  ' ': 'open',
  '/': 'in_progress',
  x: 'done',
  X: 'done',
  R: 'rejected',
  '-': 'rejected',
};

export const PRIORITY_EMOJI: Record<Priority, string> = {
  highest: '🔺',
  high: '⏫',
  medium: '🔼',
  low: '🔽',
  lowest: '⏬',
};

const EMOJI_PRIORITY = new Map<string, Priority>(Object.entries(PRIORITY_EMOJI).map(([p, e]) => [e, p as Priority]));

/** Every marker the Tasks plugin treats as a field (dates, recurrence, id, depends-on, priorities, cancelled). */
const FIELD_MARKERS = [
  '📅',
  '📆',
  '🗓',
  '⏳',
  '⌛',
  '🛫',
  '✅',
  '➕',
  '❌',
  '🔁',
  '🆔',
  '⛔',
  '🏁',
  '🔺',
  '⏫',
  '🔼',
  '🔽',
  '⏬',
];
const FIELD_MARKER_RE = new RegExp(`(?:${FIELD_MARKERS.join('|')})\\uFE0F?`, 'gu');

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
  if (task.due && /^\d{4}-\d{2}-\d{2}$/.test(task.due)) parts.push(`📅 ${task.due}`);
  if (task.priority) parts.push(PRIORITY_EMOJI[task.priority]);
  const tags = ['#task'];
  if (task.status === 'proposed') tags.push('#proposed');
  for (const t of opts.tags ?? []) {
    const clean = sanitiseTag(t);
    if (clean && !tags.includes(clean)) tags.push(clean);
  }
  parts.push(...tags);
  const id = sanitiseId(task.id);
  if (id) parts.push(`🆔 ${id}`);
  return parts.join(' ');
}

const TASK_RE = /^(\s*)[-*+] \[(.)\] (.*)$/u;
const DATE = '\\d{4}-\\d{2}-\\d{2}';
/** Trailing fields the plugin recognises, each anchored at the end of what is left of the line. */
const TRAILING: { re: RegExp; apply: (m: RegExpExecArray, t: ParsedTask) => void }[] = [
  {
    re: /\s*🆔\uFE0F? *([A-Za-z0-9_-]+)$/u,
    apply: (m, t) => {
      t.id ??= m[1]!;
    },
  },
  {
    re: new RegExp(`\\s*(?:📅|📆|🗓)\\uFE0F? *(${DATE})$`, 'u'),
    apply: (m, t) => {
      t.due ??= m[1]!;
    },
  },
  {
    re: new RegExp(`\\s*✅\\uFE0F? *(${DATE})$`, 'u'),
    apply: (m, t) => {
      t.done ??= m[1]!;
    },
  },
  { re: new RegExp(`\\s*(?:⏳|⌛|🛫|➕|❌)\\uFE0F? *(${DATE})$`, 'u'), apply: () => {} },
  {
    re: /\s*(🔺|⏫|🔼|🔽|⏬)\uFE0F?$/u,
    apply: (m, t) => {
      t.priority ??= EMOJI_PRIORITY.get(m[1]!) ?? null;
    },
  },
  { re: /\s*⛔\uFE0F? *([A-Za-z0-9_,-]+)$/u, apply: () => {} },
  { re: /\s*🏁\uFE0F? *(delete|keep)$/u, apply: () => {} },
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
  const status = CHAR_STATUS[statusChar];
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
    const due = new RegExp(`\\s*(?:📅|📆|🗓)\\uFE0F? *${DATE}`, 'u');
    fields = fields.replace(due, '');
    if (edit.due) fields = ` 📅 ${edit.due}${fields}`;
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
  if (status !== 'done') rest = rest.replace(new RegExp(`\\s*✅\\uFE0F? *${DATE}`, 'u'), '');
  if (status === 'proposed') {
    rest = /(^|\s)#task(?=\s|$)/u.test(rest)
      ? rest.replace(/((?:^|\s)#task)(?=\s|$)/u, '$1 #proposed')
      : insertBeforeId(rest, '#proposed');
  }
  if (status === 'done' && !new RegExp(`✅\\uFE0F? *${DATE}`, 'u').test(rest)) rest = `${rest.trimEnd()} ✅ ${today}`;
  return `${prefix}${STATUS_CHAR[status]}]${rest}${eol}`;
}

function insertBeforeId(rest: string, token: string): string {
  const id = /\s*🆔\uFE0F? *[A-Za-z0-9_-]+/u.exec(rest);
  if (!id) return `${rest.trimEnd()} ${token}`;
  return `${rest.slice(0, id.index)} ${token}${rest.slice(id.index)}`;
}
