import { describe, expect, it } from 'vitest';
import { foldName, looksLikeFullName, nameFromEmail, nameKey, slug } from './names.ts';
import { areNicknames, groupCount, nicknameTable } from './nicknames.ts';
import { demoConfig } from './testing.ts';

describe('name keys', () => {
  it('folds accents, case, punctuation and "Last, First" order', () => {
    expect(foldName('José  García-Núñez')).toBe('jose garcia nunez');
    expect(nameKey('Denworth, Jeff')).toBe('jeff denworth');
    expect(nameKey('Maneesh (Unknown)')).toBe('maneesh');
    expect(slug('Jonsi Stefánsson')).toBe('jonsi-stefansson');
  });

  it.each([
    ['Jeff Denworth', true],
    ['Mohamad Al Jazaery', true],
    ['Ludwig van Beethoven', true],
    ['Speaker 1', false],
    ['J. Smith', false],
    ['AKS AI Roadshow', false],
    ['the team', false],
    ['Scott G', false],
  ])('looksLikeFullName(%s) is %s', (name, expected) => {
    expect(looksLikeFullName(name)).toBe(expected);
  });

  it('reads first.last addresses only', () => {
    expect(nameFromEmail('lior.genzel@vastdata.com')).toBe('Lior Genzel');
    expect(nameFromEmail('jeff@vastdata.com')).toBeNull();
  });
});

describe('nickname table', () => {
  const table = nicknameTable(demoConfig('  nicknames: [[Shachar, Shahar]]'));
  it('knows about a hundred given-name groups plus the vault’s own', () => {
    expect(groupCount(table)).toBeGreaterThanOrEqual(100);
    expect(areNicknames(table, 'shachar', 'shahar')).toBe(true);
  });
  it.each([
    ['jeff', 'jeffrey', true],
    ['bob', 'robert', true],
    ['maneesh', 'manish', true],
    ['jonsi', 'jon', true],
    ['chris', 'christine', true],
    ['christopher', 'christine', false],
    ['jason', 'james', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(areNicknames(table, a, b)).toBe(expected);
  });
});
