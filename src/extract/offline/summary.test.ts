import { describe, expect, it } from 'vitest';
import type { SourceEnvelope } from '../../ingest/envelope.ts';
import type { Unit } from './sentences.ts';
import { withoutGluedName } from './spoken.ts';
import { conversationSummary, emailSummary, extractSummary } from './summary.ts';

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

describe('what a summary leaves out', () => {
  it("passes over pleasantries, a task list's metadata, signatures and mail banners", () => {
    const units = [
      u('Happy holidays to all and happy new year!', 1),
      u('I hope this message finds you well.', 1),
      u('@Tomer ⏫ ✅ 2025-11-08 and the pricing structure goes to the field', 1),
      u('Global Sales & Strategic Alliances | Microsoft Azure and partners', 1),
      u("You don't often get email from jason@example.com. Learn why this is important", 1),
      u('Walmart still needs a hybrid solution for their data team long term.', 1),
      u('I hope that we can close the Walmart renewal by the end of January.', 0),
    ];
    expect(emailSummary(units)).toBe(
      'Walmart still needs a hybrid solution for their data team long term. I hope that we can close the Walmart renewal by the end of January.',
    );
  });

  it('falls back to the short lines of a note of bullets rather than say nothing; a mail of none stays empty', () => {
    const bullets = [u('- Hardware SKU from MSFT', 0), u('- POC with MAI', 0), u('- What does this mean?', 0)];
    const doc = { kind: 'document' } as SourceEnvelope;
    expect(extractSummary(doc, bullets)).toBe('Hardware SKU from MSFT. POC with MAI.');
    expect(extractSummary({ kind: 'email' } as SourceEnvelope, bullets)).toBe('');
  });
});

describe('withoutGluedName', () => {
  it.each([
    ["Jason ValleryYeah, I'm still convinced we should test it.", "Yeah, I'm still convinced we should test it."],
    ['Jason Valleryor something like that, the ultra tier.', 'or something like that, the ultra tier.'],
    ['Jason Vallery- Yeah, I mean, I want to see it.', 'Yeah, I mean, I want to see it.'],
    ['Lior GenzelHey, the cluster is up.', 'Hey, the cluster is up.'],
    // a name followed by a space is the speech itself
    ['Jason Vallery said the cluster is up.', 'Jason Vallery said the cluster is up.'],
    ['Microsoft Azure is where the cluster runs.', 'Microsoft Azure is where the cluster runs.'],
    ['New York-based teams run the cluster.', 'New York-based teams run the cluster.'],
  ])('%j -> %j', (text, out) => {
    expect(withoutGluedName(text, ['Jason Vallery'])).toBe(out);
  });

  it("keeps a transcript's summary free of the names its transcriber glued to the turns", () => {
    const call = { kind: 'transcript' } as SourceEnvelope;
    const units = [u("Jason ValleryI'm still convinced that we need to take the cache design forward.", 0)];
    expect(extractSummary(call, units, ['Jason Vallery'])).toBe(
      "I'm still convinced that we need to take the cache design forward.",
    );
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
