import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from './document.ts';
import type { SourceEnvelope, Turn } from './envelope.ts';
import { isGenericSpeaker } from './generic-labels.ts';
import { normaliseNewlines, sourceIdOf } from './normalise.ts';
import { splitPriorSummary } from './prior-summary.ts';
import {
  chunkPlain,
  collapseChannelDuplicates,
  looksLikeTranscript,
  parseClock,
  parseTranscript,
  splitGluedSpeaker,
} from './transcript.ts';

const fixtures = new URL('../../test/fixtures/', import.meta.url);
const fixture = (id: string) => normaliseNewlines(readFileSync(new URL(`sources/${id}/source.md`, fixtures), 'utf8'));
const MTIME = new Date('2026-11-23T09:00:00Z'); // a processing-day time: must never become a transcript's date

const parse = (id: string, file = `sources/${id}/source.md`) => parseTranscript(fixture(id), file, MTIME);
const realSpeakers = (env: SourceEnvelope) => [...new Set(env.turns.filter((t) => !t.generic).map((t) => t.speaker))];

describe('transcript fixtures', () => {
  it.each([
    // id, format, real speakers in order of first appearance, turns, first start (s)
    ['t-00000000-f954dc', 'transcript-bold', ['Lior Genzel', 'Jason Vallery'], 248, 16],
    ['t-20251215-d01b6d', 'transcript-bold', ['Jason Vallery', 'Lior Genzel'], 298, 1],
    ['t-20251029-f771b5', 'transcript-bracket', ['Jason Vallery'], 40, 0.05],
    ['t-20251028-e32eb8', 'transcript-bracket', [], 1, 0.05],
    ['t-20251219-287822', 'transcript-plain', [], 25, undefined],
  ] as const)('%s: %s, speakers %j, %i turns, first at %s s', (id, format, speakers, count, firstStart) => {
    const text = fixture(id);
    expect(looksLikeTranscript(text, `sources/${id}/source.md`)).toBe(true);
    const env = parse(id);
    expect(env.kind).toBe('transcript');
    expect(env.format).toBe(format);
    expect(realSpeakers(env)).toEqual(speakers);
    expect(env.turns).toHaveLength(count);
    expect(env.turns[0]?.start).toBe(firstStart);
    expect(env.participants.filter((p) => isGenericSpeaker(p.name))).toEqual([]);
    expect(env.turns.every((t) => t.generic === isGenericSpeaker(t.speaker))).toBe(true);
    expect(env.source_id).toBe(sourceIdOf(text));
    expect(env.text.split('\n')).toHaveLength(count);
    expect(env.text.split('\n')[0]).toBe(`${env.turns[0]?.speaker}: ${env.turns[0]?.text}`);
  });

  it('t-00000000-f954dc: text before the first speaker is an Unknown turn; no date inside, so the name decides', () => {
    const env = parse('t-00000000-f954dc');
    expect(env.turns[0]).toEqual({ speaker: 'Unknown', generic: true, start: 16, text: 'Thank you.' });
    expect(env.turns[1]).toEqual({
      speaker: 'Lior Genzel',
      generic: false,
      start: 48,
      text: "Hey, Ironman, what's up?",
    });
    expect(env.date).toBeNull();
    expect(env.date_source).toBe('none');
    expect(env.warnings.join('\n')).toContain('no meeting date');

    const named = parse('t-00000000-f954dc', 'Inbox/Transcripts/2025-12-15 14 59 - Jason Lior Weekly Call.md');
    expect(named.date).toBe('2025-12-15');
    expect(named.date_source).toBe('filename');
    expect(named.title).toBe('Jason Lior Weekly Call');
    expect(named.participants).toEqual([
      { name: 'Lior Genzel', roles: ['speaker'] },
      { name: 'Jason Vallery', roles: ['speaker'] },
    ]);
  });

  it('t-20251215-d01b6d: collapses the 19 utterances the second channel repeated, keeping the named speaker', () => {
    const env = parse('t-20251215-d01b6d', '2025-12-15 16 10 - Google GDC RFP.md');
    expect(env.warnings).toContain('collapsed 19 duplicate utterance(s) from a second audio channel');
    // `**Speaker 1**: No way, David…` and `**Jason Vallery**: No way, Stephen…` at 00:01: one turn, the named one
    expect(env.turns[0]?.speaker).toBe('Jason Vallery');
    expect(env.turns[0]?.text.startsWith('No way, Stephen.')).toBe(true);
    expect(env.turns[1]?.text.startsWith('So now you know something')).toBe(true);
    expect(env.title).toBe('Google GDC RFP');
    expect(env.date).toBe('2025-12-15');
    const generic = [...new Set(env.turns.filter((t) => t.generic).map((t) => t.speaker))].sort();
    expect(generic).toEqual(['Speaker 1', 'Speaker 3', 'Speaker 4', 'Speaker 5', 'Speaker 7']);
    expect(env.participants.map((p) => p.name)).toEqual(['Jason Vallery', 'Lior Genzel']);
  });

  it('t-20251029-f771b5: splits glued speakers, keeps the summary apart, dates from frontmatter', () => {
    const env = parse('t-20251029-f771b5');
    expect(env.turns[0]).toMatchObject({ speaker: 'Jason Vallery', start: 0.05 });
    expect(env.turns[0]?.text.startsWith("It's kind of good just making the tour")).toBe(true);
    expect(env.turns[1]).toMatchObject({ speaker: 'Remote', generic: true, start: 30.93 });
    expect(env.turns[1]?.text.startsWith('Yeah. Yeah, no')).toBe(true);
    // lower case after the name: `Jason Valleryso y'all…`, `Remoteis like.`
    expect(env.turns.find((t) => t.start === 1175.93)).toMatchObject({ speaker: 'Jason Vallery' });
    expect(env.turns.find((t) => t.start === 1175.93)?.text.startsWith("so y'all mentioned")).toBe(true);
    expect(env.turns.find((t) => t.start === 1171.67)).toMatchObject({
      speaker: 'Remote',
      text: expect.stringMatching(/^is like\. Who/),
    });
    expect(env.turns.find((t) => t.start === 58.94)?.text.startsWith('- I met LaRoz')).toBe(true);
    expect(env.date).toBe('2025-10-29');
    expect(env.date_source).toBe('frontmatter');
    expect(env.title).toBe('1:1 — Tomer');
    expect(env.participants).toEqual([
      { name: 'Jason Vallery', roles: ['speaker'] },
      { name: 'Tomer Hagay', roles: ['attendee'] },
    ]);
    expect(env.prior_summary?.tasks).toHaveLength(10);
    expect(env.prior_summary?.tasks.every((t) => t.done)).toBe(true);
    expect(env.text).not.toContain('## Summary');
    expect(env.text).not.toContain('Jason ValleryIt');
  });

  it('t-20251028-e32eb8: the glued generic label, e-mail-only attendees, and a title when the H1 is an app default', () => {
    const env = parse('t-20251028-e32eb8', 'Inbox/20251028 1008 Parallels Transcription.md');
    expect(env.turns[0]).toMatchObject({ speaker: 'Remote', generic: true });
    expect(env.turns[0]?.text.startsWith("But if you let's say in a virtual machine")).toBe(true);
    expect(env.turns[0]?.text.endsWith('Thank you very much.')).toBe(true);
    expect(env.participants).toHaveLength(20);
    expect(env.participants.every((p) => p.roles.join() === 'attendee')).toBe(true);
    expect(env.participants).toContainEqual({
      name: 'bengit@google.com',
      email: 'bengit@google.com',
      roles: ['attendee'],
    });
    expect(env.participants).toContainEqual({ name: 'Jonsi Stefansson', roles: ['attendee'] });
    expect(env.prior_summary?.tasks.filter((t) => t.done)).toHaveLength(12);
    expect(env.date).toBe('2025-10-28');
    expect(env.title).toBe('The teams discussed IP management and failover approaches on GCP');
    expect(env.warnings.join('\n')).toContain('"Parallels Transcription" is a recorder/app default');
  });

  it('t-20251219-287822: one 39 KB line becomes sentence-aligned Unknown turns and loses nothing', () => {
    const text = fixture('t-20251219-287822');
    expect(text.includes('\n')).toBe(false);
    const env = parse('t-20251219-287822', 'Inbox/2025-12-19 09:50 - New Recording.md');
    expect(env.turns.every((t) => t.speaker === 'Unknown' && t.generic && t.start === undefined)).toBe(true);
    expect(env.turns.every((t) => t.text.length >= 1000 && t.text.length <= 2200)).toBe(true);
    expect(env.turns.slice(0, -1).every((t) => /[.!?]$/.test(t.text))).toBe(true);
    expect(env.turns.map((t) => t.text).join(' ')).toBe(text.trim().replace(/\s+/g, ' '));
    expect(env.participants).toEqual([]);
    expect(env.date).toBe('2025-12-19');
    expect(env.title).toBe('Meeting 2025-12-19');
    expect(env.warnings.join('\n')).toContain('"New Recording" is a recorder/app default');
  });

  it('never dates a transcript by its file time', () => {
    const env = parseTranscript(
      '**Jeff Denworth**: Hi.\n*00:01*\n**Jason Vallery**: Hello.\n*00:02*\n',
      'jeff-sync.md',
      MTIME,
    );
    expect(env.date).toBeNull();
    expect(env.date_source).toBe('none');
    expect(env.title).toBe('jeff sync');
  });
});

