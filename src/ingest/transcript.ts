/**
 * Diarized meeting transcripts in the three markdown shapes seen in the wild:
 * - `transcript-bold` (MacWhisper): `**Name**: utterance` then an italic `*MM:SS*` line with the turn's start;
 *   also the documented `**Speaker 1** (00:00):` with the text on the following lines.
 * - `transcript-bracket`: `[HH:MM:SS.ss] Speaker : text`, and the legacy export inside a ```text fence where the
 *   speaker is glued to the text (`[00:00:00.05]  Jason ValleryIt's kind of…`, see `splitGluedSpeaker`).
 * - `transcript-plain`: undiarized text, possibly one 40 KB line, cut into `Unknown` turns at sentence ends.
 * A summary an earlier tool wrote above the conversation is kept apart (prior-summary.ts).
 */
import { jaccard } from '../core/text.ts';
import { readFrontmatter, splitNote } from '../vault/frontmatter.ts';
import { addParticipant, firstHeading, frontmatterDate, frontmatterPeople, parsePerson } from './document.ts';
import type { Participant, SourceEnvelope, SourceFormat, Turn } from './envelope.ts';
import { isPlaceholderTitle, parseSourceFileName, repairCutTitle } from './filename.ts';
import { isGenericSpeaker } from './generic-labels.ts';
import { soundKey } from './names.ts';
import { sourceIdOf } from './normalise.ts';
import { splitPriorSummary } from './prior-summary.ts';

