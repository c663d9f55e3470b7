import { describe, expect, it } from 'vitest';
import { isFreeMailDomain } from './names.ts';

describe('free-mail domains', () => {
  it('knows the big providers and the regional ones, in any case', () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('GMX.de')).toBe(true);
    expect(isFreeMailDomain('comcast.net')).toBe(true);
  });

  it('does not take a company domain for free mail', () => {
    expect(isFreeMailDomain('vastdata.com')).toBe(false);
    expect(isFreeMailDomain('mail.vastdata.com')).toBe(false);
  });
});