describe('hand-written samples (test/fixtures/transcripts)', () => {
  const sample = (name: string) => normaliseNewlines(readFileSync(new URL(`transcripts/${name}`, fixtures), 'utf8'));

  it('reads the documented MacWhisper form `**Speaker 1** (00:00):` with text on the next lines', () => {
    const file = '2025-12-02 09 30 - Documented MacWhisper form.md';
    const text = sample(file);
    expect(looksLikeTranscript(text, file)).toBe(true);
    const env = parseTranscript(text, file, MTIME);
    expect(env.format).toBe('transcript-bold');
    expect(env.turns).toEqual([
      { speaker: 'Speaker 1', generic: true, start: 0, text: "Thanks for joining. Let's start with the sizing sheet." },
      {
        speaker: 'Jason Vallery',
        generic: false,
        start: 7,
        text: 'Sure. The 2x1 configuration is what you asked for, and it is licensed for 400 terabytes usable.',
      },
      { speaker: 'Speaker 2', generic: true, start: 3725, text: 'Can you send the updated sheet by Thursday?' },
    ]);
    expect(env.title).toBe('GDC sizing review');
    expect(env.date).toBe('2025-12-02');
    expect(env.participants).toEqual([{ name: 'Jason Vallery', roles: ['speaker'] }]);
  });

  it('reads `[HH:MM:SS.ss] device : text` lines with a continuation line', () => {
    const file = '2025-10-30 - Device labels.md';
    const env = parseTranscript(sample(file), file, MTIME);
    expect(env.format).toBe('transcript-bracket');
    expect(env.turns.map((t) => [t.speaker, t.generic, t.start])).toEqual([
      ['zoom.us', true, 1.1],
      ['Jabra Speak 710', true, 4.52],
      ['Karl Vietmeier', false, 7],
      ['Remote', true, 12.75],
    ]);
    expect(env.turns[2]?.text).toBe('The VoC instance needs GPU nodes. the Azure lab has none today.');
    expect(env.participants).toEqual([{ name: 'Karl Vietmeier', roles: ['speaker'] }]);
  });

  it('reads plain `Name: text` lines as diarized turns', () => {
    const file = '2025-09-16 - Name colon lines.txt';
    const text = sample(file);
    expect(looksLikeTranscript(text, file)).toBe(true);
    const env = parseTranscript(text, file, MTIME);
    expect(env.turns.map((t) => t.speaker)).toEqual(['Lior Genzel', 'Jason Vallery', 'Lior Genzel', 'Jason Vallery']);
    expect(env.turns[2]?.text).toBe(
      'Good. Kushal asked for a call with Alon next week. He wants the first introduction to VAST.',
    );
    expect(env.title).toBe('Name colon lines');
  });
});

