/** Titles: an email's real subject without reply/forward/[EXTERNAL] prefixes; anything else keeps the adapter's title. */
import type { SourceEnvelope } from '../../ingest/envelope.ts';

const PREFIX =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|r)\s*(?:\[\d+\])?\s*:|\[(?:external|ext|extern)\]|\(external\)|external\s*:)\s*/i;

export function cleanSubject(subject: string): string {
  let s = subject.trim();
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(PREFIX, '').trim();
  }
  return s;
}

export function extractTitle(env: SourceEnvelope): string {
  if (env.kind === 'email') {
    const subjects = [...env.messages]
      .reverse()
      .map((m) => cleanSubject(m.subject))
      .filter(Boolean);
    // The first message's subject is the thread's; later ones may have been edited, so prefer the oldest.
    const oldest = subjects[subjects.length - 1];
    const fromTitle = cleanSubject(env.title);
    return oldest || fromTitle || 'Untitled email';
  }
  return env.title.trim() || 'Untitled';
}
