import { describe, expect, it } from 'vitest';
import {
  cutExport,
  cutTranscript,
  goldSource,
  messageCount,
  shiftExportDays,
  singleMessageExport,
  withSummary,
} from '../../test/helpers/exports.ts';
import {
  type ConversationFingerprint,
  conversationKey,
  conversationSubject,
  dayOfLooseDate,
  fingerprint,
  groupConversations,
  legacyConversationKeys,
  mayBeSameConversation,
  mergeEnvelopes,
  sameConversation,
} from './conversation.ts';
import { parseDocument } from './document.ts';
import { buildEmailEnvelope, quotedMessagesOf } from './email-common.ts';
import { looksLikeEmailMarkdown, parseEmailMarkdown } from './email-md.ts';
import type { EmailMessage, SourceEnvelope } from './envelope.ts';
import { prepareText } from './index.ts';
import { looksLikeTranscript, parseTranscript } from './transcript.ts';

const MTIME = new Date('2026-01-06T00:00:00Z');

/** What the adapters make of a text (the way ingestFile would read it). */
function envOf(raw: string, file: string): SourceEnvelope {
  const { text } = prepareText(raw);
  if (looksLikeEmailMarkdown(text)) return parseEmailMarkdown(text, file);
  if (looksLikeTranscript(text, file)) return parseTranscript(text, file, MTIME);
  return parseDocument(text, file, MTIME);
}

