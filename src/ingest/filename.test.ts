import { describe, expect, it } from 'vitest';
import { isPlaceholderTitle, parseSourceFileName, repairCutTitle, titleFromSlug } from './filename.ts';

describe('parseSourceFileName', () => {
  it.each([
    // MacWhisper: both time forms; the old system kept "10 - " in this title
    ['Inbox/Transcripts/2025-12-15 16 10 - Google GDC RFP.md', '2025-12-15', '16:10', 'Google GDC RFP'],
    ['2025-12-15 14 59 - Jason Lior Weekly Call.md', '2025-12-15', '14:59', 'Jason Lior Weekly Call'],
    ['2025-12-19 09:50 - New Recording.md', '2025-12-19', '09:50', 'New Recording'],
    // the archiver's collision suffix is not part of the title
    ['2025-12-15 16 10 - Google GDC RFP_123943.md', '2025-12-15', '16:10', 'Google GDC RFP'],
    // Apple Mail export: date, HHMMSS, random 4 digits, slug
    [
      '2026-01-01_152322_4183_Q4-bookings-to-date-in-context.md',
      '2026-01-01',
      '15:23:22',
      'Q4 bookings to date in context',
    ],
    [
      '2025-12-21_075242_8515_Re-MAI--VAST-December-8th-EoD-update.md',
      '2025-12-21',
      '07:52:42',
      'Re MAI VAST December 8th EoD update',
    ],
    // compact
    ['20251028 1008 Parallels Transcription', '2025-10-28', '10:08', 'Parallels Transcription'],
    // legacy processed transcripts: date only
    [
      '2025-10-29 - Jason and Tomer aligned on shifting cloud work.md',
      '2025-10-29',
      null,
      'Jason and Tomer aligned on shifting cloud work',
    ],
    // no date at all: the name, slugs turned into words
    ['Pricing_vTeam-notes.md', null, null, 'Pricing vTeam notes'],
    ['Jeff Denworth - 1-1 prep.md', null, null, 'Jeff Denworth - 1-1 prep'],
  ])('%s -> date %s, time %s, title %j', (file, date, time, title) => {
    const parsed = parseSourceFileName(file);
    expect(parsed).toMatchObject({ date, time, title });
  });

  it('does not invent a day for a month-only name, but keeps the month in a warning', () => {
    const parsed = parseSourceFileName('Sources/Transcripts/2025/2025-10 - Jeff Denworth.md');
    expect(parsed.date).toBeNull();
    expect(parsed.month).toBe('2025-10');
    expect(parsed.title).toBe('Jeff Denworth');
    expect(parsed.warnings.join(' ')).toContain('2025-10');
  });

  it('keeps the first date when an archive prefixed a second one', () => {
    const parsed = parseSourceFileName('2026-01-04 - 2025-10 - Pricing Tasks.md');
    expect(parsed.date).toBe('2026-01-04');
    expect(parsed.title).toBe('Pricing Tasks');
    expect(parsed.warnings).toHaveLength(1);
  });

  it('rejects impossible dates and times instead of guessing', () => {
    expect(parseSourceFileName('2025-02-30 - Notes.md').date).toBeNull();
    expect(parseSourceFileName('2025-13-01 - Notes.md').date).toBeNull();
    expect(parseSourceFileName('2025-12-15 25 10 - Call.md')).toMatchObject({ date: '2025-12-15', time: null });
  });

  it('flags app-window titles MacWhisper used as meaningless', () => {
    for (const t of [
      'New Recording',
      'New Recording 3',
      'Google Chrome',
      'Zoom Meeting',
      'Microsoft Teams',
      'Parallels Transcription',
      '',
    ]) {
      expect(isPlaceholderTitle(t)).toBe(true);
    }
    for (const t of ['Google GDC RFP', 'Jason Lior Weekly Call', 'Teams offsite planning']) {
      expect(isPlaceholderTitle(t)).toBe(false);
    }
    expect(parseSourceFileName('2025-12-19 09:50 - New Recording.md').placeholder).toBe(true);
    expect(parseSourceFileName('2025-12-15 16 10 - Google GDC RFP.md').placeholder).toBe(false);
  });

  it('turns slugs back into words but leaves hyphens of spaced names alone', () => {
    expect(titleFromSlug('Re-Re-EXTERNAL-Loss-Alert')).toBe('Re Re EXTERNAL Loss Alert');
    expect(titleFromSlug('GDC follow-up_notes')).toBe('GDC follow-up_notes'.replace('_', ' '));
  });
});

describe('repairCutTitle', () => {
  it('drops an unclosed bracket and the word cut short inside it', () => {
    expect(repairCutTitle('The teams discussed IP management and failover approaches on GCP (alias IPs, rou')).toBe(
      'The teams discussed IP management and failover approaches on GCP',
    );
  });

  it('drops a word the text shows was cut mid-way, then a dangling connector', () => {
    const text = 'Jason and Tomer aligned on shifting cloud work toward a PM-led model and the need for qualifiers.';
    expect(
      repairCutTitle('Jason and Tomer aligned on shifting cloud work toward a PM-led model and the nee', text),
    ).toBe('Jason and Tomer aligned on shifting cloud work toward a PM-led model');
  });

  it('leaves a whole title alone', () => {
    expect(repairCutTitle('Google GDC RFP')).toBe('Google GDC RFP');
    expect(repairCutTitle('Pricing (draft)')).toBe('Pricing (draft)');
    const text = 'Weekly sync notes. More text follows.';
    expect(repairCutTitle('Weekly sync notes', text)).toBe('Weekly sync notes');
  });
});
