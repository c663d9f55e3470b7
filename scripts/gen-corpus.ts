/**
 * Seeded synthetic corpus for the benchmark: email threads in the Apple Mail markdown export format and diarized
 * bold-speaker transcripts, with realistic names, companies, requests, decisions and figures. The same seed always
 * writes the same bytes, so benchmark runs compare like with like.
 *
 *   node --import tsx scripts/gen-corpus.ts --out /tmp/corpus [--emails 5000] [--transcripts 500] [--seed 42]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { mulberry32 as rng } from '../src/core/rng.ts';

/** The corpus's seeded generator (the benches import it from here). */
export { rng };

const FIRST = [
  'Maya',
  'Daniel',
  'Priya',
  'Tom',
  'Sofia',
  'Lior',
  'Karl',
  'Noa',
  'Ethan',
  'Aisha',
  'Jonas',
  'Grace',
  'Mateo',
  'Hannah',
  'Ravi',
  'Elena',
  'Kenji',
  'Olivia',
  'Samuel',
  'Fatima',
  'Lucas',
  'Ingrid',
  'Omar',
  'Chloe',
  'Viktor',
  'Amara',
  'Diego',
  'Yuki',
  'Noah',
  'Leah',
];
const LAST = [
  'Cohen',
  'Raghavan',
  "O'Brien",
  'Müller',
  'Chen',
  'Okafor',
  'Lindqvist',
  'Haddad',
  'Moreau',
  'Kowalski',
  'Tanaka',
  'Silva',
  'Novak',
  'Fischer',
  'Reyes',
  'Andersen',
  'Kaplan',
  'Dubois',
  'Nakamura',
  'Stefansson',
  'Genzel',
  'Horev',
  'Levi',
  'Park',
  'Ho',
];
const COMPANIES: [string, string][] = [
  ['Northwind Traders', 'northwind.com'],
  ['Contoso', 'contoso.com'],
  ['Fabrikam', 'fabrikam.com'],
  ['Acme Corp', 'acme.com'],
  ['Globex', 'globex.com'],
  ['Initech', 'initech.com'],
  ['Umbrella Labs', 'umbrellalabs.io'],
  ['Microsoft', 'microsoft.com'],
  ['Google', 'google.com'],
];
const TOPICS = [
  'pricing model',
  'renewal terms',
  'capacity plan',
  'security review',
  'RFP response',
  'migration plan',
  'benchmark results',
  'support escalation',
  'roadmap update',
  'POC scope',
];
const DOCS = [
  'pricing deck',
  'security questionnaire',
  'sizing worksheet',
  'design doc',
  'SOW draft',
  'benchmark report',
  'release notes',
  'reference architecture',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'next week', 'end of the month', 'tomorrow'];
const CHATTER = [
  'Yeah, that makes sense.',
  'Right, right.',
  'I think that is roughly where we landed last time as well, but let me know if that changed.',
  "So, you know, the team has been pretty heads down on this and it's been a busy quarter for everyone.",
  'Okay, sounds good.',
  'Can everyone hear me okay?',
  "That's a fair point and I don't disagree with it.",
  'We should probably keep an eye on that as it evolves over the next few weeks.',
  "I'm not sure, honestly, it depends a lot on what the customer ends up asking for.",
  'Mm-hmm.',
];

interface Person {
  name: string;
  email: string;
  org: string;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function person(r: () => number): Person {
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  const [org, domain] = r() < 0.5 ? ['VAST Data', 'vastdata.com'] : pick(r, COMPANIES);
  const local = `${first}.${last}`
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z.]/g, '');
  return { name: `${first} ${last}`, email: `${local}@${domain}`, org };
}

function sentence(r: () => number, people: Person[]): string {
  const p = pick(r, people);
  const company = pick(r, COMPANIES)[0];
  const roll = r();
  if (roll < 0.12) return `Can you send the ${pick(r, DOCS)} to ${p.name.split(' ')[0]} by ${pick(r, DAYS)}?`;
  if (roll < 0.22) return `I'll follow up with ${company} on the ${pick(r, TOPICS)} by ${pick(r, DAYS)}.`;
  if (roll < 0.28)
    return `We decided to go with the ${pick(r, ['capacity-only', 'subscription', 'consumption', 'tiered'])} option for ${company}.`;
  if (roll < 0.4)
    return `${company} is planning ${Math.floor(r() * 90 + 10)} PB across ${Math.floor(r() * 8 + 2)} regions, roughly $${Math.floor(r() * 40 + 1)}M over three years.`;
  if (roll < 0.48)
    return `${p.name} joined ${p.org} as ${pick(r, ['VP of Engineering', 'Director of Infrastructure', 'Head of Procurement', 'CTO'])} in ${pick(r, ['January', 'March', 'June', 'September'])}.`;
  if (roll < 0.55) return `Please review the ${pick(r, DOCS)} before the call on ${pick(r, DAYS)}.`;
  return pick(r, CHATTER);
}

function stamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export function emailThread(r: () => number, i: number): { name: string; content: string } {
  const people = Array.from({ length: 2 + Math.floor(r() * 3) }, () => person(r));
  const subject = `${pick(r, COMPANIES)[0]} ${pick(r, TOPICS)}`;
  const start = new Date(
    Date.UTC(2025, Math.floor(r() * 12), 1 + Math.floor(r() * 27), 8 + Math.floor(r() * 9), Math.floor(r() * 60)),
  );
  const count = 1 + Math.floor(r() * 4);
  const blocks: string[] = [];
  let at = start.getTime();
  for (let m = 0; m < count; m++) {
    const from = people[m % people.length] as Person;
    const to = people[(m + 1) % people.length] as Person;
    const lines = [
      `Hi ${to.name.split(' ')[0]},`,
      '',
      ...Array.from({ length: 2 + Math.floor(r() * 6) }, () => sentence(r, people)),
      '',
      'Thanks,',
      from.name.split(' ')[0] as string,
    ];
    blocks.push(
      `## ${stamp(new Date(at))} — ${from.name} <${from.email}>\n**Subject:** ${m === 0 ? '' : 'Re: '}${subject}\n\n${lines.map((l) => `> ${l}`).join('\n')}\n\n---`,
    );
    at += Math.floor(r() * 36 + 1) * 3_600_000;
  }
  const head = `# ${count > 1 ? 'Re: ' : ''}${subject}\n\n- Exported: ${stamp(new Date(at))}\n- Messages: ${count}\n---\n\n`;
  const date = stamp(start).slice(0, 10);
  return {
    name: `${date}_${String(i).padStart(6, '0')}_${subject.replace(/\W+/g, '-')}.md`,
    content: `${head}${blocks.join('\n\n')}\n`,
  };
}

export function transcript(r: () => number, i: number, targetChars: number): { name: string; content: string } {
  const people = Array.from({ length: 2 + Math.floor(r() * 4) }, () => person(r));
  const date = new Date(Date.UTC(2025, Math.floor(r() * 12), 1 + Math.floor(r() * 27), 9 + Math.floor(r() * 8), 0));
  const title = `${pick(r, COMPANIES)[0]} ${pick(r, TOPICS)}`;
  const turns: string[] = [];
  let seconds = 0;
  let size = 0;
  while (size < targetChars) {
    const generic = r() < 0.08;
    const speaker = generic ? `Speaker ${1 + Math.floor(r() * 3)}` : pick(r, people).name;
    const text = Array.from({ length: 1 + Math.floor(r() * 4) }, () => sentence(r, people)).join(' ');
    const turn = `**${speaker}**: ${text}\n*${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}*\n`;
    turns.push(turn);
    size += turn.length + 1;
    seconds += 5 + Math.floor(r() * 40);
  }
  const name = `${date.toISOString().slice(0, 10)} ${String(date.getUTCHours()).padStart(2, '0')} 00 - ${title} ${i}.md`;
  return { name, content: `${turns.join('\n')}` };
}

export interface CorpusOptions {
  emails: number;
  transcripts: number;
  seed: number;
}

/** Writes the corpus to `out/emails` and `out/transcripts`; returns the file paths. */
export function writeCorpus(out: string, opts: CorpusOptions): { emails: string[]; transcripts: string[] } {
  const r = rng(opts.seed);
  const emailDir = path.join(out, 'emails');
  const transcriptDir = path.join(out, 'transcripts');
  mkdirSync(emailDir, { recursive: true });
  mkdirSync(transcriptDir, { recursive: true });
  const emails: string[] = [];
  const transcripts: string[] = [];
  for (let i = 0; i < opts.emails; i++) {
    const f = emailThread(r, i);
    const file = path.join(emailDir, f.name);
    writeFileSync(file, f.content);
    emails.push(file);
  }
  for (let i = 0; i < opts.transcripts; i++) {
    // Most calls are 10-60 KB; the typical one is ~50,000 characters.
    const f = transcript(r, i, 10_000 + Math.floor(r() * 50_000));
    const file = path.join(transcriptDir, f.name);
    writeFileSync(file, f.content);
    transcripts.push(file);
  }
  return { emails, transcripts };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(arg('out', 'corpus'));
  const written = writeCorpus(out, {
    emails: Number(arg('emails', '5000')),
    transcripts: Number(arg('transcripts', '500')),
    seed: Number(arg('seed', '42')),
  });
  process.stdout.write(
    `wrote ${written.emails.length} emails and ${written.transcripts.length} transcripts to ${out}\n`,
  );
}