const CLOCK = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?`;
/** `**Name**: text`, `**Name:** text`, `**Speaker 1** (00:00):` (text may follow on the next lines). */
const BOLD_SPEAKER = new RegExp(String.raw`^\*\*([^*\n]{1,80}?)\*\*\s*(?:\((${CLOCK})\))?\s*:\s*(.*)$`);
const BOLD_SPEAKER_INNER_COLON = new RegExp(String.raw`^\*\*([^*\n]{1,80}?):\*\*\s*(?:\((${CLOCK})\))?\s*(.*)$`);
const TIMESTAMP_LINE = /^[*_](\d{1,2}:\d{2}(?::\d{2})?)[*_]\s*$/;
const BRACKET_LINE = new RegExp(String.raw`^\[(${CLOCK})\]\s*(.*)$`);
/** Apple Mail export message headers: such a file is an email, whatever else it contains. */
const EMAIL_BLOCK = /(?:^|---)## \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} — /m;
/** `Jeff Denworth: text` / `Speaker 2: text` lines of a plain diarized transcript. */
const NAME_COLON_LINE = /^((?:[A-Z][\p{L}'’.-]*)(?: [A-Z][\p{L}'’.-]*){0,3}|Speaker \d+|SPEAKER_\d+): (.+)$/u;

/** Seconds from `MM:SS`, `H:MM:SS` or `HH:MM:SS.ss`. */
export function parseClock(clock: string): number {
  const parts = clock.replace(',', '.').split(':').map(Number);
  let seconds = 0;
  for (const p of parts) seconds = seconds * 60 + (Number.isFinite(p) ? p : 0);
  return Math.round(seconds * 100) / 100;
}

/** Bold labels of note headers (`**Date**: …`, `**With**: …`): metadata, never a speaker. */
const META_LABEL =
  /^(?:date|time|when|with|where|location|duration|attendees|participants|account|project|person|partner|forum|regarding|re|urgency|status|source|subject|from|to|cc|bcc|type|owner|due|priority|agenda|notes?|summary|context|purpose|topic|title|tags|recording|meeting|organi[sz]er|host|link|url|next steps?|action items?|decisions?|outcome|result|answer|question|q|a|tl;?dr)$/i;

function boldSpeaker(line: string): { speaker: string; clock?: string; text: string } | null {
  const m = BOLD_SPEAKER.exec(line) ?? BOLD_SPEAKER_INNER_COLON.exec(line);
  if (!m?.[1]) return null;
  const speaker = m[1].trim();
  if (speaker === '' || speaker.length > 60 || META_LABEL.test(speaker)) return null;
  return m[2] ? { speaker, clock: m[2], text: (m[3] ?? '').trim() } : { speaker, text: (m[3] ?? '').trim() };
}

function isMetaLine(line: string): boolean {
  const m = BOLD_SPEAKER.exec(line) ?? BOLD_SPEAKER_INNER_COLON.exec(line);
  return m?.[1] !== undefined && META_LABEL.test(m[1].trim());
}

/** `Berube, Sebastien` (a directory's order, as Teams and Outlook write names) is `Sebastien Berube`. */
function speakerName(label: string): string {
  const m = /^([\p{Lu}][\p{L}'’-]+), ([\p{Lu}][\p{L}'’.-]*(?: [\p{Lu}][\p{L}'’.-]*)?)$/u.exec(label.trim());
  return m ? `${m[2]} ${m[1]}` : label;
}

function newTurn(label: string, text: string, start?: number): Turn {
  const speaker = speakerName(label);
  const turn: Turn = { speaker, generic: isGenericSpeaker(speaker), text };
  if (start !== undefined) turn.start = start;
  return turn;
}

function appendText(turn: Turn, text: string): void {
  turn.text = turn.text === '' ? text : `${turn.text} ${text}`;
}

/** MacWhisper bold form. Text outside any speaker (e.g. `Thank you.` before the first name) is an `Unknown` turn. */
function parseBold(conversation: string): Turn[] {
  const turns: Turn[] = [];
  let open: Turn | null = null;
  let pendingStart: number | undefined;
  for (const raw of conversation.split('\n')) {
    const line = raw.trim();
    if (line === '' || /^-{3,}$/.test(line) || /^<!--.*-->$/.test(line)) continue;
    const ts = TIMESTAMP_LINE.exec(line);
    if (ts?.[1]) {
      const start = parseClock(ts[1]);
      if (open) {
        if (open.start === undefined) open.start = start;
        open = null;
      } else {
        pendingStart = start;
      }
      continue;
    }
    if (turns.length === 0 && open === null && (/^#{1,6}\s/.test(line) || isMetaLine(line))) continue; // header above the speech
    const sp = boldSpeaker(line);
    if (sp) {
      open = newTurn(sp.speaker, sp.text, sp.clock !== undefined ? parseClock(sp.clock) : pendingStart);
      pendingStart = undefined;
      turns.push(open);
      continue;
    }
    if (open) {
      appendText(open, line);
    } else {
      open = newTurn('Unknown', line, pendingStart);
      pendingStart = undefined;
      turns.push(open);
    }
  }
  return turns.filter((t) => t.text !== '' || !t.generic);
}

/** Glued generic labels of the legacy export: audio devices and placeholders, matched at the start of a line. */
const GLUED_GENERIC =
  /^(Remote|Unknown|Speaker[ _]?\d+|SPEAKER_\d+|zoom\.us|Microsoft Teams|Google Chrome|Jabra [A-Z][\w-]*(?: \d+)?|MacBook(?: Pro| Air)? Microphone|External Microphone|Built-in Microphone|AirPods(?: Pro| Max)?)/;
/** A speaker label written out: one to five words, each Capitalised or a number (`Jabra Speak 710`). */
const LABEL_WORDS = /^\s*[\p{Lu}\p{N}][\p{L}\p{N}'’.()-]*(?: [\p{Lu}\p{N}][\p{L}\p{N}'’.()-]*){0,4}\s*$/u;
/** Two or three capitalised words immediately followed (no space) by a capital, digit, quote or dash. */
const GLUED_NAME = /^([A-Z][a-z'’]+(?: [A-Z][a-z'’]+){1,2})(?=[A-Z0-9"“'‘(\-–—]|\.\.\.)/;

/**
 * Splits `Jason ValleryIt's kind of…` into speaker and text. The rule, in order:
 * 0. an explicit `Label : text` whose label is generic or Capitalised Words (`zoom.us : …`, `Jabra Speak 710 : …`);
 * 1. a known name (participants line, frontmatter people, prior task owners, names found by rule 4 anywhere in the
 *    file), longest first; a one-word name only when the next character is not lower case (`Ben` must not eat
 *    `Benchmark`), a multi-word name also before lower case (`Jason Valleryso y'all…`);
 * 2. a generic label (`Remote`, `zoom.us`, `Jabra Speak 710`, …), also before lower case (`Remoteis like.`);
 * 3. `Label: text` with a generic or Capitalised-Words label (`Karl Vietmeier: …`);
 * 4. two or three capitalised words glued to a capital, digit, quote or dash (`Jason ValleryIt's`,
 *    `Jason Vallery- I met…`).
 * Otherwise the speaker is `Unknown` and the whole line is text: nothing is dropped.
 */
