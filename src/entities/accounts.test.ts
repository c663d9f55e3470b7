import { describe, expect, it } from 'vitest';
import { accountNameForEmail, canonicalAccountName, isPersonalDomain } from './accounts.ts';
import { buildRegistry, entityKey, lookupKey } from './registry.ts';
import { resolveExtraction } from './resolve.ts';
import { demoConfig, envelope, extraction } from './testing.ts';

/** The owner: a work address and a personal one, both in owner.emails. */
const base = demoConfig('  min_sources: 1');
const config = {
  ...base,
  owner: { ...base.owner, emails: ['jason.vallery@vastdata.com', 'jason@vallery.net'] },
  entities: { ...base.entities, domains: {} },
};

describe('accounts from addresses', () => {
  it('maps the owner work domain to the organisation and the personal one to no account', () => {
    expect(accountNameForEmail('jeff@vastdata.com', config)).toBe('VAST Data');
    expect(accountNameForEmail('james@vallery.net', config)).toBeNull();
    expect(accountNameForEmail('someone@gmail.com', config)).toBeNull();
    expect(accountNameForEmail('a@outlook.com', config)).toBeNull();
  });

  it('knows a family or vanity domain by the person it is named after', () => {
    expect(isPersonalDomain('james@vallery.net', 'James Vallery')).toBe(true);
    expect(isPersonalDomain('jeff@vastdata.com', 'Jeff Denworth')).toBe(false);
  });

  it('files AWS, Amazon Web Services and Amazon as one account, shown as AWS', () => {
    expect(accountNameForEmail('buyer@amazon.com', config)).toBe('AWS');
    expect(canonicalAccountName('Amazon Web Services')).toBe('AWS');
    expect(canonicalAccountName('Amazon.com, Inc.')).toBe('Amazon.com, Inc.');
    expect(entityKey('account', 'Amazon Inc.')).toBe(entityKey('account', 'AWS'));
    expect(entityKey('account', 'Amazon Web Services')).toBe(entityKey('account', 'AWS'));
    expect(entityKey('account', 'Azure')).not.toBe(entityKey('account', 'AWS'));
  });
});

describe('accounts in resolution', () => {
  const reg = buildRegistry([], config);

  it('makes one AWS account of every name of Amazon, and the owner organisation is an account', () => {
    const ex = extraction({
      mentions: [
        { kind: 'account', name: 'Amazon', email: null },
        { kind: 'account', name: 'AWS', email: null },
        { kind: 'account', name: 'Amazon Web Services', email: null },
      ],
    });
    const res = resolveExtraction(ex, envelope(), reg, config);
    expect(res.newEntities.map((e) => e.name)).toEqual(['AWS']);
    expect(new Set(Object.values(res.links))).toEqual(new Set(['account:aws']));
    expect(lookupKey(reg, 'account', 'VAST Data')).toEqual(['account:vast-data']);
  });

  it('makes no account of the owner family domain, whoever writes from it', () => {
    const env = envelope({
      participants: [
        { name: 'Jason Vallery', email: 'jason@vallery.net', roles: ['from'] },
        { name: 'James Vallery', email: 'james@vallery.net', roles: ['from'] },
        { name: 'Jeff Denworth', email: 'jeff@vastdata.com', roles: ['from'] },
      ],
    });
    // as in the dev fixtures: only the work address is configured
    const workOnly = { ...config, owner: { ...config.owner, emails: ['jason.vallery@vastdata.com'] } };
    const res = resolveExtraction(extraction(), env, buildRegistry([], workOnly), workOnly);
    expect(res.newEntities.filter((e) => e.kind === 'account').map((e) => e.name)).toEqual([]);
    expect(Object.keys(res.domains)).toEqual(['vastdata.com']);
  });
});
