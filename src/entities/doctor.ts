/**
 * Vault checks behind `distill doctor`: the defects the old system was measured on, counted on the vault as it is.
 * Entity pages: exact and near-duplicate bullets within a section, truncated timeline lines, generic-label
 * entities. Every note (outside Inbox, Sources and state): empty `[[]]` links and links that resolve to no file
 * (any file: an archived `.eml`, `.vtt` or `.mbox` is a link target as much as a note). Checks of Distill's state
 * against the vault (ledger entries without notes, an interrupted run, a broken git index) come from the caller
 * through `addFindings`.
 */

import { type FactKey, factKey, isNearDuplicate, normaliseExact } from '../extract/fact-identity.ts';
import { DANGLING_WORDS } from '../ingest/filename.ts';
import { isGenericSpeaker } from '../ingest/generic-labels.ts';
import type { Config } from '../vault/config.ts';
import { listSections, readFrontmatter, splitNote } from '../vault/markdown.ts';
import { emailDomain, isFreeMail, registeredDomain } from './accounts.ts';
import type { EntityKind } from './entity.ts';
import { parseBullet } from './facts.ts';
import { foldName, nonPersonReason } from './names.ts';
import { isGivenName, nicknameTable } from './nicknames.ts';
import { entityFromPage, entityKey, pageKind } from './registry.ts';
import { isGenericLabel, plausibleSpelling, soundsLike } from './resolve.ts';

export interface Finding {
  check:
    | 'exact-duplicate'
    | 'near-duplicate'
    | 'truncated-timeline'
    | 'empty-link'
    | 'dangling-link'
    | 'generic-entity'
    | 'missing-note'
    | 'missing-source'
    | 'interrupted-run'
    | 'broken-git-index'
    | 'split-conversation'
    | 'junk-name'
    | 'reversed-name'
    | 'duplicate-person'
    | 'organisation-as-person';
  path: string;
  detail: string;
}

export interface CheckOptions {
  /** Every file of the vault (vault-relative), whatever its extension: what links may point at. */
  otherFiles?: string[];
}

export interface DoctorReport {
  entities: Record<EntityKind, number> & { total: number };
  counts: Record<Finding['check'], number>;
  /** Sum of all counts: 0 means a clean vault. */
  defects: number;
  findings: Finding[];
  files_checked: number;
}

const FACT_SECTIONS = new Set(['key facts', 'decisions']);
const LIST_SECTIONS = new Set(['key facts', 'decisions', 'topics', 'related', 'timeline']);

function skipped(path: string, config: Config): boolean {
  const top = path.split('/')[0] ?? '';
  return top.startsWith('.') || top === config.folders.inbox || top === config.folders.sources;
}