export function splitGluedSpeaker(rest: string, known: readonly string[]): { speaker: string; text: string } {
  const s = rest.trim();
  const after = (label: string) =>
    s
      .slice(label.length)
      .replace(/^\s*:\s+/, '')
      .trim();
  // `Speaker : text` (legacy device lines): the label is generic or Capitalised Words, never a clause.
  const spaced = /^(.{1,60}?)\s+:\s+(.*)$/.exec(s);
  if (spaced?.[1] && (isGenericSpeaker(spaced[1]) || LABEL_WORDS.test(spaced[1]))) {
    return { speaker: spaced[1].trim(), text: (spaced[2] ?? '').trim() };
  }
  for (const name of [...known].sort((a, b) => b.length - a.length)) {
    if (name === '' || !s.startsWith(name)) continue;
    const next = s.charAt(name.length);
    if (!name.includes(' ') && /\p{Ll}/u.test(next)) continue;
    return { speaker: name, text: after(name) };
  }
  const generic = GLUED_GENERIC.exec(s);
  if (generic?.[1]) return { speaker: generic[1], text: after(generic[1]) };
  const colon = /^([^:]{1,40}):\s+(.*)$/.exec(s);
  if (colon?.[1] && (isGenericSpeaker(colon[1]) || LABEL_WORDS.test(colon[1]))) {
    return { speaker: colon[1].trim(), text: (colon[2] ?? '').trim() };
  }
  const glued = GLUED_NAME.exec(s);
  if (glued?.[1] && !isGenericSpeaker(glued[1])) return { speaker: glued[1], text: s.slice(glued[1].length).trim() };
  return { speaker: 'Unknown', text: s };
}