describe('one-on-one headings', () => {
  const oneOnOne = (h1: string, entity: string) =>
    parseTranscript(
      `---\nentities:\n  people:\n  - '[[${entity}]]'\ntype: transcript\n---\n\n# ${h1}\n\n\`\`\`text\n[00:00:00.05]  Jason ValleryHey, how are you?\n[00:00:03.00]   RemoteGood, thanks.\n\`\`\`\n`,
      'source.md',
      MTIME,
    ).participants.map((p) => p.name);

  it('takes the counterpart the heading names in full over a frontmatter link with another family name', () => {
    // t-20251031-b2f1b1
    expect(oneOnOne('1:1 — Rob Benoit — 2025-10-31', 'Rob Banga')).toEqual(['Jason Vallery', 'Rob Benoit']);
  });

  it('keeps the frontmatter spelling when the heading is partial or only spelled differently', () => {
    // t-20251029-889bcf ("Eyal Tritel" / "Eyal Traitel"), t-20251031-88196c ("Karl V")
    expect(oneOnOne('1:1 — Eyal Tritel — 2025-10-29', 'Eyal Traitel')).toEqual(['Jason Vallery', 'Eyal Traitel']);
    expect(oneOnOne('1:1 — Karl V — 2025-10-31', 'Karl Vietmeier')).toEqual(['Jason Vallery', 'Karl Vietmeier']);
  });
});

