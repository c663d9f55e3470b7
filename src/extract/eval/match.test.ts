import { describe, expect, it } from 'vitest';
import { greedyMatch, itemScore, itemTokens, matchItems, matchNames, normaliseName, samePerson } from './match.ts';

describe('normaliseName', () => {
  it('folds case and accents, drops notes in parentheses, turns "Last, First" round', () => {
    expect(normaliseName('Violet (last name unknown)')).toBe('violet');
    expect(normaliseName('Denworth, Jeff')).toBe('jeff denworth');
    expect(normaliseName('Jonsi Stefánsson')).toBe('jonsi stefansson');
  });

  it("maps the owner's names, aliases and addresses and Myself to myself", () => {
    const owner = ['Jason Vallery', 'Jason', 'jason.vallery@vastdata.com'];
    expect(normaliseName('Jason Vallery', owner)).toBe('myself');
    expect(normaliseName('Vallery, Jason', owner)).toBe('myself');
    expect(normaliseName('JASON', owner)).toBe('myself');
    expect(normaliseName('Jason.Vallery@vastdata.com', owner)).toBe('myself');
    expect(normaliseName('Myself')).toBe('myself');
    expect(normaliseName('Jason Taylor', owner)).toBe('jason taylor');
  });
});

describe('samePerson', () => {
  it('matches a surname with the same first initial, or a lone first name', () => {
    expect(samePerson('jeff denworth', 'jeffrey denworth')).toBe(true);
    expect(samePerson('jeff a denworth', 'jeff denworth')).toBe(true);
    expect(samePerson('lior', 'lior genzel')).toBe(true);
    expect(samePerson('jeff denworth', 'jeff bezos')).toBe(false);
    expect(samePerson('jeff denworth', 'mike denworth')).toBe(false);
    expect(samePerson('lior', 'noa')).toBe(false);
  });

  it('lets myself and tbd equal only themselves', () => {
    expect(samePerson('myself', 'myself')).toBe(true);
    expect(samePerson('tbd', 'tbd')).toBe(true);
    expect(samePerson('myself', 'myself cohen')).toBe(false);
    expect(samePerson('tbd', 'tbd cohen')).toBe(false);
    expect(samePerson('', '')).toBe(false);
  });
});

describe('matchNames', () => {
  it('matches exact names first, then unambiguous samePerson pairs', () => {
    expect(matchNames(['shahar', 'violet'], ['shahar cohen', 'violet smith'])).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(matchNames(['jeff denworth'], ['jeff'])).toEqual([[0, 0]]);
    expect(matchNames(['jeff denworth'], ['jeffrey denworth'])).toEqual([[0, 0]]);
    // Exact first: "david cohen" takes its twin, so the lone "david" is left for "david levi".
    expect(matchNames(['david', 'david cohen'], ['david cohen', 'david levi'])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('leaves an ambiguous first name unmatched', () => {
    expect(matchNames(['david'], ['david cohen', 'david levi'])).toEqual([]);
    expect(matchNames(['david cohen', 'david levi'], ['david'])).toEqual([]);
  });
});

describe('greedyMatch', () => {
  it('pairs best scores first and uses each side once', () => {
    const score = (a: number, b: number) => 1 - Math.abs(a - b) / 10;
    expect(greedyMatch([1, 5], [5, 2, 9], score, 0.8)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(greedyMatch([1], [9], score, 0.8)).toEqual([]);
  });
});

const item = (text: string, evidence: string) => ({ text, evidence });

describe('item matching', () => {
  it('matches on evidence sharing >= 0.6 of the smaller word set, whatever the texts say', () => {
    const gold = item('Send Noa the date Google needs TLS on Block', 'can you please take it with google');
    const pred = item('Take TLS with Google', '@jason, can you please take it with google and find the date?');
    // The quote has only two content words (take, google) and the texts differ: no match.
    expect(itemScore(itemTokens(gold), itemTokens(pred))).toBe(0);
    const longer = item('Follow up', 'Noa asked: can you please take it with google and get the required date');
    const gold2 = item('Get Google required date for TLS', 'take it with google and get the required date');
    // Shared: take, google, requir, date = 4 of the smaller set's 4.
    expect(itemScore(itemTokens(gold2), itemTokens(longer))).toBe(1);
  });

  it('needs at least 3 shared evidence words, and 0.6 of the smaller set', () => {
    const gold = item('Quebec', 'alpha bravo');
    expect(itemScore(itemTokens(gold), itemTokens(item('Romeo', 'alpha bravo kilo lima')))).toBe(0);
    const three = item('Quebec', 'alpha bravo kilo');
    expect(itemScore(itemTokens(three), itemTokens(item('Romeo', 'alpha bravo kilo lima')))).toBe(1);
    // 3 shared of the smaller set's 6 is 0.5: no match.
    const six = item('Quebec', 'alpha bravo kilo lima mike oscar');
    expect(itemScore(itemTokens(six), itemTokens(item('Romeo', 'alpha bravo kilo papa sierra tango')))).toBe(0);
    // 4 of 6 is 0.67: a match.
    expect(itemScore(itemTokens(six), itemTokens(item('Romeo', 'alpha bravo kilo lima sierra tango')))).toBeCloseTo(
      4 / 6,
    );
  });

  it('matches on text Jaccard >= 0.5 when the quotes differ', () => {
    const gold = item('Send the pricing deck to Jeff', 'alpha bravo kilo');
    expect(itemScore(itemTokens(gold), itemTokens(item('Send pricing deck to Jeff.', 'lima mike oscar')))).toBe(1);
    // {send, pric, deck, jeff} vs {send, pric, deck, board, friday}: 3/6.
    expect(
      itemScore(itemTokens(gold), itemTokens(item('Send the pricing deck to the board Friday', 'lima mike oscar'))),
    ).toBeCloseTo(0.5);
    expect(itemScore(itemTokens(gold), itemTokens(item('Book the venue for Jeff', 'lima mike oscar')))).toBe(0);
    expect(itemScore(itemTokens(item('Do it', 'x')), itemTokens(item('Do it', 'y')))).toBe(0);
  });

  it('pairs one-to-one, best pairs first', () => {
    const gold = [item('Quebec', 'alpha bravo charlie delta echo'), item('Romeo', 'alpha bravo charlie kilo lima')];
    const predicted = [
      item('Sierra', 'alpha bravo charlie kilo lima'), // 1.0 with gold[1], 0.6 with gold[0]
      item('Tango', 'alpha bravo charlie delta mike'), // 0.8 with gold[0], 0.6 with gold[1]
    ];
    // Taking pairs in list order would give gold[0] the first prediction and leave gold[1] the weaker one.
    expect(matchItems(gold, predicted)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    // Two predictions of the same gold item: one matches, the other is a false positive.
    expect(matchItems([gold[0]!], [gold[0]!, gold[0]!])).toEqual([[0, 0]]);
  });
});
