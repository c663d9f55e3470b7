/**
 * Defence in depth against prompt injection. The prompt already marks the source as data; this catches the case
 * where a model follows instructions planted in an email anyway. Lines that address an AI are found with a short
 * list of tell-tale phrases, and any extracted item whose evidence comes from such a line is dropped: a real
 * commitment between people is never phrased as "ignore previous instructions".
 */

const TELLS = [
  /\b(ignore|disregard|forget)\s+(all\s+|any\s+|the\s+|your\s+)?(previous|prior|above|earlier|preceding)\s+(instructions|prompts?|rules|messages)\b/i,
  /\byou are now\b/i,
  /\b(reveal|print|show|repeat)\s+(your|the)\s+(system\s+)?(prompt|instructions)\b/i,
  /\b(system|developer)\s+prompt\b/i,
  /^\s*(system|assistant|developer)\s*:/i,
  /\b(as an? (ai|language model|llm|assistant))\b/i,
  /\bnew instructions\s*:/i,
  /\b(admin|developer|jailbreak|dan) mode\b/i,
];

function fold(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** True when one line of a source addresses an AI ("AI assistant: ignore previous instructions…"). */
export function addressesAi(line: string): boolean {
  return TELLS.some((re) => re.test(line));
}

/** Lines (whitespace-folded, lower case) of the source that address an AI. */
export function injectionLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => TELLS.some((re) => re.test(line)))
    .map(fold)
    .filter(Boolean);
}

/** True when the quote overlaps a line that addresses an AI (it sits inside one, or contains one). */
export function quotesInjection(evidence: string, lines: readonly string[]): boolean {
  const q = fold(evidence);
  if (!q) return false;
  if (TELLS.some((re) => re.test(evidence))) return true;
  return lines.some((l) => l.includes(q) || q.includes(l));
}