const same = (a: SourceEnvelope, b: SourceEnvelope) => sameConversation(fingerprint(a), fingerprint(b));

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** A stable view of a partition of envelopes: groups of source ids, sorted. */
function partition(envs: SourceEnvelope[]): string[][] {
  const prints: ConversationFingerprint[] = envs.map(fingerprint);
  return groupConversations(prints)
    .map((g) => g.map((i) => envs[i]!.source_id).sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

// The AKS roadshow thread as exported on 2026-01-05 (5 messages), and as it would have been exported before.
const AKS = goldSource('e-20251219-74de19');
const aks2 = envOf(cutExport(AKS, 2, '2025-12-19 21:00:00'), 'aks-2.md');
const aks3 = envOf(cutExport(AKS, 3, '2026-01-05 10:30:00'), 'aks-3.md');
const aks5 = envOf(AKS, 'aks-5.md');
// Only the second message (Mohamad's reply), the first surviving as its quoted history.
const aksReplyOnly = envOf(singleMessageExport(AKS, 1), 'aks-reply.md');
const aksFirstOnly = envOf(cutExport(AKS, 1), 'aks-1.md');

describe('conversation subjects', () => {
  it.each([
    ['Re: Re: [EXTERNAL] AKS AI Roadshow - GBB - Vast', 'aks ai roadshow - gbb - vast'],
    ['RE: [External] : Re: Connecting with VAST', 'connecting with vast'],
    ['Connecting with VAST', 'connecting with vast'],
    ['EXTERNAL: Fwd: Connecting with VAST', 'connecting with vast'],
  ])('%j is %j', (subject, expected) => {
    expect(conversationSubject(subject)).toBe(expected);
  });

  it('reads the day of a quoting client date', () => {
    expect(dayOfLooseDate('Tue, Dec 16, 2025 at 12:50 PM')).toBe('2025-12-16');
    expect(dayOfLooseDate('Monday, December 1, 2025 2:16 PM')).toBe('2025-12-01');
    expect(dayOfLooseDate('16 Dec 2025 10:00')).toBe('2025-12-16');
    expect(dayOfLooseDate('12/16/2025')).toBe('2025-12-16');
    expect(dayOfLooseDate('yesterday')).toBeNull();
  });
});

describe('one mail thread exported at three points', () => {
  it('the cut exports really are earlier exports of the thread', () => {
    expect(messageCount(AKS)).toBe(5);
    expect(aks2.messages).toHaveLength(2);
    expect(aks3.messages).toHaveLength(3);
    expect(new Set([aks2.source_id, aks3.source_id, aks5.source_id]).size).toBe(3);
  });

  it('every pair is one conversation, and the three group as one', () => {
    expect(same(aks2, aks3)).toBe(true);
    expect(same(aks2, aks5)).toBe(true);
    expect(same(aks3, aks5)).toBe(true);
    expect(partition([aks2, aks3, aks5])).toHaveLength(1);
  });

  it('merges into one envelope: every message once, in order, whatever the order of the copies', () => {
    const merged = mergeEnvelopes([aks3, aks5, aks2]);
    expect(merged.envelope.messages.map((m) => m.date)).toEqual(aks5.messages.map((m) => m.date));
    expect(merged.envelope.messages.map((m) => m.body)).toEqual(aks5.messages.map((m) => m.body));
    expect(merged.copies.map((c) => c.path).sort()).toEqual(['aks-2.md', 'aks-3.md', 'aks-5.md']);
    // the earliest export's id is the conversation's by default
    expect(merged.envelope.source_id).toBe(aks2.source_id);
    for (const order of permutations([aks2, aks3, aks5])) {
      expect(mergeEnvelopes(order)).toEqual(merged);
    }
  });

  it('keeps the id it is given (the conversation already in the vault)', () => {
    const merged = mergeEnvelopes([aks2, aks5], { sourceId: aks5.source_id });
    expect(merged.envelope.source_id).toBe(aks5.source_id);
    expect(merged.copies.map((c) => c.source_id).sort()).toEqual([aks2.source_id, aks5.source_id].sort());
  });

  it('the newest export gives the title; participants are the union', () => {
    const merged = mergeEnvelopes([aks2, aks5]).envelope;
    expect(merged.title).toBe(aks5.title);
    expect(merged.date).toBe(aks5.date);
    for (const p of aks2.participants) expect(merged.participants.map((q) => q.name)).toContain(p.name);
  });

  it('a merged conversation says what it holds (content_id): another copy changes it, the order does not', () => {
    const two = mergeEnvelopes([aks2, aks3], { sourceId: aks2.source_id }).envelope;
    const three = mergeEnvelopes([aks2, aks3, aks5], { sourceId: aks2.source_id }).envelope;
    expect(two.content_id).toMatch(/^[0-9a-f]{64}$/);
    expect(three.content_id).not.toBe(two.content_id);
    expect(mergeEnvelopes([aks5, aks2, aks3], { sourceId: aks2.source_id }).envelope.content_id).toBe(three.content_id);
    expect(mergeEnvelopes([aks2]).envelope.content_id).toBeUndefined();
  });

  it('merging a copy with itself, or exact duplicates, changes nothing but the id', () => {
    const merged = mergeEnvelopes([aks5, aks5]);
    expect(merged.envelope).toEqual(aks5);
    expect(merged.copies).toHaveLength(1);
  });
});

describe('an earlier message present only as quoted history', () => {
  it('the reply-only export quotes the first message', () => {
    expect(aksReplyOnly.messages).toHaveLength(1);
    expect(quotedMessagesOf(aksReplyOnly).some((q) => /Thank you again for the opportunity/.test(q.body))).toBe(true);
  });

  it('is one conversation with the export that holds that message', () => {
    expect(same(aksFirstOnly, aksReplyOnly)).toBe(true);
    expect(same(aksReplyOnly, aks5)).toBe(true);
  });

  it('a message seen in full beats its quoted copy', () => {
    const merged = mergeEnvelopes([aksReplyOnly, aksFirstOnly]).envelope;
    expect(merged.messages.map((m) => m.from.email)).toEqual([
      'tiffany.stonehill@vastdata.com',
      'maljazaery@microsoft.com',
    ]);
    // the first message is not also kept as a quoted one
    expect(quotedMessagesOf(merged).some((q) => /Thank you again for the opportunity/.test(q.body))).toBe(false);
    // quoted-only history the full copies do not hold is kept (Mohamad's first mail of December 16)
    expect(quotedMessagesOf(merged).some((q) => /Thank you for presenting to us/.test(q.body))).toBe(true);
  });

  it('without the full copy, the quoted message stays quoted', () => {
    const merged = mergeEnvelopes([aksReplyOnly]).envelope;
    expect(merged.messages).toHaveLength(1);
    expect(quotedMessagesOf(merged).some((q) => /Thank you again for the opportunity/.test(q.body))).toBe(true);
  });
});

describe('the real repeated exports in the fixtures', () => {
  it('GDC RFP: 13 and 14 messages, "Re:" and "Fwd:", are one thread of 14', () => {
    const a = envOf(goldSource('e-20251217-cd1083'), 'a.md');
    const b = envOf(goldSource('e-20251217-52d382'), 'b.md');
    expect(same(a, b)).toBe(true);
    const merged = mergeEnvelopes([a, b]).envelope;
    expect(merged.messages).toHaveLength(14);
    expect(merged.title).toBe(b.title);
  });

  it('AKS roadshow: the 2-message and the 5-message export', () => {
    expect(same(envOf(goldSource('e-20251219-cb9cce'), 'a.md'), aks5)).toBe(true);
  });

  it('a reply and the reply to it: one thread (Weekly VAST GTM Meeting)', () => {
    const reply = envOf(goldSource('e-20260104-172499'), 'r.md');
    const later = envOf(goldSource('e-20260104-76a9ed'), 'l.md');
    expect(same(reply, later)).toBe(true);
    expect(mergeEnvelopes([reply, later]).envelope.messages).toHaveLength(2);
  });
});

describe('different threads with the same subject stay apart', () => {
  const invite = envOf(goldSource('e-20260104-5a57bc'), 'invite.md');

  it('a weekly invitation and the same invitation a week later', () => {
    const nextWeek = envOf(shiftExportDays(goldSource('e-20260104-5a57bc'), 7), 'invite-next.md');
    expect(nextWeek.source_id).not.toBe(invite.source_id);
    expect(fingerprint(nextWeek).keys).toEqual(fingerprint(invite).keys);
    expect(same(invite, nextWeek)).toBe(false);
  });

  it('the invitation and a reply quoting last month’s invitation (and the Teams footer both carry)', () => {
    const reply = envOf(goldSource('e-20260104-172499'), 'r.md');
    expect(conversationSubject(reply.title)).toBe(conversationSubject(invite.title));
    expect(same(invite, reply)).toBe(false);
  });

  it('same subject and sender, no message in common', () => {
    let n = 0;
    // the first message's header, its body (and quoted history) replaced by another mail's
    const other = envOf(
      shiftExportDays(cutExport(AKS, 1), 30).replace(/^> .*$/gm, () => `> Another mail entirely, line ${n++}.`),
      'other.md',
    );
    expect(conversationSubject(other.title)).toBe(conversationSubject(aks5.title));
    expect(same(other, aks5)).toBe(false);
  });

  it('group: three invitations and the thread stay four conversations, in any order', () => {
    const a = envOf(shiftExportDays(goldSource('e-20260104-5a57bc'), 7), 'w2.md');
    const b = envOf(shiftExportDays(goldSource('e-20260104-5a57bc'), 14), 'w3.md');
    const reply = envOf(goldSource('e-20260104-172499'), 'r.md');
    const later = envOf(goldSource('e-20260104-76a9ed'), 'l.md');
    const expected = partition([invite, a, b, reply, later]);
    expect(expected).toHaveLength(4);
    for (const order of permutations([invite, a, b, reply, later])) expect(partition(order)).toEqual(expected);
  });
});

function message(over: Partial<EmailMessage>): EmailMessage {
  return {
    from: { name: 'Jeff Denworth', email: 'jeff@vastdata.com' },
    to: [{ name: 'Lior Genzel', email: 'lior.genzel@vastdata.com' }],
    cc: [],
    date: '2025-12-12T08:37:00',
    subject: 'MAI supply plan',
    body: 'Do we know how to source their 2 EB? Do we know when this needs to be ordered?',
    ...over,
  };
}

function thread(messages: EmailMessage[], title = messages.at(-1)!.subject): SourceEnvelope {
  return buildEmailEnvelope({
    format: 'eml',
    path: 'x.eml',
    title,
    messages,
    quoted: messages.map(() => []),
    warnings: [],
  });
}

describe('Message-ID, In-Reply-To, References', () => {
  const root = message({ messageId: '<CAJ-jeff-1@vastdata.com>' });
  const reply = message({
    from: { name: 'Lior Genzel', email: 'lior.genzel@vastdata.com' },
    to: [{ name: 'Jeff Denworth', email: 'jeff@vastdata.com' }],
    date: '2025-12-12T10:15:00',
    subject: 'Re: MAI supply plan',
    body: 'I will have the supply plan for the 2 EB order by Monday.',
    messageId: '<CAL-lior-2@vastdata.com>',
    inReplyTo: '<CAJ-jeff-1@vastdata.com>',
    references: ['<CAJ-jeff-1@vastdata.com>'],
  });

  it('a reply exported alone is the thread of the message it answers, even under a new subject', () => {
    const renamed = thread([{ ...reply, subject: 'Supply plan for the 2 EB order' }]);
    expect(sameConversation(fingerprint(thread([root])), fingerprint(renamed))).toBe(true);
  });

  it('the key is the root Message-ID', () => {
    expect(conversationKey(thread([root]))).toBe('email:id:<caj-jeff-1@vastdata.com>');
    expect(conversationKey(thread([reply]))).toBe('email:id:<caj-jeff-1@vastdata.com>');
  });

  it('a message exported twice (.eml and Apple Mail) is kept once', () => {
    const again = { ...root, messageId: '<CAJ-jeff-1@vastdata.com>', body: `${root.body}\n\nJeff` };
    const merged = mergeEnvelopes([thread([root, reply]), thread([again])]).envelope;
    expect(merged.messages).toHaveLength(2);
    expect(merged.messages[0]?.body).toMatch(/Jeff$/); // the fuller body
  });

  it('without ids, the subject and a message in common decide', () => {
    const plainRoot = { ...root, messageId: undefined };
    const plainReply = { ...reply, messageId: undefined, inReplyTo: undefined, references: undefined };
    expect(conversationKey(thread([plainRoot]))).toBe('email:subject:mai supply plan');
    expect(sameConversation(fingerprint(thread([plainRoot])), fingerprint(thread([plainRoot, plainReply])))).toBe(true);
    // another thread under that subject a month later
    const other = { ...plainRoot, date: '2026-01-12T08:37:00' };
    expect(sameConversation(fingerprint(thread([other])), fingerprint(thread([plainRoot, plainReply])))).toBe(false);
  });

  it('stored keys rule a conversation out without reading it: same subject, no participant in common', () => {
    const plainRoot = { ...root, messageId: undefined };
    const stored = mergeEnvelopes([thread([plainRoot])]).keys;
    expect(stored.some((k) => k.startsWith('p:'))).toBe(true);
    const stranger = {
      ...plainRoot,
      from: { name: 'Ann Other', email: 'ann@example.org' },
      to: [{ name: 'Bob Other', email: 'bob@example.org' }],
    };
    expect(mayBeSameConversation(fingerprint(thread([plainRoot])), stored)).toBe(true);
    expect(mayBeSameConversation(fingerprint(thread([stranger])), stored)).toBe(false);
    // a Message-ID in common is enough, and keys written before participant keys existed rule nothing out
    expect(
      mayBeSameConversation(
        fingerprint(thread([{ ...stranger, messageId: root.messageId }])),
        mergeEnvelopes([thread([root])]).keys,
      ),
    ).toBe(true);
    expect(
      mayBeSameConversation(
        fingerprint(thread([stranger])),
        stored.filter((k) => !k.startsWith('p:')),
      ),
    ).toBe(true);
    // another subject: not a candidate at all
    expect(mayBeSameConversation(fingerprint(thread([{ ...plainRoot, subject: 'Other' }], 'Other')), stored)).toBe(
      false,
    );
  });

  it('index keys: two copies always share one; a ledger title gives the subject key', () => {
    const a = fingerprint(thread([root]));
    const b = fingerprint(thread([root, reply]));
    expect(a.keys.some((k) => b.keys.includes(k))).toBe(true);
    expect(legacyConversationKeys({ kind: 'email', title: 'RE: MAI supply plan', date: null })).toEqual(
      a.keys.filter((k) => k.startsWith('s:')),
    );
    expect(legacyConversationKeys({ kind: 'transcript', title: 'x', date: '2025-09-30' })).toEqual(['d:2025-09-30']);
  });
});

describe('a meeting transcribed, summarised or exported more than once', () => {
  const jai = ['t-20250930-bf00b2', 't-20250930-d68cf3', 't-20250930-de6a6f'].map((id) =>
    envOf(goldSource(id), `${id}.md`),
  );

  it('three copies with three different earlier summaries are one meeting', () => {
    expect(new Set(jai.map((e) => e.prior_summary?.text)).size).toBe(3);
    expect(partition(jai)).toHaveLength(1);
    expect(conversationKey(jai[0]!)).toBe('transcript:2025-09-30');
  });

  it('merged: the turns once, one summary, every summary’s tasks (done stays done)', () => {
    const merged = mergeEnvelopes(jai).envelope;
    expect(merged.turns).toEqual(jai[0]!.turns);
    expect(merged.prior_summary).not.toBeNull();
    expect(jai.map((e) => e.prior_summary?.text)).toContain(merged.prior_summary?.text);
    const all = new Set(jai.flatMap((e) => e.prior_summary?.tasks.map((t) => t.text) ?? []));
    expect(merged.prior_summary?.tasks.map((t) => t.text).sort()).toEqual([...all].sort());
    expect(merged.prior_summary?.tasks.every((t) => t.done)).toBe(true);
    for (const order of permutations(jai)) expect(mergeEnvelopes(order)).toEqual(mergeEnvelopes(jai));
  });

  it('a summary written by yet another tool on top changes nothing', () => {
    const other = envOf(
      withSummary(goldSource('t-20250930-bf00b2'), '## Notes\n\n- [ ] Follow up with Manish @Jason Vallery'),
      'other.md',
    );
    expect(same(other, jai[1]!)).toBe(true);
  });

  it('a recording cut short is the same meeting; the fullest copy wins in any order', () => {
    const full = envOf(goldSource('t-20251029-870ddc'), 'full.md');
    const cut = envOf(cutTranscript(goldSource('t-20251029-889bcf'), 0.5), 'cut.md');
    expect(cut.turns.length).toBeLessThan(full.turns.length);
    expect(same(cut, full)).toBe(true);
    expect(mergeEnvelopes([cut, full]).envelope.turns).toEqual(full.turns);
    expect(mergeEnvelopes([full, cut]).envelope.turns).toEqual(full.turns);
    // the conversation keeps its id even when another copy is fuller
    expect(mergeEnvelopes([full, cut], { sourceId: cut.source_id }).envelope.source_id).toBe(cut.source_id);
  });

  it('five different meetings on one day stay five', () => {
    const day = [
      't-20251028-28a3c9',
      't-20251028-85c1dc',
      't-20251028-98ef2f',
      't-20251028-b8d965',
      't-20251028-e32eb8',
    ];
    expect(partition(day.map((id) => envOf(goldSource(id), `${id}.md`)))).toHaveLength(5);
  });

  it('the same words on another date are another meeting', () => {
    const moved = envOf(goldSource('t-20250930-bf00b2').replace("date: '2025-09-30'", "date: '2025-10-07'"), 'm.md');
    expect(moved.date).toBe('2025-10-07');
    expect(same(moved, jai[0]!)).toBe(false);
  });

  it('every real pair in the fixtures is found, and nothing else', () => {
    const ids = [
      't-20251022-1a575b',
      't-20251022-a8011b',
      't-20251022-657adb',
      't-20251029-a01243',
      't-20251029-d1db39',
      't-20251029-f771b5',
    ];
    const envs = ids.map((id) => envOf(goldSource(id), `${id}.md`));
    const groups = groupConversations(envs.map(fingerprint)).map((g) => g.map((i) => ids[i]));
    expect(groups).toEqual([
      ['t-20251022-1a575b', 't-20251022-a8011b'],
      ['t-20251022-657adb'],
      ['t-20251029-a01243', 't-20251029-d1db39'],
      ['t-20251029-f771b5'],
    ]);
  });
});

describe('documents and kinds', () => {
  it('documents are never merged, and an email is never a transcript', () => {
    const doc = envOf('# Pricing tasks\n\n- [ ] Draft the pricing model\n', 'n-1.md');
    const again = envOf('# Pricing tasks\n\n- [ ] Draft the pricing model\n- [ ] And another\n', 'n-2.md');
    expect(doc.kind).toBe('document');
    expect(same(doc, again)).toBe(false);
    expect(fingerprint(doc).keys).toEqual([]);
    expect(same(doc, aks5)).toBe(false);
    expect(() => mergeEnvelopes([doc, aks5])).toThrow(/different kinds/);
  });
});