describe('glued speakers', () => {
  it('t-20251031-88196c: a lower-case word glued to a known name does not make a new speaker', () => {
    const text = [
      '```text',
      "[00:00:00.04]  Jason ValleryI'm on the West Coast.",
      '[00:04:18.76]   RemoteFrustrated by that for one reason because I worked at NetApp for like four years.',
      "[00:23:09.76]  Jason Vallerywe're doing where's your technical passion like where do you are you hands on keyboard",
      '```',
    ].join('\n');
    const env = parseTranscript(text, '2025-10-31 - 1-1 Karl V.md', MTIME);
    expect(env.turns.map((t) => t.speaker)).toEqual(['Jason Vallery', 'Remote', 'Jason Vallery']);
    expect(env.turns[2]?.text).toBe(
      "we're doing where's your technical passion like where do you are you hands on keyboard",
    );
  });
});

describe('speaker names on their own lines', () => {
  // The opening of t-00000000-f954dc laid out the way recorders and web players copy it: the name on its own line,
  // the speech below, the clock on a line of its own. Read as bold or plain, every name became an Unknown turn's
  // text ("Jeff Denworth Why …") and then a bogus participant.
  const macwhisper = [
    'Lior Genzel',
    "Hey, Ironman, what's up?",
    '*00:48*',
    '',
    'Jason Vallery',
    "You're...Iron Man.",
    '*00:50*',
    '',
    'Jason Vallery',
    'How much about you? How are you doing?',
    '*00:54*',
    '',
    'Lior Genzel',
    "I'm doing good.",
    '*00:57*',
    '',
    'Jason Vallery',
    'Are you back in Tel Aviv now? Yeah. Right.',
    '*00:59*',
  ].join('\n');

  it('reads name / speech / clock blocks as diarized turns', () => {
    expect(looksLikeTranscript(macwhisper, 'Jason Lior Weekly Call.md')).toBe(true);
    const env = parseTranscript(macwhisper, 'Jason Lior Weekly Call.md', MTIME);
    expect(env.turns.map((t) => [t.speaker, t.start, t.text])).toEqual([
      ['Lior Genzel', 48, "Hey, Ironman, what's up?"],
      ['Jason Vallery', 50, "You're...Iron Man."],
      ['Jason Vallery', 54, 'How much about you? How are you doing?'],
      ['Lior Genzel', 57, "I'm doing good."],
      ['Jason Vallery', 59, 'Are you back in Tel Aviv now? Yeah. Right.'],
    ]);
    expect(env.participants.map((p) => p.name)).toEqual(['Lior Genzel', 'Jason Vallery']);
  });

  it('reads `Name  0:03` (Otter) and `Last, First` + clock line (Teams, Meet) labels', () => {
    const otter =
      "Lior Genzel  0:48\nHey, Ironman, what's up?\n\nJason Vallery  0:50\nYou're...Iron Man.\n\nLior Genzel  0:57\nI'm doing good.\n\nJason Vallery  0:59\nAre you back in Tel Aviv now?";
    expect(parseTranscript(otter, 'call.txt', MTIME).turns.map((t) => [t.speaker, t.start])).toEqual([
      ['Lior Genzel', 48],
      ['Jason Vallery', 50],
      ['Lior Genzel', 57],
      ['Jason Vallery', 59],
    ]);
    const teams =
      "Genzel, Lior\n00:00:48\nHey, Ironman, what's up?\n\nVallery, Jason\n00:00:50\nYou're...Iron Man.\n\nGenzel, Lior\n00:00:57\nI'm doing good.\n\nVallery, Jason\n00:00:59\nAre you back in Tel Aviv now?";
    const env = parseTranscript(teams, 'call.txt', MTIME);
    expect(env.turns.map((t) => t.speaker)).toEqual(['Lior Genzel', 'Jason Vallery', 'Lior Genzel', 'Jason Vallery']);
    expect(env.participants.map((p) => p.name)).toEqual(['Lior Genzel', 'Jason Vallery']);
  });

  it('does not read a list of names in a note as speech', () => {
    const note =
      '# Attendees\n\nLior Genzel\nJason Vallery\nTomer Hagay\n\nWe agreed to ship the pricing sheet on Friday.';
    expect(looksLikeTranscript(note, 'note.md')).toBe(false);
  });
});

