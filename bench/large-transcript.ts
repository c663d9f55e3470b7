/**
 * A long, realistic recording of any size, for the large-input bench and test: the real turns of the fixture calls
 * (test/fixtures/sources and the gold calls) replayed one after another, each replay with its speakers renamed from
 * a cast of `cast` people (a team's week of meetings, not a crowd), other figures, and one word in each sentence
 * swapped for another of the corpus, so that almost no sentence repeats (a 20 MB file of a few repeated lines would
 * measure a cache, not the extractor). Seeded: the same size, seed and cast give the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from '../scripts/gen-corpus.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../test/fixtures');

interface Turn {
  speaker: string;
  text: string;
}

const BOLD_TURN = /^\*\*([^*]+)\*\*:\s*(.+)$/;
const STAMPED_TURN = /^\[\d{2}:\d{2}:\d{2}(?:\.\d+)?\]\s*([^:]{1,60}?)\s*:\s*(.+)$/;

function turnsOf(file: string): Turn[] {
  const out: Turn[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = BOLD_TURN.exec(line) ?? STAMPED_TURN.exec(line);
    if (m?.[1] && m[2] && m[2].length > 1) out.push({ speaker: m[1].trim(), text: m[2].trim() });
  }
  return out;
}

function fixtureCalls(): Turn[][] {
  const calls: Turn[][] = [];
  for (const dir of [path.join(fixtures, 'sources'), path.join(fixtures, 'gold/sources')]) {
    for (const id of readdirSync(dir)
      .filter((d) => d.startsWith('t-'))
      .sort()) {
      const turns = turnsOf(path.join(dir, id, 'source.md'));
      if (turns.length > 0) calls.push(turns);
    }
  }
  return calls;
}

const FIRST =
  'Maya Daniel Priya Tom Sofia Lior Karl Noa Ethan Aisha Jonas Grace Mateo Hannah Ravi Elena Kenji Olivia Samuel Fatima Lucas Ingrid Omar Chloe Viktor Amara Diego Yuki Noah Leah Anders Bianca Carlos Dmitri Eva Farid Greta Hugo Irina Jamal'.split(
    ' ',
  );
const LAST =
  'Cohen Raghavan Brennan Müller Okafor Lindqvist Tanaka Rossi Novak Haddad Fischer Moreau Silva Kowalski Nguyen Petrov Larsen Mendes Osei Becker'.split(
    ' ',
  );

/** A transcript of about `chars` characters in the bold-speaker markdown form the ingester reads. */
export function largeTranscript(chars: number, seed = 1, cast = 24): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const people = [...new Set(Array.from({ length: cast * 4 }, () => `${pick(FIRST)} ${pick(LAST)}`))].slice(0, cast);
  const calls = fixtureCalls();
  const vocabulary = [
    ...new Set(calls.flatMap((c) => c.flatMap((t) => t.text.match(/\b[a-z]{4,12}\b/g) ?? []))),
  ].sort();
  const parts: string[] = [];
  let size = 0;
  let seconds = 0;
  for (let pass = 0; size < chars; pass++) {
    const call = calls[pass % calls.length] as Turn[];
    // Each replay is another meeting of the cast: its speakers get their names, in the turns and wherever the text
    // names them.
    const names = new Map<string, string>();
    for (const t of call) if (!names.has(t.speaker)) names.set(t.speaker, pick(people));
    const firsts = new Map([...names].map(([old, now]) => [old.split(' ')[0] as string, now.split(' ')[0] as string]));
    for (const t of call) {
      if (size >= chars) break;
      const text = t.text
        .replace(/\b[A-Z][a-z]+\b/g, (w) => firsts.get(w) ?? w)
        .replace(/\d/g, () => String(Math.floor(r() * 10)))
        .replace(/[^.!?]+[.!?]*/g, (sentence) => {
          const words = sentence.match(/\b[a-z]{4,12}\b/g);
          if (!words) return sentence;
          return sentence.replace(pick(words), pick(vocabulary));
        });
      const stamp = `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
      const turn = `**${names.get(t.speaker)}**: ${text}\n*${stamp}*\n`;
      parts.push(turn);
      size += turn.length + 1;
      seconds += 5 + Math.floor(r() * 40);
    }
  }
  return parts.join('\n');
}
