import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IngestError } from './envelope.ts';
import { normaliseNewlines, sourceIdOf } from './normalise.ts';
import { cueSpeaker, decodeEntities, parseSubtitles } from './subtitles.ts';

const sample = (name: string) =>
  normaliseNewlines(readFileSync(new URL(`../../test/fixtures/transcripts/${name}`, import.meta.url), 'utf8'));
const MTIME = new Date('2026-11-23T09:00:00Z');

describe('parseSubtitles', () => {
  it('reads a Teams-style VTT: voice tags, merged cues, entities, cue settings and non-numeric ids', () => {
    const file = 'Inbox/2025-11-14 10 00 - Azure Sync.vtt';
    const text = sample('2025-11-14 10 00 - Azure Sync.vtt');
    const env = parseSubtitles(text, file, 'vtt', MTIME);
    expect(env).toMatchObject({
      kind: 'transcript',
      format: 'vtt',
      title: 'Azure Sync',
      date: '2025-11-14',
      date_source: 'filename',
    });
    expect(env.turns).toEqual([
      {
        speaker: 'Jeff Denworth',
        generic: false,
        start: 1.2,
        text: 'Morning. Did the marketplace SKU change go in? Microsoft wants it before the 20th.',
      },
      {
        speaker: 'Jason Vallery',
        generic: false,
        start: 8.4,
        text: "Not yet. Terms & conditions are with legal; I'll send it by Friday.",
      },
      { speaker: 'Speaker 2', generic: true, start: 13.6, text: 'Is the price < 10 cents a gigabyte?' },
      { speaker: 'Jeff Denworth', generic: false, start: 16.4, text: "Close to that. Let's confirm Monday." },
    ]);
    expect(env.participants).toEqual([
      { name: 'Jeff Denworth', roles: ['speaker'] },
      { name: 'Jason Vallery', roles: ['speaker'] },
    ]);
    expect(env.text.split('\n')[1]).toBe(
      "Jason Vallery: Not yet. Terms & conditions are with legal; I'll send it by Friday.",
    );
    expect(env.source_id).toBe(sourceIdOf(text));
  });

  it('reads a Zoom-style SRT: `Name:` prefixes, multi-line cues, device labels; no date means none', () => {
    const env = parseSubtitles(sample('Zoom Meeting.srt'), 'Zoom Meeting.srt', 'srt', MTIME);
    expect(env.turns.map((t) => [t.speaker, t.generic, t.start, t.text])).toEqual([
      ['Lior Genzel', false, 0.5, 'Hey Jason, can you hear me?'],
      [
        'Jason Vallery',
        false,
        3.4,
        'Loud and clear. Give me a second to share. OK, this is the GDC sizing sheet & the pricing tab.',
      ],
      ['zoom.us', true, 9.4, 'Recording in progress.'],
      ['Unknown', true, 12.5, 'Note: the sizing assumes 400 TB usable.'],
    ]);
    expect(env.participants.map((p) => p.name)).toEqual(['Lior Genzel', 'Jason Vallery']);
    // the file time is never a transcript date, and "Zoom Meeting" is no title
    expect(env.date).toBeNull();
    expect(env.date_source).toBe('none');
    expect(env.title).toBe('Untitled transcript');
    expect(env.warnings).toHaveLength(2);
  });

  it('refuses a caption file without cues, naming the file', () => {
    expect(() => parseSubtitles('WEBVTT\n\n', 'empty.vtt', 'vtt', MTIME)).toThrow(IngestError);
    expect(() => parseSubtitles('just some words', 'notes.srt', 'srt', MTIME)).toThrow(/^notes\.srt: /);
  });
});

describe('cue helpers', () => {
  it('decodes the entities captions use', () => {
    expect(decodeEntities('R&amp;D &lt;b&gt; &quot;x&quot; &#39;y&#39; &#x2014; &bogus;')).toBe(
      'R&D <b> "x" \'y\' — &bogus;',
    );
  });

  it('takes the speaker from a voice tag (with classes) before any prefix', () => {
    expect(cueSpeaker('<v.first.loud Lior Genzel>Hi: there</v>')).toEqual({
      speaker: 'Lior Genzel',
      text: 'Hi: there',
    });
    expect(cueSpeaker('Speaker 3: Go ahead.')).toEqual({ speaker: 'Speaker 3', text: 'Go ahead.' });
    expect(cueSpeaker('Question: who owns this?')).toEqual({ speaker: null, text: 'Question: who owns this?' });
    expect(cueSpeaker('<c.yellow>plain</c> caption')).toEqual({ speaker: null, text: 'plain caption' });
  });
});

describe('properties', () => {
  it('either reads captions or refuses them with an IngestError naming the file, never anything else', () => {
    const cue = fc.tuple(fc.nat(5000), fc.nat(5000), fc.string({ maxLength: 60 })).map(([a, b, t]) => {
      const ts = (ms: number) =>
        `00:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}:00.${String(ms % 1000).padStart(3, '0')}`;
      return `${ts(a)} --> ${ts(b)}\n${t}\n`;
    });
    const text = fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.array(cue, { maxLength: 10 }).map((cues) => `WEBVTT\n\n${cues.join('\n')}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        try {
          const env = parseSubtitles(t, 'x.vtt', 'vtt', MTIME);
          expect(env.turns.length).toBeGreaterThan(0);
          expect(env.turns.every((turn) => turn.text !== '')).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(IngestError);
          expect((e as Error).message.startsWith('x.vtt: ')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
