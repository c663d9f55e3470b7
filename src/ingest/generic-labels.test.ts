import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isGenericSpeaker } from './generic-labels.ts';

const labelsFile = new URL('../../test/fixtures/labels.dev.jsonl', import.meta.url);

describe('isGenericSpeaker', () => {
  it.each([
    'Speaker 1',
    'Speaker',
    'speaker 12',
    'SPEAKER_00',
    'Speaker A',
    'Remote',
    'Unknown',
    'Unknown Speaker',
    'Guest',
    'Guest 2',
    'Participant 3',
    'Interviewer',
    'Me',
    '',
    '   ',
    '42',
    '#3',
    'zoom.us',
    'teams.microsoft.com',
    'Jabra Speak 710',
    'MacBook Pro Microphone',
    'Microsoft Teams',
    'Google Chrome',
    'External Microphone',
    'AirPods Pro',
    'Built-in Microphone',
    'Logitech BRIO',
    'Plantronics Blackwire 3220 headset',
    'USB Audio Device',
  ])('%j is a placeholder, the recorder, or a device/app', (label) => {
    expect(isGenericSpeaker(label)).toBe(true);
  });

  it.each([
    'Jason Vallery',
    'Lior Genzel',
    'Jeff Denworth',
    'Tomer Hagay',
    'Asaf Levy',
    'Eirikur Hrafnsson',
    'Jonsi Stefansson',
    'Mordechai Blaunstein',
    'Alon Horev',
    'Kushal',
    'Renan',
    'Satya Nadella',
    'Anson (Qi)',
    'Remington Steele',
    'Meena',
    'Guestrin',
    'bengit@google.com',
  ])('%j is a real name', (name) => {
    expect(isGenericSpeaker(name)).toBe(false);
  });

  it('keeps every person-like participant name in the dev labels (First Last) as a real name', () => {
    const names = new Set<string>();
    for (const line of readFileSync(labelsFile, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      for (const p of (JSON.parse(line) as { participants?: string[] }).participants ?? []) {
        if (/^[A-Z][a-z]+ [A-Z][a-z]+$/.test(p) && !/^Speaker \d/.test(p)) names.add(p);
      }
    }
    expect(names.size).toBeGreaterThan(20);
    expect([...names].filter(isGenericSpeaker)).toEqual([]);
  });
});
