/** Task priority from the words that carry urgency: "ASAP" is highest, "by tomorrow" high, "no rush" low. */
import type { Priority } from '../../core/task-line.ts';

const HIGHEST = /\b(urgent(ly)?|asap|immediately|right away|critical|blocker|top priority|p0)\b/i;
const HIGH =
  /\b(important|high priority|priority|must[- ]have|today|tomorrow|eod|end of (the )?day|time[- ]sensitive|deadline)\b/i;
const LOW =
  /\b(no rush|when you (get|have) a (chance|minute)|low priority|eventually|at some point|nice to have|whenever)\b/i;

export function priorityOf(text: string): Priority | null {
  if (HIGHEST.test(text)) return 'highest';
  if (HIGH.test(text)) return 'high';
  if (LOW.test(text)) return 'low';
  return null;
}
