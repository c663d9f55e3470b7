/**
 * WebVTT and SRT captions (Teams, Zoom, Meet exports) as transcripts. `readCues` gives the cues (tolerant of
 * damaged timing lines, which used to fail the whole file); the speaker (`<v Jeff Denworth>…</v>` or a `Jeff Denworth:`
 * prefix) is read here and `&amp; &lt; &gt;` are decoded. Consecutive cues of one speaker become one turn.
 */
import { addParticipant } from './document.ts';
import { IngestError, type Participant, type SourceEnvelope, type Turn } from './envelope.ts';
import { parseSourceFileName, repairCutTitle } from './filename.ts';
import { isGenericSpeaker } from './generic-labels.ts';
import { transcriptSource } from './transcript.ts';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lrm: '',
  rlm: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** A `Name:` prefix counts as a speaker only when it looks like a name or a diarization label, not `Note: …`. */
const NAME_PREFIX =
  /^((?:[A-Z][\p{L}'’.-]*)(?: [A-Z][\p{L}'’.-]*){0,3}|Speaker \d+|SPEAKER_\d+|[\w.-]+@[\w.-]+):\s+([\s\S]*)$/u;
const NOT_NAMES = /^(?:note|notes|question|answer|q|a|warning|update|re|fw|fwd|subject|ps|edit|summary|action)$/i;

/** Speaker and plain text of one cue. */
export function cueSpeaker(raw: string): { speaker: string | null; text: string } {
  let speaker: string | null = null;
  const voice = /<v(?:\.[\w.-]+)*\s+([^>]+)>/i.exec(raw);
  if (voice?.[1]) speaker = decodeEntities(voice[1]).trim();
  let text = decodeEntities(raw.replace(/<\/?[a-z][^>]*>/gi, '').replace(/<\d{1,2}:\d{2}[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!speaker) {
    const m = NAME_PREFIX.exec(text);
    const device = /^([^:\s][^:]{0,38}):\s+([\s\S]*)$/.exec(text);
    if (m?.[1] && !NOT_NAMES.test(m[1])) {
      speaker = m[1].trim();
      text = (m[2] ?? '').trim();
    } else if (device?.[1] && isGenericSpeaker(device[1]) && /\p{L}/u.test(device[1])) {
      speaker = device[1].trim();
      text = (device[2] ?? '').trim();
    }
  }
  return { speaker, text };
}

/** A cue timing line: `00:00:01.000 --> 00:00:04.000` (VTT, hours optional, settings after) or `… ,000` (SRT). */
const TIMING =
  /^\s*((?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)(?:\s.*)?$/;

function millis(stamp: string): number {
  const [clock, frac = ''] = stamp.split(/[.,]/);
  const parts = (clock ?? '').split(':').map(Number);
  const seconds = parts.reduce((acc, n) => acc * 60 + n, 0);
  return seconds * 1000 + Number(frac.padEnd(3, '0').slice(0, 3));
}

export interface Cue {
  from: number;
  to: number;
  text: string;
}

/**
 * The cues of a VTT or SRT file. Tolerant where captions are damaged: a block whose timing line has no times (an
 * arrow in speech, a cut line) keeps its text, timed where the cue before it ended, instead of failing the file.
 * Header, NOTE, STYLE and REGION blocks and cue ids are skipped.
 */
export function readCues(text: string): { cues: Cue[]; untimed: number } {
  const cues: Cue[] = [];
  let untimed = 0;
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const [i, block] of blocks.entries()) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const head = lines[0]?.trim() ?? '';
    const timed = lines.some((l) => TIMING.test(l));
    if (!timed && (/^(?:WEBVTT|NOTE|STYLE|REGION)\b/.test(head) || (i === 0 && /^\uFEFF?WEBVTT/.test(head)))) continue;
    if (!timed) {
      // No usable timing line: drop a damaged one (an arrow without times) and an id, keep the words.
      const speech = (l: string) => /\p{L}{2,}.*-->|-->.*\p{L}{2,}/u.test(l);
      const rest = lines.filter((l, k) => !(k === 0 && /^\d+$/.test(l.trim())) && !(l.includes('-->') && !speech(l)));
      if (rest.length === 0) continue;
      const at = cues.at(-1)?.to ?? 0;
      cues.push({ from: at, to: at, text: rest.join('\n') });
      untimed++;
      continue;
    }
    let current: Cue | null = null;
    for (const line of lines) {
      const m = TIMING.exec(line);
      if (m) {
        if (current?.text) cues.push(current);
        current = { from: millis(m[1] as string), to: millis(m[2] as string), text: '' };
      } else if (current) {
        current.text = current.text ? `${current.text}\n${line}` : line;
      }
    }
    if (current?.text) cues.push(current);
  }
  // Text with no timing line at all is not captions.
  if (untimed === cues.length) return { cues: [], untimed: 0 };
  return { cues, untimed };
}

export function parseSubtitles(text: string, file: string, format: 'vtt' | 'srt', _mtime: Date): SourceEnvelope {
  const { cues: entries, untimed } = readCues(text);
  const turns: Turn[] = [];
  for (const entry of entries) {
    const cue = cueSpeaker(entry.text);
    if (cue.text === '') continue;
    const speaker = cue.speaker ?? 'Unknown';
    const last = turns[turns.length - 1];
    if (last && last.speaker === speaker) {
      last.text = `${last.text} ${cue.text}`;
      continue;
    }
    turns.push({ speaker, generic: isGenericSpeaker(speaker), start: Math.round(entry.from) / 1000, text: cue.text });
  }
  if (turns.length === 0) throw new IngestError(file, `no ${format.toUpperCase()} cues with text found`);

  const name = parseSourceFileName(file);
  const warnings = [...name.warnings];
  if (untimed)
    warnings.push(
      `${untimed} caption block${untimed === 1 ? '' : 's'} without a readable timing line kept as text at the previous cue's time`,
    );
  const participants: Participant[] = [];
  for (const t of turns) if (!t.generic) addParticipant(participants, { name: t.speaker }, 'speaker');
  if (turns.every((t) => t.generic)) warnings.push('no speaker is identified in the captions');

  // Captions carry no date: the file name is the only honest source (never the file time).
  const date = name.date;
  if (!date) warnings.push('no meeting date in the file name: date left empty (#needs-date)');
  let title = name.placeholder ? '' : repairCutTitle(name.title);
  if (name.placeholder && name.title !== '') {
    warnings.push(`file-name title "${name.title}" is a recorder/app default`);
  }
  if (!title) title = date ? `Meeting ${date}` : 'Untitled transcript';

  return transcriptSource(text, {
    format,
    path: file,
    title,
    date,
    date_source: date ? 'filename' : 'none',
    participants,
    turns,
    prior_summary: null,
    warnings,
  });
}
