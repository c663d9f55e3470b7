import { describe, expect, it } from 'vitest';
import { isOwnerAddress, ownerDomains, ownerFirstNames, ownerMatcher, ownerNames } from './owner.ts';

const cfg = { owner: { name: 'Jane Doe', aliases: ['JD'], emails: ['Jane.Doe@Example.com'] } };

describe('owner identity', () => {
  it('knows the owner by name, alias, "Myself" or address, in any case', () => {
    const isOwner = ownerMatcher(cfg);
    expect(isOwner('jane doe')).toBe(true);
    expect(isOwner(' JD ')).toBe(true);
    expect(isOwner('Myself')).toBe(true);
    expect(isOwner('Someone', 'jane.doe@example.com')).toBe(true);
    expect(isOwner('Jane')).toBe(false);
    expect(isOwner(null, 'other@example.com')).toBe(false);
  });

  it('compares a raw header name in display form when the caller gives the normaliser', () => {
    const flip = (n: string) => n.split(',').reverse().join(' ').trim();
    expect(ownerMatcher(cfg)('Doe, Jane')).toBe(false);
    expect(ownerMatcher(cfg, flip)('Doe, Jane')).toBe(true);
  });

  it('answers for an address the same way', () => {
    expect(isOwnerAddress({ name: 'Jane Doe' }, cfg)).toBe(true);
    expect(isOwnerAddress({ email: 'JANE.DOE@example.com' }, cfg)).toBe(true);
    expect(isOwnerAddress({ name: 'Bob', email: 'bob@example.com' }, cfg)).toBe(false);
  });

  it('lists the names, first names and domains the owner goes by', () => {
    expect(ownerNames(cfg)).toEqual(['myself', 'jane doe', 'jd']);
    expect(ownerFirstNames(cfg)).toEqual(['jane', 'jd']);
    expect(ownerDomains(cfg)).toEqual(['example.com']);
  });

  it('never takes an empty configured name for a match', () => {
    expect(ownerMatcher({ owner: { name: '', aliases: [], emails: [] } })('  ')).toBe(false);
  });
});
