/**
 * WebVTT and SRT captions (Teams, Zoom, Meet exports) as transcripts. `@plussub/srt-vtt-parser` gives the cues;
 * it leaves voice tags and entities in the text, so the speaker (`<v Jeff Denworth>…</v>` or a `Jeff Denworth:`
 * prefix) is read here and `&amp; &lt; &gt;` are decoded. Consecutive cues of one speaker become one turn.
 */
import { parse } from '@plussub/srt-vtt-parser';
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

export function parseSubtitles(text: string, file: string, format: 'vtt' | 'srt', _mtime: Date): SourceEnvelope {
  let entries: { from: number; to: number; text: string }[];
  try {
    entries = parse(text).entries;
  } catch (e) {
    throw new IngestError(file, `unreadable ${format.toUpperCase()} captions: ${(e as Error).message}`);
  }
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
