import esm from 'compromise';
import { describe, expect, it, vi } from 'vitest';
import { hasAnyTag, hasTag, infinitiveOf, matchHasTag, peopleAndOrganizationsIn, peopleIn } from './compromise.ts';
import { nlpHost } from './nlp-host.ts';
import { analyse } from './offline/model/nlp.ts';

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
    const questions: ['compromise' | 'wink', string, unknown[]][] = [
      ['compromise', 'people', [text]],
      ['compromise', 'peopleAndOrganizations', [text]],
      ['compromise', 'hasAny', ['Maria', ['#FirstName']]],
      ['compromise', 'hasAny', ['quickly', ['#Verb', '#Adverb']]],
      ['compromise', 'matchHas', [text, 'Dana', '#Person']],
      ['compromise', 'infinitive', ['reviewing']],
      ['wink', 'analyse', ["I'll send Jason the deck by Friday, 3 PM."]],
    ];
    const hosts = {
      thread: { compromise: nlpHost('compromise', 'thread'), wink: nlpHost('wink', 'thread') },
      inline: { compromise: nlpHost('compromise', 'inline'), wink: nlpHost('wink', 'inline') },
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

  it('runs both libraries in threads once a command asks for it, before anything is asked', async () => {
    vi.resetModules();
    const host = await import('./nlp-host.ts');
    const fresh = await import('./compromise.ts');
    host.startNlpThreads();
    expect(host.nlpMode('compromise')).toBe('thread');
    expect(host.nlpMode('wink')).toBe('thread');
    expect(fresh.peopleIn(text)).toEqual(['John Smith,', 'Maria Garcia', 'Dana']);
  });
});
