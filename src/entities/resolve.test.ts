import { describe, expect, it } from 'vitest';
import { MentionHistory } from './evidence.ts';
import { buildRegistry } from './registry.ts';
import { resolveExtraction } from './resolve.ts';
import { demoConfig, envelope, extraction, page } from './testing.ts';

const config = demoConfig();
const pages = [
  page('People/Jeff Denworth/README.md', 'type: person\nemails: [jeff@vastdata.com]\norganisation: VAST Data'),
  page('People/Jonsi Stefansson/README.md', 'type: person\norganisation: VAST Data'),
  page('People/Shachar Feinblit/README.md', 'type: person'),
  page('People/Manish Sah/README.md', 'type: person\norganisation: Microsoft'),
  page('People/James Vallery/README.md', 'type: person\nrole: Relative'),
  page('Accounts/OpenAI/README.md', 'type: account'),
  page('Accounts/Microsoft/README.md', 'type: account\ndomains: [microsoft.com]'),
];
const reg = buildRegistry(pages, config);
const id = (name: string) => reg.entities.find((e) => e.name === name)?.id;

/** Name-shape rules alone: every mention may make a page (min_sources 1; the evidence rule is tested below). */
const onePage = demoConfig('  min_sources: 1');

function resolveNames(names: string[], kind: 'person' | 'account' = 'person') {
  const ex = extraction({ mentions: names.map((name) => ({ kind, name, email: null })) });
  return resolveExtraction(ex, envelope(), reg, onePage);
}

describe('resolveExtraction: name variants from the fixtures', () => {
  it.each([
    ['Jonsi Stephenson', 'Jonsi Stefansson'],
    ['Shachar Fienblit', 'Shachar Feinblit'],
    ['Maneesh Sah', 'Manish Sah'],
    ['Jeffrey Denworth', 'Jeff Denworth'],
    ['Denworth, Jeff', 'Jeff Denworth'],
    ['Jason Valerie', 'Jason Vallery'],
    ['Myself', 'Jason Vallery'],
  ])('%s resolves to %s', (variant, canonical) => {
    const res = resolveNames([variant]);
    expect(res.links[variant]).toBe(id(canonical));
    expect(res.newEntities).toEqual([]);
  });

  it('keeps Jason Vallery (the owner) and James Vallery (a relative) apart', () => {
    const res = resolveNames(['Jason Vallery', 'James Vallery']);
    expect(res.links['Jason Vallery']).toBe(reg.ownerId);
    expect(res.links['James Vallery']).toBe(id('James Vallery'));
    expect(reg.ownerId).not.toBe(id('James Vallery'));
  });

  it('never matches by first initial plus surname', () => {
    const res = resolveNames(['J. Vallery', 'J Denworth']);
    expect(res.links['J. Vallery']).toBeNull();
    expect(res.links['J Denworth']).toBeNull();
    expect(res.newEntities).toEqual([]);
  });

  it('never matches accounts by substring: AI is not OpenAI, and is no entity at all', () => {
    const res = resolveNames(['AI', 'Cloud', 'Open'], 'account');
    expect(res.links.AI).toBeNull();
    expect(res.links.Cloud).toBeNull();
    expect(res.newEntities.map((e) => e.name)).toEqual(['Open']);
  });

  it('does not link a variant whose email domain contradicts the candidate', () => {
    const ex = extraction({ participants: [{ name: 'Jeffrey Denworth', email: 'jdenworth@acme-storage.com' }] });
    const res = resolveExtraction(ex, envelope(), reg, config);
    expect(res.links['Jeffrey Denworth']).not.toBe(id('Jeff Denworth'));
  });

  it('does not guess between two equally good candidates', () => {
    const twins = buildRegistry(
      [page('People/Dana Whitfield/README.md', 'type: person'), page('People/Dana Whitfeld/README.md', 'type: person')],
      config,
    );
    const ex = extraction({ mentions: [{ kind: 'person', name: 'Dana Whitfiled', email: null }] });
    const res = resolveExtraction(ex, envelope(), twins, config);
    expect(res.links['Dana Whitfiled']).toBeNull();
    expect(res.ambiguous).toEqual([{ name: 'Dana Whitfiled', candidates: ['Dana Whitfeld', 'Dana Whitfield'] }]);
  });
});

