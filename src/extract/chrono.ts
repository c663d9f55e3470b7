/**
 * chrono-node, as Distill asks it: the dates in a text. It loads on first use, not when a module importing this one
 * loads (the run command imports the outputs, whose reply outlines read dates, and a run with nothing new must not
 * pay for it), in this process or in a worker thread beside the NLP libraries (see nlp-host.ts). Its results come
 * back as plain data (see nlp-ops.cjs) with the two questions callers ask of them: a component's value, and
 * whether the text said it or chrono implied it.
 */
import type * as Chrono from 'chrono-node';
import { callNlp } from './nlp-host.ts';

export type Component = Chrono.Component;

/** One end of a date phrase, as chrono's ParsedComponents answers it. */
export interface Components {
  /** The value the text gave, else the one chrono implied (the reference's year…), else null. */
  get(component: Component): number | null;
  /** Whether the text itself gave this component. */
  isCertain(component: Component): boolean;
}

export interface ParsedResult {
  index: number;
  text: string;
  start: Components;
  end: Components | null;
}

/** What nlp-ops.cjs sends for one end of a date phrase: chrono's known and implied values. */
interface PlainComponents {
  known: Partial<Record<Component, number>>;
  implied: Partial<Record<Component, number>>;
}

function components({ known, implied }: PlainComponents): Components {
  return {
    get: (c) => known[c] ?? implied[c] ?? null,
    isCertain: (c) => c in known,
  };
}

export function parse(text: string, ref: Date, option?: Chrono.ParsingOption): ParsedResult[] {
  const plain = callNlp<{ index: number; text: string; start: PlainComponents; end: PlainComponents | null }[]>(
    'chrono',
    'parse',
    text,
    ref,
    option ?? {},
  );
  return plain.map((r) => ({ ...r, start: components(r.start), end: r.end ? components(r.end) : null }));
}
