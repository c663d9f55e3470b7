import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import esm from 'compromise';
import { describe, expect, it, vi } from 'vitest';
import { hasAnyTag, hasTag, infinitiveOf, matchHasTag, peopleAndOrganizationsIn, peopleIn } from './compromise.ts';
import { nlpHost, nlpThreadHosts } from './nlp-host.ts';
import { analyse } from './offline/model/nlp.ts';

const require = createRequire(import.meta.url);
const text = 'Hi John Smith, can Maria Garcia send the Acme Corp report to Dana on Friday?';

describe('compromise, as Distill asks it', () => {
  it('reads text as the ESM build does', () => {
    expect(peopleIn(text)).toEqual(esm(text).people().out('array'));
    expect(peopleIn(text)).toEqual(['John Smith,', 'Maria Garcia', 'Dana']);
    expect(hasTag('Maria', '#FirstName')).toBe(true);
    expect(hasAnyTag('send', ['#Adjective', '#Verb'])).toBe(true);
    expect(matchHasTag('Glenn, can you send it?', 'Glenn', '#Person')).toBe(true);
    expect(infinitiveOf('reviewing')).toBe('review');
    expect(peopleAndOrganizationsIn('Dana Reyes joined Acme Corp.').organizations).toEqual(['Acme Corp.']);
  });
});

describe('NLP in worker threads (distill extract) and in-process (distill run)', () => {
  it('gives the same answers both ways', () => {
    const questions: ['compromise' | 'wink' | 'chrono', string, unknown[]][] = [
      ['compromise', 'people', [text]],
      ['compromise', 'peopleAndOrganizations', [text]],
      ['compromise', 'hasAny', ['Maria', ['#FirstName']]],
      ['compromise', 'hasAny', ['quickly', ['#Verb', '#Adverb']]],
      ['compromise', 'matchHas', [text, 'Dana', '#Person']],
      ['compromise', 'infinitive', ['reviewing']],
      ['wink', 'analyse', ["I'll send Jason the deck by Friday, 3 PM."]],
      ['chrono', 'parse', ['Can we meet Monday (12/15) at 10am PT, or by Friday?', new Date(2025, 11, 10), {}]],
    ];
    const hosts = {
      thread: {
        compromise: nlpHost('compromise', 'thread'),
        wink: nlpHost('wink', 'thread'),
        chrono: nlpHost('chrono', 'thread'),
      },
      inline: {
        compromise: nlpHost('compromise', 'inline'),
        wink: nlpHost('wink', 'inline'),
        chrono: nlpHost('chrono', 'inline'),
      },
    };
    for (const [lib, op, args] of questions) {
      expect(hosts.thread[lib].call(op, args), `${lib}.${op}`).toEqual(hosts.inline[lib].call(op, args));
    }
    expect(hosts.thread.wink.call('analyse', ['Send it.'])).toEqual(analyse('Send it.'));
  });

  it('reports a library its thread could not load (callNlp then loads it in-process)', () => {
    expect(() => nlpHost('no-such-library' as 'wink', 'thread').call('analyse', ['Send it.'])).toThrow(
      /not a function/,
    );
  });

  it("passes an operation's own error back to the caller", () => {
    expect(() => nlpHost('compromise', 'thread').call('no-such-op', [])).toThrow();
  });

  it('a command that extracts once starts compromise in a thread; wink and chrono load here meanwhile', async () => {
    vi.resetModules();
    const host = await import('./nlp-host.ts');
    const fresh = await import('./compromise.ts');
    host.startNlpThreads();
    expect(host.nlpMode('compromise')).toBe('thread');
    expect(host.nlpMode('wink')).toBe('unloaded');
    host.loadNlp();
    expect(host.nlpMode('wink')).toBe('inline');
    expect(host.nlpMode('chrono')).toBe('inline');
    expect(fresh.peopleIn(text)).toEqual(['John Smith,', 'Maria Garcia', 'Dana']);
  });

  it('a thread loading several libraries answers for each, whichever is asked first', () => {
    const both = nlpThreadHosts(['compromise', 'chrono']);
    const when = ['Send it by Friday', new Date(2025, 11, 10), {}];
    // chrono loads second: the question waits for it, and is not answered "not loaded"
    expect(both.get('chrono')!.call('parse', when)).toEqual(nlpHost('chrono', 'inline').call('parse', when));
    expect(both.get('compromise')!.call('people', [text])).toEqual(['John Smith,', 'Maria Garcia', 'Dana']);
  });
});

describe("wink's model, loaded faster than its package loads it", () => {
  it('is the model the package builds', () => {
    const { WINK } = require('./nlp-ops.cjs') as {
      WINK: { winkCoreModel(): unknown; winkModel(): Record<string, unknown> };
    };
    const pkg = require('wink-eng-lite-web-model') as Record<string, unknown> & { core(): unknown };
    expect(isDeepStrictEqual(WINK.winkCoreModel(), pkg.core())).toBe(true);
    const ours = WINK.winkModel();
    expect(Object.keys(ours).sort()).toEqual(Object.keys(pkg).sort());
    for (const k of Object.keys(pkg)) if (k !== 'core') expect(ours[k], k).toEqual(pkg[k]);
  });
});