describe('resolveExtraction: new entities', () => {
  it('creates people from participants and accounts from their email domains, never from generic labels', () => {
    const ex = extraction({
      participants: [
        { name: 'Kushal Datta', email: 'kushal.datta@microsoft.com' },
        { name: 'Speaker 1', email: null },
        { name: 'zoom.us', email: null },
        { name: 'Lior Genzel', email: 'lior.genzel@vastdata.com' },
      ],
      tasks: [
        {
          id: 't1',
          text: 'Send the proposal',
          owner: 'Myself',
          due: null,
          priority: null,
          status: 'proposed',
          evidence: 'x',
        },
        { id: 't2', text: 'Book a room', owner: 'TBD', due: null, priority: null, status: 'proposed', evidence: 'x' },
      ],
    });
    const res = resolveExtraction(ex, envelope(), reg, config);
    const created = res.newEntities.map((e) => `${e.kind}:${e.name}:${e.organisation ?? ''}`).sort();
    expect(created).toEqual(['person:Kushal Datta:Microsoft', 'person:Lior Genzel:VAST Data']);
    // VAST Data is known from the config before any page exists.
    expect(res.domains['vastdata.com']).toBe('account:vast-data');
    expect(res.links['Speaker 1']).toBeNull();
    expect(res.links['zoom.us']).toBeNull();
    expect(res.links.Myself).toBe(reg.ownerId);
    expect(res.links.TBD).toBeNull();
    // Microsoft is touched through Kushal's address; the owner's own organisation is not touched by every mail.
    expect(res.touched).toContain(id('Microsoft'));
    expect(res.touched).not.toContain('account:vast-data');
  });

  it('resolves a spelling variant to a person created earlier in the same source', () => {
    const ex = extraction({
      participants: [{ name: 'Kanchan Mehrotra', email: 'kanchan.mehrotra@vastdata.com' }],
      mentions: [{ kind: 'person', name: 'Kanchan Mehrota', email: null }],
    });
    const res = resolveExtraction(ex, envelope(), reg, config);
    expect(res.links['Kanchan Mehrota']).toBe(res.links['Kanchan Mehrotra']);
    expect(res.newEntities.filter((e) => e.kind === 'person')).toHaveLength(1);
  });

  it('links a bare given name only to the one participant of the source it can mean', () => {
    const ex = extraction({
      participants: [
        { name: 'Jeff Denworth', email: null },
        { name: 'Lior Genzel', email: null },
      ],
      mentions: [
        { kind: 'person', name: 'Jeffrey', email: null },
        { kind: 'person', name: 'Renen', email: null },
      ],
    });
    // both speak in the call (the adapter shows them), so both have met the owner
    const speakers = envelope({
      participants: [
        { name: 'Jeff Denworth', roles: ['speaker'] },
        { name: 'Lior Genzel', roles: ['speaker'] },
      ],
    });
    const res = resolveExtraction(ex, speakers, reg, config);
    expect(res.links.Jeffrey).toBe(id('Jeff Denworth'));
    expect(res.links.Renen).toBeNull();
    expect(res.newEntities.map((e) => e.name)).toEqual(['Lior Genzel']);
  });

  it('files nothing under a surname that is too short to be distinctive when spelled differently', () => {
    const ex = extraction({
      participants: [{ name: 'Avery Pham', email: null }],
      mentions: [{ kind: 'person', name: 'Avery Phan', email: null }],
    });
    const res = resolveExtraction(
      ex,
      envelope({ participants: [{ name: 'Avery Pham', roles: ['speaker'] }] }),
      reg,
      onePage,
    );
    expect(res.links['Avery Phan']).not.toBe(res.links['Avery Pham']);
  });

  it('creates people only from mentions that look like real full names', () => {
    const res = resolveNames(['Renen Hallak', 'Aung (Unknown)', 'the team', 'AKS AI Roadshow', 'Scott G']);
    expect(res.newEntities.map((e) => e.name)).toEqual(['Renen Hallak']);
  });
});

