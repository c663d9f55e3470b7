import { describe, expect, it } from 'vitest';
import { contributionsFor, oneLineGist } from './contribution.ts';
import { buildRegistry } from './registry.ts';
import { resolveExtraction } from './resolve.ts';
import { demoConfig, envelope, extraction, page } from './testing.ts';

const config = demoConfig();

describe('oneLineGist', () => {
  it('takes the first sentence when it is complete and short', () => {
    expect(oneLineGist('Jeff escalated the MAI deal. Jonsi will draft a proposal.', 'Title')).toBe(
      'Jeff escalated the MAI deal.',
    );
    expect(oneLineGist('Pricing includes the support levels,.', 'Title')).toBe('Pricing includes the support levels.');
  });
  it('falls back to the title rather than cut a long sentence or keep an ellipsis', () => {
    expect(oneLineGist(`${'word '.repeat(60)}end.`, 'Red flare on Azure MAI')).toBe('Red flare on Azure MAI');
    expect(oneLineGist('Microsoft is scr...', 'Microsoft capacity')).toBe('Microsoft capacity');
    expect(oneLineGist('', '')).toBe('Source note.');
    expect(oneLineGist('Itzik asked Jason to take it to Google once the test tim', 'TLS for Block')).toBe(
      'TLS for Block',
    );
  });
});

describe('contributionsFor', () => {
  const reg = buildRegistry(
    [
      page('People/Jeff Denworth/README.md', 'type: person'),
      page('Accounts/Microsoft/README.md', 'type: account\ndomains: [microsoft.com]'),
    ],
    config,
  );
  const ex = extraction({
    participants: [
      { name: 'Jeffrey Denworth', email: 'jeff@vastdata.com' },
      { name: 'Jason Vallery', email: 'jason.vallery@vastdata.com' },
      { name: 'Kushal Datta', email: 'kushal.datta@microsoft.com' },
    ],
    facts: [
      { text: 'Jeff wants a plan for MAI now.', about: 'Jeff Denworth', evidence: 'x', date: null },
      { text: 'Jason previously worked at Microsoft.', about: 'Myself', evidence: 'x', date: '2025-12-01' },
      { text: 'MAI needs 2 EB in 2025.', about: 'Microsoft', evidence: 'x', date: null },
      { text: 'The meeting ran late.', about: null, evidence: 'x', date: null },
    ],
    decisions: [
      { text: 'Jeff Denworth will own the escalation.', evidence: 'x' },
      { text: 'Treat CoreWeave testing as cosmetic.', evidence: 'x' },
    ],
    topics: ['MAI supply chain'],
  });
  const env = envelope();
  const res = resolveExtraction(ex, env, reg, config);
  const cs = contributionsFor(ex, env, res, 'Meetings/2025/2025-12-27 - MAI deal escalation.md', reg);
  const of = (id: string) => cs.find((c) => c.entity_id === id)!;

  it('gives each touched entity its own facts, and the owner only facts about him', () => {
    expect(cs.map((c) => c.entity_id)).toEqual([
      'account:microsoft',
      'person:jason-vallery',
      'person:jeff-denworth',
      'person:kushal-datta',
    ]);
    expect(of('person:jeff-denworth').facts).toEqual([{ text: 'Jeff wants a plan for MAI now.', date: '2025-12-27' }]);
    expect(of('person:jason-vallery').facts).toEqual([
      { text: 'Jason previously worked at Microsoft.', date: '2025-12-01' },
    ]);
    expect(of('account:microsoft').facts.map((f) => f.text)).toEqual(['MAI needs 2 EB in 2025.']);
    expect(of('person:kushal-datta').facts).toEqual([]);
  });

  it('files decisions on the accounts of the source and on the people they name', () => {
    expect(of('account:microsoft').decisions.map((d) => d.text)).toHaveLength(2);
    expect(of('person:jeff-denworth').decisions.map((d) => d.text)).toEqual(['Jeff Denworth will own the escalation.']);
    expect(of('person:jason-vallery').decisions).toEqual([]);
  });

  it('links the note, records spellings and addresses, and leaves the owner out of other pages’ Related', () => {
    const jeff = of('person:jeff-denworth');
    expect(jeff.note).toBe('Meetings/2025/2025-12-27 - MAI deal escalation');
    expect(jeff.gist).toBe('Jeff Denworth escalated the Azure MAI deal risk.');
    expect(jeff.names).toEqual(['Jeffrey Denworth']);
    expect(jeff.emails).toEqual(['jeff@vastdata.com']);
    expect(jeff.related.map((r) => r.name)).toEqual(['Microsoft', 'Kushal Datta']);
    expect(of('person:kushal-datta').organisation).toBe('Microsoft');
  });

  it('puts a fact about an ambiguous name on neither candidate’s page', () => {
    const twins = buildRegistry(
      [page('People/Dana Whitfield/README.md', 'type: person'), page('People/Dana Whitfeld/README.md', 'type: person')],
      config,
    );
    const ex2 = extraction({
      participants: [{ name: 'Dana Whitfield', email: null }],
      facts: [{ text: 'Dana runs the Redmond lab.', about: 'Dana Whitfiled', evidence: 'x', date: null }],
    });
    const res2 = resolveExtraction(ex2, env, twins, config);
    expect(res2.ambiguous).toEqual([{ name: 'Dana Whitfiled', candidates: ['Dana Whitfeld', 'Dana Whitfield'] }]);
    const all = contributionsFor(ex2, env, res2, 'Meetings/x.md', twins);
    expect(all.flatMap((c) => c.facts)).toEqual([]);
  });
});