describe('looksLikeTranscript', () => {
  it('is false for the email exports, the task-list notes, the seeds and the old system notes', () => {
    const sources = readdirSync(new URL('sources/', fixtures));
    const others = sources.filter((id) => !id.startsWith('t-'));
    expect(others.length).toBeGreaterThanOrEqual(6);
    for (const id of others) expect([id, looksLikeTranscript(fixture(id), 'source.md')]).toEqual([id, false]);
    for (const id of sources) {
      for (const note of readdirSync(new URL(`sources/${id}/old-system-notes/`, fixtures))) {
        const text = normaliseNewlines(
          readFileSync(new URL(`sources/${id}/old-system-notes/${note}`, fixtures), 'utf8'),
        );
        expect([note, looksLikeTranscript(text, note)]).toEqual([note, false]);
      }
    }
    for (const seed of readdirSync(new URL('seeds/', fixtures))) {
      const text = normaliseNewlines(readFileSync(new URL(`seeds/${seed}`, fixtures), 'utf8'));
      expect([seed, looksLikeTranscript(text, seed)]).toEqual([seed, false]);
    }
  });

  it('is true for caption text and the documented MacWhisper form', () => {
    expect(looksLikeTranscript('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jeff>Hi</v>\n', 'x.md')).toBe(true);
    expect(looksLikeTranscript('1\n00:00:01,000 --> 00:00:02,000\nJeff: Hi\n', 'x.md')).toBe(true);
    expect(looksLikeTranscript('# Sync\n\n## Transcript\n\n**Speaker 1** (00:00):\nHello there.\n', 'x.md')).toBe(true);
  });

  it('is false for written prose, even long prose, and true for the undiarized recording', () => {
    const prose =
      'The pricing model for cloud private offers is capacity based. Discounts follow a published policy. '.repeat(30);
    expect(looksLikeTranscript(prose, 'Pricing principles.md')).toBe(false);
    expect(looksLikeTranscript(fixture('t-20251219-287822'), '2025-12-19 09:50 - New Recording.md')).toBe(true);
    expect(looksLikeTranscript('Yeah okay. Um, so.', '2025-12-19 09:50 - New Recording.md')).toBe(false); // too short to tell
  });

  it('n-20251001-afc765 is a document: a checklist with nothing under it is the note itself', () => {
    const text = fixture('n-20251001-afc765');
    expect(looksLikeTranscript(text, '2026-01-04 - 2025-10 - Pricing Tasks.md')).toBe(false);
    const env = parseDocument(text, '2026-01-04 - 2025-10 - Pricing Tasks.md', MTIME);
    expect(env.kind).toBe('document');
    expect(env.prior_summary).toBeNull();
    expect(env.text.match(/^- \[x\]/gm)).toHaveLength(23);
  });
});