/** Text with fenced and inline code blanked, so a tasks query or a code sample is not read as links. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

function sectionBodies(text: string): { heading: string; body: string }[] {
  return listSections(text)
    .filter((s) => s.depth === 2)
    .map((s) => ({ heading: s.heading, body: text.slice(s.bodyStart, s.end) }));
}

/** A timeline gist that ends in an ellipsis, a dangling connector or mid-clause punctuation, or leaves a bracket open. */
export function isTruncatedTimelineLine(line: string): boolean {
  const gist = line
    .replace(/^\s*[-*+]\s+/, '')
    .replace(/^\S+\s+(?:\[\[[^\]]*\]\]:?\s*)?/, '')
    .trim();
  if (/(?:\.\.\.|…)\s*$/.test(line)) return true;
  if (gist === '') return false;
  if (/[,;:(\-–—/&]$/.test(gist)) return true;
  const opens = (gist.match(/[([{]/g) ?? []).length;
  const closes = (gist.match(/[)\]}]/g) ?? []).length;
  if (opens > closes) return true;
  if ((gist.match(/"/g) ?? []).length % 2 === 1) return true;
  const last = /([\p{L}']+)$/u.exec(gist)?.[1]?.toLowerCase();
  return last !== undefined && DANGLING_WORDS.has(last);
}

/**
 * Everything a wikilink resolves to in Obsidian, lower-cased: a vault path (with or without `.md`) or a file's
 * basename. Aliases and folder names do not resolve links in Obsidian, so they do not count here either.
 */
function linkTargets(paths: string[]): Set<string> {
  const t = new Set<string>();
  for (const p of paths) {
    const lower = p.replace(/\\/g, '/').toLowerCase();
    t.add(lower);
    t.add(lower.split('/').pop()!);
    if (lower.endsWith('.md')) {
      t.add(lower.slice(0, -3));
      t.add(lower.split('/').pop()!.slice(0, -3));
    }
  }
  return t;
}

export function checkVault(
  files: { path: string; content: string }[],
  config: Config,
  opts: CheckOptions = {},
): DoctorReport {
  const findings: Finding[] = [];
  const entities = { person: 0, account: 0, project: 0, total: 0 };
  const targets = linkTargets([...files.map((f) => f.path), ...(opts.otherFiles ?? [])]);
  let checked = 0;
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!f.path.endsWith('.md') || skipped(f.path, config)) continue;
    checked++;
    const where = pageKind(f.path, config);
    if (where) {
      entities[where.kind]++;
      entities.total++;
      const name = readFrontmatter(f.content).name;
      const shown = typeof name === 'string' ? name : where.folderName;
      if (isGenericLabel(shown, config) || (where.kind === 'person' && isGenericSpeaker(shown))) {
        findings.push({ check: 'generic-entity', path: f.path, detail: shown });
      }
      for (const s of sectionBodies(f.content)) {
        const h = s.heading.toLowerCase();
        if (!LIST_SECTIONS.has(h)) continue;
        const lines = s.body.split('\n').filter((l) => /^\s*[-*+]\s+\S/.test(l) && !/^\s*[-*+]\s+\[.\]\s/.test(l));
        const seenExact = new Map<string, string>();
        // each kept statement read once for fact identity, not again for every later bullet it is compared with
        const kept: { text: string; key: FactKey }[] = [];
        for (const line of lines) {
          if (h === 'timeline' && isTruncatedTimelineLine(line)) {
            findings.push({ check: 'truncated-timeline', path: f.path, detail: line.trim() });
          }
          const parsed = parseBullet(line);
          if (!parsed || /^\s*[-*+]\s+~~/.test(line)) continue;
          const key = h === 'timeline' ? normaliseExact(line) : normaliseExact(parsed.text);
          if (seenExact.has(key)) {
            findings.push({ check: 'exact-duplicate', path: f.path, detail: `${s.heading}: ${parsed.text}` });
            continue;
          }
          seenExact.set(key, line);
          if (FACT_SECTIONS.has(h)) {
            const fact = factKey(parsed.text);
            const twin = kept.find((k) => isNearDuplicate(k.key, fact));
            if (twin)
              findings.push({
                check: 'near-duplicate',
                path: f.path,
                detail: `${s.heading}: "${parsed.text}" ~ "${twin.text}"`,
              });
            else kept.push({ text: parsed.text, key: fact });
          }
        }
      }
    }
    const { body } = splitNote(f.content);
    const fmLinks = f.content.slice(0, f.content.length - body.length);
    for (const text of [fmLinks, withoutCode(body)]) {
      for (const m of text.matchAll(/!?\[\[([^\]\n]*)\]\]/g)) {
        const target = (m[1] ?? '').split('|')[0]!.split('#')[0]!.trim();
        if (target === '') {
          if (!(m[1] ?? '').startsWith('#')) findings.push({ check: 'empty-link', path: f.path, detail: m[0] });
          continue;
        }
        const t = target.toLowerCase().replace(/\\/g, '/');
        if (!targets.has(t) && !targets.has(`${t}.md`) && !targets.has(foldName(t))) {
          findings.push({ check: 'dangling-link', path: f.path, detail: m[0] });
        }
      }
    }
  }
  findings.push(...junkEntityFindings(files, config));
  return withCounts({ entities, findings, files_checked: checked });
}

/** The checks that say an entity page should not exist as it is (see `junkEntityFindings`). */
export const JUNK_CHECKS = ['junk-name', 'reversed-name', 'duplicate-person', 'organisation-as-person'] as const;

export function junkEntityCount(r: DoctorReport): number {
  return JUNK_CHECKS.reduce((n, c) => n + r.counts[c], 0);
}

interface PersonPage {
  path: string;
  name: string;
  key: string;
  domains: Set<string>;
  /** Local parts of the addresses ("sebastien.berube"). */
  locals: Set<string>;
  organisation: string | null;
  /** Notes on the Timeline and entities under Related: what the page shares with another. */
  links: Set<string>;
}

function sectionLinks(text: string, heading: string): string[] {
  const body = sectionBodies(text).find((s) => s.heading.toLowerCase() === heading)?.body ?? '';
  return [...body.matchAll(/\[\[([^\]|#]+)/g)].map((m) => m[1]!.trim().toLowerCase());
}

/**
 * Person pages a user would call wrong: a name with a function word or title glued on ("Jeff Denworth Why",
 * "Director Hampson"), a name in reversed order ("Berube Sebastien" beside Sebastien Berube, or with the given name
 * last), two pages for one person (a nickname, typo or speech-to-text spelling of one name, only when the pages
 * share a note, an organisation or a related entity and no address domain says they are two people), and an
 * organisation filed as a person.
 */
export function junkEntityFindings(files: { path: string; content: string }[], config: Config): Finding[] {
  const findings: Finding[] = [];
  const table = nicknameTable(config);
  const people: PersonPage[] = [];
  const accountKeys = new Set<string>();
  for (const f of files) {
    const e = entityFromPage(f.path, f.content, config);
    if (!e) continue;
    if (e.kind === 'account') {
      for (const n of [e.name, ...e.aliases]) accountKeys.add(entityKey('account', n).replace(/[\s-]+/g, ''));
      continue;
    }
    if (e.kind !== 'person' || e.owner || entityKey('person', e.name) === entityKey('person', config.owner.name))
      continue;
    const domains = new Set(
      e.emails
        .map((m) => emailDomain(m))
        .filter((d): d is string => d !== null && !isFreeMail(d))
        .map(registeredDomain),
    );
    people.push({
      path: f.path,
      name: e.name,
      key: entityKey('person', e.name),
      domains,
      locals: new Set(e.emails.map((m) => foldName(m.split('@')[0] ?? '').replace(/[_ ]/g, '.'))),
      organisation: e.organisation ? entityKey('account', e.organisation) : null,
      links: new Set([...sectionLinks(f.content, 'timeline'), ...sectionLinks(f.content, 'related')]),
    });
  }
  const byKey = new Map(people.map((p) => [p.key, p]));
  for (const p of people) {
    const why = nonPersonReason(p.name);
    if (why === 'fragment' || why === 'title') {
      findings.push({
        check: 'junk-name',
        path: p.path,
        detail: `${p.name} (${why === 'fragment' ? 'a word glued to a name' : 'a title, not a given name'})`,
      });
      continue;
    }
    if (why === 'organisation' || accountKeys.has(entityKey('account', p.name).replace(/[\s-]+/g, ''))) {
      findings.push({ check: 'organisation-as-person', path: p.path, detail: p.name });
      continue;
    }
    const tokens = p.key.split(' ');
    if (tokens.length === 2) {
      const twin = byKey.get([...tokens].reverse().join(' '));
      const givenLast = isGivenName(table, tokens[1]!) && !isGivenName(table, tokens[0]!);
      // an address like sebastien.berube@ says which order is the person's own
      const ownOrder = (x: PersonPage) => x.locals.has(x.key.replace(' ', '.'));
      const reversed = twin
        ? !ownOrder(p) && (ownOrder(twin) || givenLast || (!isGivenName(table, tokens[0]!) && p.path > twin.path))
        : givenLast;
      if (reversed)
        findings.push({
          check: 'reversed-name',
          path: p.path,
          detail: twin ? `${p.name} (also ${twin.name})` : `${p.name} (given name last)`,
        });
    }
  }
  for (const [i, a] of people.entries()) {
    for (const b of people.slice(i + 1)) {
      if (a.key === b.key) continue;
      const alike = plausibleSpelling(a.name, b.name, table) || soundsLike(a.name, b.name);
      if (!alike) continue;
      const contradicted = a.domains.size > 0 && b.domains.size > 0 && ![...a.domains].some((d) => b.domains.has(d));
      if (contradicted) continue;
      const shared =
        (a.organisation !== null && a.organisation === b.organisation) ||
        [...a.links].some((l) => b.links.has(l) && !l.includes(config.owner.name.toLowerCase()));
      if (shared)
        findings.push({
          check: 'duplicate-person',
          path: b.path,
          detail: `${b.name} looks like ${a.name} (${a.path})`,
        });
    }
  }
  return findings;
}

function withCounts(r: Omit<DoctorReport, 'counts' | 'defects'>): DoctorReport {
  const counts: Record<Finding['check'], number> = {
    'exact-duplicate': 0,
    'near-duplicate': 0,
    'truncated-timeline': 0,
    'empty-link': 0,
    'dangling-link': 0,
    'generic-entity': 0,
    'missing-note': 0,
    'missing-source': 0,
    'interrupted-run': 0,
    'broken-git-index': 0,
    'split-conversation': 0,
    'junk-name': 0,
    'reversed-name': 0,
    'duplicate-person': 0,
    'organisation-as-person': 0,
  };
  for (const x of r.findings) counts[x.check]++;
  const defects = Object.values(counts).reduce((a, b) => a + b, 0);
  return { ...r, counts, defects };
}

/** The report with more findings (the state checks, which need the vault on disk) counted in. */
export function addFindings(report: DoctorReport, more: Finding[]): DoctorReport {
  return withCounts({
    entities: report.entities,
    findings: [...report.findings, ...more],
    files_checked: report.files_checked,
  });
}
