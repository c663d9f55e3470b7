/** Decisions: sentences that state a choice was made ("we decided", "agreed", "will go with", "decision:"). */
import type { Decision } from '../schema.ts';
import type { Unit } from './sentences.ts';

const DECISION =
  /\b(we(?:'ve| have)? decided|decided (?:to|that|on|against)|decision(?: is)?:|the decision (?:is|was)|(?:we|they|everyone|all) agreed|agreed (?:to|that|on)|(?:will|we'll|we will|going to|gonna) go with|we(?:'re| are) going with|let's go with|the plan is to|(?:was|were|has been|have been|got) (?:deferred|approved|cancel(?:l)?ed|rejected|declined|postponed)|(?:but |and )?(?:deferred|postponed|descoped|de-scoped|deprioriti[sz]ed) (?:to|until|due|in favou?r|because|for)|the answer (?:will be|is) (?:no|yes)|signed off on|final answer is)\b/i;

export function extractDecisions(units: Unit[], max = 8): Decision[] {
  const out: Decision[] = [];
  const seen = new Set<string>();
  for (const u of units) {
    const words = u.text.split(/\s+/).length;
    if (words < 5 || words > 60 || /\?\s*$/.test(u.text)) continue;
    if (!DECISION.test(u.text)) continue;
    const text = u.text.replace(/^(?:so|and|but|ok|okay|yeah|yes|well)[,.]?\s+/i, '').replace(/\s+/g, ' ');
    const key = text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: text.charAt(0).toUpperCase() + text.slice(1), evidence: u.text });
    if (out.length >= max) break;
  }
  return out;
}