describe('splitGluedSpeaker', () => {
  const known = ['Jason Vallery', 'Tomer', 'Ben'];
  it.each([
    ["Jason ValleryIt's kind of good", 'Jason Vallery', "It's kind of good"],
    ["Jason Valleryso y'all mentioned", 'Jason Vallery', "so y'all mentioned"],
    ['Jason Vallery- I met LaRoz', 'Jason Vallery', '- I met LaRoz'],
    ['TomerYeah, sure.', 'Tomer', 'Yeah, sure.'],
    ['RemoteYeah. Yeah, no', 'Remote', 'Yeah. Yeah, no'],
    ['Remoteis like. Who', 'Remote', 'is like. Who'],
    ['Jabra Speak 710Okay, go.', 'Jabra Speak 710', 'Okay, go.'],
    ['zoom.us : Can you see my screen?', 'zoom.us', 'Can you see my screen?'],
    ['Karl Vietmeier: GPU nodes.', 'Karl Vietmeier', 'GPU nodes.'],
    // rule 3 with no known names: two capitalised words glued to a capital
    ['Lior GenzelHey, Ironman.', 'Lior Genzel', 'Hey, Ironman.'],
    // a one-word known name never eats a longer word
    ['Benchmark numbers are in.', 'Unknown', 'Benchmark numbers are in.'],
    ['yeah so anyway', 'Unknown', 'yeah so anyway'],
    // a ` : ` or `:` inside the speech is not a separator
    ['RemoteYeah so the ratio is 3 : 1 today', 'Remote', 'Yeah so the ratio is 3 : 1 today'],
    ['Jason ValleryNote: the deck is late.', 'Jason Vallery', 'Note: the deck is late.'],
    ['Remote: fine.', 'Remote', 'fine.'],
  ])('%j -> %s + %j', (rest, speaker, text) => {
    expect(splitGluedSpeaker(rest, known)).toEqual({ speaker, text });
  });
});

describe('collapseChannelDuplicates', () => {
  const t = (speaker: string, start: number, text: string): Turn => ({
    speaker,
    generic: isGenericSpeaker(speaker),
    start,
    text,
  });

  it('drops a near-identical repeat within 5 s and keeps the named speaker', () => {
    const { turns, removed } = collapseChannelDuplicates([
      t('Speaker 1', 1, 'No way, David. All right. Who do we have on a call today?'),
      t('Jason Vallery', 1, 'No way, David. All right, who do we have on a call today?'),
      t('Lior Genzel', 30, 'Something else entirely.'),
    ]);
    expect(removed).toBe(1);
    expect(turns.map((x) => x.speaker)).toEqual(['Jason Vallery', 'Lior Genzel']);
  });

  it('keeps repeats that are far apart in time or only loosely similar', () => {
    const input = [
      t('Jason Vallery', 1, 'Yeah.'),
      t('Lior Genzel', 60, 'Yeah.'),
      t('Jason Vallery', 61, 'We should send the deck to Google on Friday.'),
      t('Lior Genzel', 62, 'We should send the pricing sheet to Microsoft on Monday.'),
    ];
    expect(collapseChannelDuplicates(input)).toEqual({ turns: input, removed: 0 });
  });

  it('without times, drops only long identical repeats', () => {
    const u = (speaker: string, text: string): Turn => ({ speaker, generic: isGenericSpeaker(speaker), text });
    const short = [u('Jason Vallery', 'Yeah.'), u('Lior Genzel', 'Yeah.')];
    expect(collapseChannelDuplicates(short).removed).toBe(0);
    const long = [
      u('Remote', 'We will ship the deck on Friday.'),
      u('Lior Genzel', 'We will ship the deck on Friday.'),
    ];
    expect(collapseChannelDuplicates(long)).toEqual({ turns: [long[1]], removed: 1 });
  });
});