function parseBracket(conversation: string, knownNames: readonly string[]): Turn[] {
  const lines = conversation.split('\n');
  // First pass: names the glued-name rule finds anywhere teach the second pass (`Jason Valleryso` after `Jason ValleryIt's`).
  const known = new Set(knownNames);
  const glued = new Set<string>();
  for (const line of lines) {
    const m = BRACKET_LINE.exec(line.trim());
    const g = m?.[2] ? GLUED_NAME.exec(m[2].trim()) : null;
    if (g?.[1] && !isGenericSpeaker(g[1])) glued.add(g[1]);
  }
  // `Jason Vallerywe're` glues a lower-case word to the name `Jason ValleryIt's` shows: the longer one is no name.
  const all = [...known, ...glued];
  for (const name of glued) {
    if (!all.some((k) => k !== name && name.startsWith(k) && /^\p{Ll}+$/u.test(name.slice(k.length)))) known.add(name);
  }
  return linesToTurns(lines, (line) => {
    if (/^```/.test(line)) return 'skip';
    const m = BRACKET_LINE.exec(line);
    if (m?.[1] === undefined) return null;
    const { speaker, text } = splitGluedSpeaker(m[2] ?? '', [...known]);
    return newTurn(speaker, text, parseClock(m[1]));
  });
}

/**
 * Turns from lines: `opens` starts a turn from a line that carries a speaker (or says to skip the line); any other
 * line continues the open turn, and text before the first speaker becomes an `Unknown` turn.
 */
function linesToTurns(lines: string[], opens: (line: string) => Turn | 'skip' | null): Turn[] {
  const turns: Turn[] = [];
  let open: Turn | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const started = opens(line);
    if (started === 'skip') continue;
    if (started) {
      open = started;
      turns.push(open);
    } else if (open) {
      appendText(open, line);
    } else {
      open = newTurn('Unknown', line);
      turns.push(open);
    }
  }
  return turns;
}

/** Sentence ends, or a blank line; never inside `e.g.`-style abbreviations followed by lower case. */
const SENTENCE_END = /(?<=[.!?…]["'”’)]?)\s+(?=[^\s\p{Ll}])|\n\s*\n/gu;
const TURN_TARGET = 1500;
const TURN_MAX = 2200;

/** Undiarized text: `Unknown` turns of ~1.5k characters cut at sentence ends, so later stages chunk on turns. */
export function chunkPlain(conversation: string, speaker = 'Unknown'): Turn[] {
  const text = conversation.trim();
  if (text === '') return [];
  const turns: Turn[] = [];
  let from = 0;
  while (from < text.length) {
    if (text.length - from <= TURN_MAX) {
      turns.push(newTurn(speaker, text.slice(from).trim()));
      break;
    }
    let cut = -1;
    SENTENCE_END.lastIndex = from + TURN_TARGET;
    const m = SENTENCE_END.exec(text);
    if (m && m.index <= from + TURN_MAX) cut = m.index;
    if (cut < 0) {
      // No sentence end in reach: cut at the last whitespace before the limit (or hard, in a 2 KB "word").
      const ws = text.lastIndexOf(' ', from + TURN_MAX);
      cut = ws > from ? ws : from + TURN_MAX;
    }
    const piece = text.slice(from, cut).trim();
    if (piece !== '') turns.push(newTurn(speaker, piece.replace(/\s*\n\s*/g, ' ')));
    from = cut;
    while (from < text.length && /\s/.test(text.charAt(from))) from++;
  }
  return turns.map((t) => ({ ...t, text: t.text.replace(/\s*\n\s*/g, ' ') }));
}

function isNameColonDiarized(lines: string[]): boolean {
  const content = lines.filter((l) => l.trim() !== '');
  const hits = content.filter((l) => NAME_COLON_LINE.test(l.trim()));
  const speakers = new Set(hits.map((l) => NAME_COLON_LINE.exec(l.trim())?.[1]));
  return hits.length >= 4 && speakers.size >= 2 && speakers.size <= 12 && hits.length / content.length >= 0.5;
}

/** `Jeff Denworth: text` lines; lines without a name continue the previous turn. */
function parseNameColon(conversation: string): Turn[] {
  return linesToTurns(conversation.split('\n'), (line) => {
    const m = NAME_COLON_LINE.exec(line);
    return m?.[1] ? newTurn(m[1], (m[2] ?? '').trim()) : null;
  });
}

/**
 * A speaker's name on a line of its own, the turn's text on the lines below (Otter, Teams and Zoom copies, Google
 * Meet, transcripts pasted from a web player): `Jeff Denworth`, `Jeff Denworth  0:03`, `Jeff Denworth (00:03)`,
 * `00:03 Jeff Denworth`, `**Jeff Denworth**`, `Speaker 2`; a clock may also stand on its own line next to it.
 */
const LABEL_WORD = String.raw`(?:[\p{Lu}][\p{L}'’-]*[\p{L}]|[\p{Lu}]\.(?:[\p{Lu}]\.)*)`;
const NAME_WORDS = String.raw`${LABEL_WORD}(?:,? (?:${LABEL_WORD}|(?:de|van|von|der|da|di|del|la|le|al|bin|ibn)(?= ))){0,3}|Speaker[ _]?\d+|SPEAKER_\d+|Unknown(?: Speaker)?`;
const NAME_LINE = new RegExp(
  String.raw`^(?:[\[(]?(${CLOCK})[\])]?\s+)?(?:\*\*)?(${NAME_WORDS})(?:\*\*)?(?:\s+[\[(]?(${CLOCK})[\])]?)?\s*:?\s*$`,
  'u',
);
const CLOCK_LINE = new RegExp(String.raw`^[\[(*_]?(${CLOCK})[\])*_]?$`);
/** Words a short line of speech or a heading can consist of, that no speaker label does. */
const NOT_A_LABEL =
  /^(?:yes|yeah|no|nope|okay|ok|right|sure|thanks|thank you|hello|hi|hey|bye|great|perfect|cool|exactly|correct|absolutely|agenda|notes|summary|transcript|action items|next steps|introduction|questions)$/i;

/** First words of a short utterance (`You're right`, `So Monday`), never of a name. */
const SPEECH_OPENER =
  /^(?:i|i'm|i’m|you|you're|you’re|we|we're|it|it's|this|that|there|so|and|but|or|what|how|why|when|where|who|yes|no|ok|okay|let's|the|a|an|my|our|your|good|great|thanks|thank)\b/i;

function nameLine(line: string): { speaker: string; clock?: string } | null {
  const m = NAME_LINE.exec(line.trim());
  if (!m?.[2]) return null;
  const speaker = m[2];
  if (NOT_A_LABEL.test(speaker) || META_LABEL.test(speaker) || SPEECH_OPENER.test(speaker)) return null;
  const clock = m[1] ?? m[3];
  return clock ? { speaker, clock } : { speaker };
}

/** Indices of the name lines that open a turn: a label followed (past a clock line) by a line of speech. */
function nameLineTurns(lines: string[]): number[] {
  const content = lines.map((l) => l.trim());
  const opens: number[] = [];
  for (let i = 0; i < content.length; i++) {
    if (!nameLine(content[i] ?? '')) continue;
    let j = i + 1;
    while (j < content.length && (content[j] === '' || CLOCK_LINE.test(content[j] ?? ''))) j++;
    const next = content[j];
    if (next !== undefined && !nameLine(next)) opens.push(i);
  }
  return opens;
}

/**
 * Names on their own lines carry the conversation: at least four turns by two to fifteen speakers, some speaking
 * more than once, the labels a fair share of the lines (so a list of names in a note is not read as speech).
 */
function isNameLineDiarized(lines: string[]): boolean {
  const opens = nameLineTurns(lines);
  if (opens.length < 4) return false;
  const speakers = new Map<string, number>();
  for (const i of opens) {
    const who = nameLine(lines[i] ?? '')?.speaker ?? '';
    speakers.set(who, (speakers.get(who) ?? 0) + 1);
  }
  const content = lines.filter((l) => l.trim() !== '' && !CLOCK_LINE.test(l.trim())).length;
  const repeated = [...speakers.values()].some((n) => n >= 2);
  return speakers.size >= 2 && speakers.size <= 15 && repeated && opens.length / content >= 0.15;
}

function parseNameLines(conversation: string): Turn[] {
  const lines = conversation.split('\n');
  const opens = new Set(nameLineTurns(lines));
  const turns: Turn[] = [];
  let open: Turn | null = null;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || /^-{3,}$/.test(line)) continue;
    const label = opens.has(i) ? nameLine(line) : null;
    if (label) {
      open = newTurn(label.speaker, '', label.clock !== undefined ? parseClock(label.clock) : undefined);
      turns.push(open);
      continue;
    }
    // A clock on its own line, above or below the speech, is the turn's start, never speech.
    const clock = CLOCK_LINE.exec(line);
    if (clock?.[1]) {
      if (open !== null && open.start === undefined) open.start = parseClock(clock[1]);
      continue;
    }
    if (turns.length === 0 && (/^#{1,6}\s/.test(line) || isMetaLine(line))) continue; // header above the speech
    if (open) appendText(open, line);
    else {
      open = newTurn('Unknown', line);
      turns.push(open);
    }
  }
  return turns.filter((t) => t.text !== '');
}

export function detectFormat(conversation: string): 'transcript-bold' | 'transcript-bracket' | 'transcript-plain' {
  let bold = 0;
  let bracket = 0;
  for (const raw of conversation.split('\n')) {
    const line = raw.trim();
    if (BRACKET_LINE.test(line)) bracket++;
    else if (boldSpeaker(line) || TIMESTAMP_LINE.test(line)) bold++;
  }
  if (bracket === 0 && bold === 0) return 'transcript-plain';
  return bracket >= bold ? 'transcript-bracket' : 'transcript-bold';
}

function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);
}

/** Word overlap of two turns: every word counts, since an echoed turn repeats the filler words too. */
function sameWords(a: string, b: string): number {
  return jaccard(tokens(a), tokens(b));
}

const DUPLICATE_JACCARD = 0.8;
const DUPLICATE_WINDOW_S = 5;

/**
 * The mic and system channels can transcribe one utterance twice under two names, one after the other. A turn
 * that repeats the previous one (same text, or token Jaccard >= 0.8, starts within 5 s; untimed turns only when
 * identical and at least five words) is dropped; of the two, the one with a real speaker is kept (the first when
 * both or neither are real). Two people (two names, or two diarized speakers) who say much the same thing in turn
 * ("Yes, I agree, we ship Friday") are two turns: between them only a long, nearly word-for-word repeat (20 words,
 * Jaccard >= 0.85) is an echo of two channels that were given two names.
 */
export function collapseChannelDuplicates(turns: Turn[]): { turns: Turn[]; removed: number } {
  const kept: Turn[] = [];
  let removed = 0;
  for (const turn of turns) {
    const prev = kept[kept.length - 1];
    if (prev && turn.text.trim() !== '' && isChannelRepeat(prev, turn)) {
      removed++;
      if (prev.generic && !turn.generic) kept[kept.length - 1] = turn;
      continue;
    }
    kept.push(turn);
  }
  return { turns: kept, removed };
}

/** A diarization label (`Speaker 2`, `SPEAKER_01`): one person, a different one from every other such label. */
const DIARIZED = /^(?:speaker|spk|participant|person|guest)[\s_-]*\d+$/i;
/** Two people are never one utterance unless both said this much, nearly word for word (a mislabelled channel). */
const ECHO_MIN_WORDS = 20;
const ECHO_JACCARD_PEOPLE = 0.85;

/** Two different people (two names, or two diarized speakers): not one channel, whatever their labels. */
function twoPeople(prev: Turn, turn: Turn): boolean {
  const a = prev.speaker.replace(/\s+/g, ' ').trim().toLowerCase();
  const b = turn.speaker.replace(/\s+/g, ' ').trim().toLowerCase();
  if (a === b) return false;
  if (!prev.generic && !turn.generic) return true;
  return DIARIZED.test(a) && DIARIZED.test(b);
}

function isChannelRepeat(prev: Turn, turn: Turn): boolean {
  if (twoPeople(prev, turn)) {
    // "Yes, I agree" from four people in ten seconds is four turns; a long paragraph twice is a channel echo
    // whose two channels were given two names.
    const words = (t: Turn) => t.text.match(/\S+/g)?.length ?? 0;
    if (words(prev) < ECHO_MIN_WORDS || words(turn) < ECHO_MIN_WORDS) return false;
    if (prev.start === undefined || turn.start === undefined) return prev.text === turn.text;
    return (
      Math.abs(prev.start - turn.start) <= DUPLICATE_WINDOW_S && sameWords(prev.text, turn.text) >= ECHO_JACCARD_PEOPLE
    );
  }
  if (prev.start === undefined || turn.start === undefined) {
    // Without times two people may well both say "Yeah."; only a long identical utterance is surely a repeat.
    return prev.text === turn.text && (turn.text.match(/\S+/g)?.length ?? 0) >= 5;
  }
  if (Math.abs(prev.start - turn.start) > DUPLICATE_WINDOW_S) return false;
  return prev.text === turn.text || sameWords(prev.text, turn.text) >= DUPLICATE_JACCARD;
}

/** Filler words of speech; dense in transcripts, rare in written notes and mail. */
const SPOKEN =
  /\b(?:yeah|okay|um+|uh+|hmm+|gonna|wanna|you know|i mean|i think|kind of|sort of|right\?|let's|we're|i'm|you're)\b/gi;

function looksSpoken(text: string, minRate: number): boolean {
  const words = text.match(/\S+/g)?.length ?? 0;
  if (words < 150) return false;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const structured = lines.filter((l) => /^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|)/.test(l)).length;
  if (structured / lines.length > 0.2) return false;
  const spoken = text.match(SPOKEN)?.length ?? 0;
  return spoken / words >= minRate;
}

export function looksLikeTranscript(text: string, file: string): boolean {
  if (EMAIL_BLOCK.test(text)) return false;
  if (/^WEBVTT\b/.test(text.trimStart()) || /^\d{1,2}:\d{2}:\d{2}[.,]\d{3} --> \d/m.test(text)) return true;
  const { prior, conversation } = splitPriorSummary(text);
  const body = splitNote(text).body;
  if (/^#{1,3}\s+(?:original\s+)?transcript\b/im.test(body) && conversation !== '') return true;
  if (conversation === '') return false;
  const lines = conversation.split('\n').map((l) => l.trim());
  const bold = lines.filter((l) => boldSpeaker(l)).length;
  const stamps = lines.filter((l) => TIMESTAMP_LINE.test(l)).length;
  const brackets = lines.filter((l) => BRACKET_LINE.test(l)).length;
  const content = lines.filter((l) => l !== '').length;
  if (stamps >= 2 || brackets >= 1) return true;
  if (bold >= 2 && (stamps >= 1 || bold / content >= 0.3)) return true;
  if (isNameColonDiarized(lines) || (bold === 0 && brackets === 0 && isNameLineDiarized(lines))) return true;
  if (prior !== null) return false;
  // A MacWhisper-style name (date and time, or a recorder default title) makes speech the likelier reading.
  const name = parseSourceFileName(file);
  const recorderName = name.time !== null || (name.placeholder && name.title !== '');
  return looksSpoken(conversation, recorderName ? 0.01 : 0.02);
}

function headingTitle(h1: string): { title: string; date: string | null } {
  const s = h1.trim();
  if (/^\d{4}-?\d{2}/.test(s)) {
    const parsed = parseSourceFileName(s.replace(/[\\/]/g, ' '));
    return { title: parsed.placeholder ? '' : parsed.title, date: parsed.date };
  }
  const dated = /^(.*?)\s*[—–-]\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(s);
  if (dated) return { title: (dated[1] ?? '').trim(), date: dated[2] ?? null };
  const only = /^\d{4}-\d{2}-\d{2}$/.test(s);
  return { title: only || isPlaceholderTitle(s) ? '' : s, date: only ? s : null };
}

/** First sentence of the prior summary's `## Summary`, cut at a word boundary near 80 characters. */
function summaryTitle(priorText: string): string {
  const m = /^##\s+summary\s*\n+([\s\S]*?)(?:\n#{1,6}\s|$)/im.exec(priorText);
  const para = m?.[1]?.trim().split('\n')[0]?.trim();
  if (!para) return '';
  const sentence = (/^(.+?[.!?])(?:\s|$)/.exec(para)?.[1] ?? para).replace(/[.!?]$/, '');
  if (sentence.length <= 80) return sentence;
  const cut = sentence.lastIndexOf(' ', 80);
  let short = sentence.slice(0, cut > 20 ? cut : 80);
  // Never leave a parenthesis open: drop the unfinished aside instead.
  const open = short.lastIndexOf('(');
  if (open > 20 && short.indexOf(')', open) < 0) short = short.slice(0, open);
  return short.replace(/[\s,;:(-]+$/, '');
}

const PARTICIPANTS_LINE = /^\*\*(?:participants|attendees)\s*:?\s*\*\*\s*:?\s*(.+)$/im;
const DATE_LINE = /^\*\*date\s*:?\s*\*\*\s*:?\s*(\d{4}-\d{2}-\d{2})/im;

/** `# 1:1 — Rob Benoit — 2025-10-31`, `# 1:1 with Rob Benoit`: the other person of a one-on-one. */
export function oneOnOneWith(h1: string | null): string | null {
  const m = /^1\s*:\s*1\s*(?:[—–-]|with\b)\s*(.+?)(?:\s*[—–-]\s*\d{4}-\d{2}-\d{2})?\s*$/i.exec(h1?.trim() ?? '');
  return m?.[1]?.trim() || null;
}

/**
 * The heading of a one-on-one is written for that meeting; the frontmatter's people are links an earlier tool made.
 * A counterpart named in full there replaces a listed person with the same given name and another family name
 * (`1:1 — Rob Benoit` over the entity `Rob Banga`); a partial one (`1:1 — Karl V`) or one spelled differently but
 * sounding the same leaves the list as it is.
 */
function withCounterpart(
  listed: { name: string; email?: string }[],
  counterpart: string | null,
): { name: string; email?: string }[] {
  const words = counterpart?.split(/\s+/) ?? [];
  const full = words.length >= 2 && words.every((w) => /^[\p{Lu}][\p{L}'’–-]+$/u.test(w));
  if (!counterpart || !full) return listed;
  const given = words[0]?.toLowerCase();
  const family = soundKey(words.slice(1).join(''));
  const same = (p: { name: string }) => {
    const [first, ...rest] = p.name.toLowerCase().split(/\s+/);
    return first === given && rest.length > 0 && soundKey(rest.join('')) === family;
  };
  // The same person spelled another way (`1:1 — Eyal Tritel`, entity `Eyal Traitel`): the list's spelling stays.
  if (listed.some(same)) return listed;
  const kept = listed.filter((p) => p.name.toLowerCase().split(/\s+/)[0] !== given);
  kept.push({ name: counterpart });
  return kept;
}

export function parseTranscript(text: string, file: string, _mtime: Date): SourceEnvelope {
  const fm = readFrontmatter(text);
  const body = splitNote(text).body;
  const name = parseSourceFileName(file);
  const warnings = [...name.warnings];
  const { prior, conversation } = splitPriorSummary(text);

  // People named in the header: attendees, and the names the glued-speaker rule may meet.
  const listed = [
    ...(PARTICIPANTS_LINE.exec(prior?.text ?? body)?.[1]?.split(/[,;]/) ?? [])
      .map((s) => parsePerson(s))
      .filter((p): p is { name: string; email?: string } => p !== null),
    ...frontmatterPeople(fm),
  ];
  const attendees = withCounterpart(listed, oneOnOneWith(firstHeading(body)));
  const owners = (prior?.tasks ?? []).map((t) => t.owner).filter((o): o is string => !!o && !isGenericSpeaker(o));
  const knownNames = [...new Set([...attendees.map((p) => p.name), ...owners])].filter((n) => !n.includes('@'));

  let format: SourceFormat = detectFormat(conversation);
  let turns: Turn[];
  const lines = conversation.split('\n');
  const boldTurns = lines.filter((l) => boldSpeaker(l.trim())).length;
  if (format !== 'transcript-bracket' && boldTurns === 0 && isNameLineDiarized(lines)) {
    format = 'transcript-plain';
    turns = parseNameLines(conversation);
  } else if (format === 'transcript-bracket') turns = parseBracket(conversation, knownNames);
  else if (format === 'transcript-bold') turns = parseBold(conversation);
  else if (isNameColonDiarized(conversation.split('\n'))) turns = parseNameColon(conversation);
  else turns = chunkPlain(conversation);
  if (turns.length === 0 && conversation.trim() !== '') {
    format = 'transcript-plain';
    turns = chunkPlain(conversation);
  }

  const collapsed = collapseChannelDuplicates(turns);
  turns = collapsed.turns;
  if (collapsed.removed > 0) {
    warnings.push(`collapsed ${collapsed.removed} duplicate utterance(s) from a second audio channel`);
  }
  const genericTurns = turns.filter((t) => t.generic).length;
  if (turns.length > 0 && genericTurns === turns.length) {
    warnings.push('no speaker is identified (undiarized or generic labels only)');
  }

  const participants: Participant[] = [];
  for (const t of turns) if (!t.generic) addParticipant(participants, { name: t.speaker }, 'speaker');
  for (const p of attendees) addParticipant(participants, p, 'attendee');

  // Date: from the content, else the file name; never the file time or the processing day.
  const h1 = firstHeading(body);
  const heading = h1 ? headingTitle(h1) : null;
  let date: string | null = null;
  let date_source: SourceEnvelope['date_source'] = 'none';
  const fmDate = frontmatterDate(fm.date);
  const lineDate = DATE_LINE.exec(prior?.text ?? body)?.[1] ?? null;
  if (fmDate) {
    date = fmDate;
    date_source = 'frontmatter';
  } else if (lineDate || heading?.date) {
    date = lineDate ?? heading?.date ?? null;
    date_source = 'content';
  } else if (name.date) {
    date = name.date;
    date_source = 'filename';
  } else {
    warnings.push('no meeting date in the transcript or its file name: date left empty (#needs-date)');
  }

  let title = (typeof fm.title === 'string' && fm.title.trim()) || heading?.title || '';
  if (!title && !name.placeholder) title = repairCutTitle(name.title, text);
  if (!title && prior) title = summaryTitle(prior.text);
  if (!title) title = date ? `Meeting ${date}` : 'Untitled transcript';
  if (name.placeholder && name.title !== '') {
    warnings.push(
      `file-name title "${name.title}" is a recorder/app default: title taken from the content ("${title}")`,
    );
  }

  return transcriptSource(text, {
    format,
    path: file,
    title,
    date,
    date_source,
    participants,
    turns,
    prior_summary: prior,
    warnings,
  });
}

type TranscriptFields = Pick<
  SourceEnvelope,
  'format' | 'path' | 'title' | 'date' | 'date_source' | 'participants' | 'turns' | 'prior_summary' | 'warnings'
>;

/**
 * The envelope of any transcript adapter. Its `text` is the turns as `Speaker: text` lines, so grounding and the
 * LLM see one form whatever the file looked like; the id hashes the raw file text, so a re-export is recognised.
 */
export function transcriptSource(raw: string, fields: TranscriptFields): SourceEnvelope {
  return {
    source_id: sourceIdOf(raw),
    kind: 'transcript',
    messages: [],
    ...fields,
    text: fields.turns.map((t) => `${t.speaker}: ${t.text}`).join('\n'),
  };
}
