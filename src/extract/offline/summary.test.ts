import { describe, expect, it } from 'vitest';
import type { Unit } from './sentences.ts';
import { conversationSummary, emailSummary } from './summary.ts';

function u(text: string, index: number, speaker = 'Noa Cohen', position = 0): Unit {
  return { text, speaker, audience: [], ref: null, index, position };
}

describe('emailSummary', () => {
  it('starts with the newest message, skips greetings and writes prose without speaker prefixes', () => {
    const units = [
      u('I believe TLS for Block was planned for release 5.6 this year.', 0, 'Itzik Reich'),
      u('Hi Itzik,', 1),
      u('It was in 5.6 but deferred for other protocol features.', 1),
    ];
    expect(emailSummary(units)).toBe(
      'It was in 5.6 but deferred for other protocol features. I believe TLS for Block was planned for release 5.6 this year.',
    );
  });

  it('leaves checkboxes, table rows and labelled fields out', () => {
    const units = [
      u('- [x] Send the pricing deck to the Microsoft team today', 1),
      u('| Region | Capacity | Price per GiB | Support |', 1),
      u('Sales Engineer: Chuck Cancilla on the DGX Cloud opportunity', 1),
      u('The customer wants dual Uplink visibility across both clusters.', 1),
    ];
    expect(emailSummary(units)).toBe('The customer wants dual Uplink visibility across both clusters.');
  });
});

describe('conversationSummary', () => {
  it('leaves the questions of a call out', () => {
    const units = [
      u('Better together of combining VAST with Azure Blob for this MAI requirement?', 0),
      u('The MAI requirement needs VAST and Azure Blob together for training storage.', 1),
    ];
    expect(conversationSummary(units)).toBe(
      'The MAI requirement needs VAST and Azure Blob together for training storage.',
    );
  });

  it('picks the sentences whose words recur most, in spoken order, at most three', () => {
    const units = [
      u('Yeah, right, that is fine with me.', 0),
      u('Multi-tenancy gaps block the cloud roadmap for the next release.', 1),
      u('The weather in Tel Aviv was lovely this week.', 2),
      u('We need multi-tenancy in the cloud roadmap before the release.', 3),
      u('Cloud customers ask for multi-tenancy in every release review.', 4),
      u('My kids started school again on Monday morning.', 5),
    ];
    const s = conversationSummary(units);
    expect(s).toBe(
      'Multi-tenancy gaps block the cloud roadmap for the next release. We need multi-tenancy in the cloud roadmap before the release. Cloud customers ask for multi-tenancy in every release review.',
    );
  });

  it('ranks hedged and filler-laden talk below plain statements, drops repeats and spoken openers', () => {
    const units = [
      u('If we get a no, then you know it might be a no for the cloud roadmap.', 0),
      u('So, multi-tenancy gaps block the cloud roadmap for release 5.5.', 1),
      u('Multi-tenancy gaps block the cloud roadmap for release 5.5, really.', 2),
      u('The cloud roadmap needs multi-tenancy before the 5.5 release review.', 3),
      u('He said, "the cloud roadmap is fine."', 4),
    ];
    expect(conversationSummary(units, 2)).toBe(
      'Multi-tenancy gaps block the cloud roadmap for release 5.5. The cloud roadmap needs multi-tenancy before the 5.5 release review.',
    );
    expect(conversationSummary([units[4] as Unit], 1)).toBe('He said, "the cloud roadmap is fine."');
  });

  it('is empty when nothing substantial was said', () => {
    expect(conversationSummary([u('Okay.', 0), u('Yes.', 1)])).toBe('');
  });
});