describe('parsing helpers', () => {
  it('reads clock times as seconds', () => {
    expect(parseClock('00:16')).toBe(16);
    expect(parseClock('1:02:03')).toBe(3723);
    expect(parseClock('00:00:30.93')).toBe(30.93);
  });

  it('cuts plain text at sentence ends and keeps every character but whitespace', () => {
    const sentence = 'We measured four thousand IOPS per node at two milliseconds. ';
    const text = sentence.repeat(100);
    const turns = chunkPlain(text);
    expect(turns.length).toBeGreaterThan(2);
    expect(turns.every((x) => x.text.endsWith('milliseconds.'))).toBe(true);
    expect(turns.map((x) => x.text).join(' ')).toBe(text.trim());
    // a run without any sentence end is still cut, at a space
    const run = 'word '.repeat(1000).trim();
    expect(
      chunkPlain(run)
        .map((x) => x.text)
        .join(' '),
    ).toBe(run);
  });
});

const wordsOf = (s: string) => s.match(/[\p{L}\p{N}]*\p{L}[\p{L}\p{N}]*/gu) ?? [];
const haystack = (env: SourceEnvelope) =>
  env.turns.map((t) => `${t.speaker}${t.text} ${t.speaker} ${t.text}`).join('\n');

describe('properties', () => {
  it('parseTranscript never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 3000 })), (text) => {
        const env = parseTranscript(text, 'x.md', MTIME);
        expect(env.kind).toBe('transcript');
        expect(env.participants.every((p) => !isGenericSpeaker(p.name) || p.email !== undefined)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never loses a word of the conversation (arbitrary lines)', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('**Jeff Denworth**: ', '*00:12*', '[00:00:01.50]  ', 'Remote', 'Jason Vallery', 'Speaker 1: '),
      fc.stringMatching(/^[A-Za-z .,?]{0,60}$/),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.array(line, { maxLength: 3 }).map((parts) => parts.join('')),
          { maxLength: 30 },
        ),
        (lines) => {
          const text = lines.join('\n');
          const env = parseTranscript(text, 'x.md', MTIME);
          const { conversation } = splitPriorSummary(text);
          const spoken = conversation
            .split('\n')
            .filter((l) => !/^\s*#{1,6}\s/.test(l) && !/^\s*```/.test(l) && !/^\s*[-*+]\s+\[.\]/.test(l));
          const hay = haystack(env);
          // Near-identical neighbours are collapsed by design; random lines of this size rarely are.
          if (env.warnings.some((w) => w.startsWith('collapsed'))) return;
          for (const w of wordsOf(spoken.join('\n'))) expect(hay).toContain(w);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never loses a word of generated bold, bracket and plain transcripts', () => {
    const word = fc.constantFrom(
      'storage',
      'pricing',
      'yeah',
      'Google',
      'tenant',
      'RDMA',
      'okay',
      'deck',
      'Friday',
      'cluster',
      'so',
      'we',
    );
    const utterance = fc.array(word, { minLength: 1, maxLength: 25 });
    const speaker = fc.constantFrom('Jason Vallery', 'Lior Genzel', 'Speaker 1', 'Remote', 'zoom.us', 'Jeff Denworth');
    const shape = fc.constantFrom('bold', 'bracket', 'plain');
    fc.assert(
      fc.property(shape, fc.array(fc.tuple(speaker, utterance), { minLength: 1, maxLength: 40 }), (form, turns) => {
        // Three unique markers per utterance: even two utterances made of the same words then share at most 12 of
        // 18 tokens (Jaccard 0.67), below the 0.8 at which neighbouring turns are collapsed as channel echoes.
        const said = turns.map(([who, words], i) => [who, `m${i}x n${i}y k${i}z ${words.join(' ')}.`] as const);
        const text = said
          .map(([who, u], i) =>
            form === 'bold'
              ? `**${who}**: ${u}\n*${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}*\n`
              : form === 'bracket'
                ? `[00:00:${String(i % 60).padStart(2, '0')}.00]  ${who}${u.charAt(0).toUpperCase()}${u.slice(1)}\n`
                : `${u} `,
          )
          .join(form === 'plain' ? '' : '\n');
        const env = parseTranscript(text, 'x.md', MTIME);
        const hay = haystack(env).toLowerCase();
        for (const [, u] of said) for (const w of wordsOf(u)) expect(hay).toContain(w.toLowerCase());
        if (form === 'bold') {
          expect(env.turns.map((t) => t.speaker)).toEqual(said.map(([who]) => who));
        }
      }),
      { numRuns: 200 },
    );
  });
});