describe('resolveExtraction: names as speech-to-text writes them', () => {
  const google = buildRegistry(
    [
      page('People/David Pawlak/README.md', 'type: person\nemails: [dpawlak@google.com]\norganisation: Google'),
      page('People/Mallikarjun Chadalapaka/README.md', 'type: person\nemails: [mkchad@google.com]'),
      page('People/Olivia Bao/README.md', 'type: person\nemails: [olivia.bao@alphasights.com]'),
    ],
    config,
  );
  const heard = (names: string[], kind: 'transcript' | 'email') =>
    resolveExtraction(
      extraction({ mentions: names.map((name) => ({ kind: 'person' as const, name, email: null })) }),
      envelope({ kind }),
      google,
      onePage,
    );

  it('hears David Pollack as David Pawlak and Malik Karjan as Mallikarjun, in a transcript only', () => {
    const call = heard(['David Pollack', 'Malik Karjan', 'Olivia Bouree'], 'transcript');
    expect(call.links['David Pollack']).toBe('person:david-pawlak');
    expect(call.links['Malik Karjan']).toBe('person:mallikarjun-chadalapaka');
    // a different family name is a different person, heard or not
    expect(call.links['Olivia Bouree']).not.toBe('person:olivia-bao');
    const mail = heard(['David Pollack'], 'email');
    expect(mail.links['David Pollack']).not.toBe('person:david-pawlak');
  });
});

describe('resolveExtraction: evidence before a page', () => {
  it('holds a participant only the extractor names (an introduction, a misheard name) to the mention rule', () => {
    const ex = extraction({
      participants: [
        { name: 'Director Hampson', email: null },
        { name: 'Tiffany Stonehill', email: null },
        { name: 'Arik Kishner', email: 'arik@example-corp.com' },
      ],
    });
    const res = resolveExtraction(ex, envelope({ kind: 'transcript' }), reg, config);
    expect(res.newEntities.filter((e) => e.kind === 'person').map((e) => e.name)).toEqual(['Arik Kishner']);
  });

  it('never makes a person of a fragment, a title or an organisation', () => {
    const env = envelope({
      participants: [
        { name: 'Jeff Denworth Why', roles: ['speaker'] },
        { name: 'Director Hampson', roles: ['speaker'] },
        {
          name: 'Express Scripts Pharmacy',
          email: 'express-scripts-pharmacy@orders.express-scripts.com',
          roles: ['from'],
        },
      ],
    });
    const res = resolveExtraction(extraction(), env, reg, onePage);
    expect(res.newEntities.filter((e) => e.kind === 'person')).toEqual([]);
  });

  const mention = (source_id: string, name: string, kind: 'person' | 'account' = 'person') =>
    extraction({ source_id, mentions: [{ kind, name, email: null }] });

  it('makes a page for whoever wrote, received or spoke, at once', () => {
    const ex = extraction({ participants: [{ name: 'Renen Hallak', email: 'renen@vastdata.com' }] });
    expect(resolveExtraction(ex, envelope(), reg, config).newEntities.map((e) => e.name)).toEqual(['Renen Hallak']);
  });

  it('leaves a name mentioned once in passing as plain text, and makes its page when a second source names it', () => {
    const mentions = new MentionHistory();
    const first = resolveExtraction(mention('s1', 'Kurt Vonnegut'), envelope({ source_id: 's1' }), reg, config, {
      mentions,
    });
    expect(first.newEntities).toEqual([]);
    expect(first.links['Kurt Vonnegut']).toBeNull();
    // the same source again (a reprocess) is still one source
    const again = resolveExtraction(mention('s1', 'Kurt Vonnegut'), envelope({ source_id: 's1' }), reg, config, {
      mentions,
    });
    expect(again.newEntities).toEqual([]);
    const second = resolveExtraction(mention('s2', 'Vonnegut, Kurt'), envelope({ source_id: 's2' }), reg, config, {
      mentions,
    });
    expect(second.newEntities.map((e) => e.name)).toEqual(['Kurt Vonnegut']);
  });

  it('counts sources of earlier runs from their stored extractions, but not the ones processed again', () => {
    const stored = JSON.stringify({
      extraction: { source_id: 'old', mentions: [{ kind: 'account', name: 'Walmart', email: null }] },
    });
    const fresh = new MentionHistory(() => [stored]);
    expect(
      resolveExtraction(mention('new', 'Walmart', 'account'), envelope({ source_id: 'new' }), reg, config, {
        mentions: fresh,
      }).newEntities.map((e) => e.name),
    ).toEqual(['Walmart']);
    const rebuilding = new MentionHistory(() => [stored], new Set(['old']));
    expect(
      resolveExtraction(mention('new', 'Walmart', 'account'), envelope({ source_id: 'new' }), reg, config, {
        mentions: rebuilding,
      }).newEntities,
    ).toEqual([]);
  });
});
