/** Renders an eval report as a plain-text table: one row per source, totals per kind and overall, then targets. */
import type { EvalReport, Rates, SourceScore } from './score.ts';

function pct(n: number, d: number): string {
  return d === 0 ? '-' : (n / d).toFixed(2);
}

function f2(x: number | null): string {
  return x === null ? '-' : x.toFixed(2);
}

const HEAD = [
  'source',
  'kind',
  'part P',
  'part R',
  'part F1',
  'ppl R',
  'task R',
  'task P',
  'loose R',
  'ceil R',
  'owner',
  'due',
  'dec R',
  'fact R',
  'title',
  'date',
  'ms',
];

function sourceRow(s: SourceScore): string[] {
  const p = s.participants;
  const precision = p.predicted === 0 ? 1 : p.matched / p.predicted;
  const recall = p.expected === 0 ? 1 : p.matched / p.expected;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  if (s.error)
    return [s.id, s.kind, 'error', s.error.slice(0, 60), ...HEAD.slice(4, -1).map(() => ''), String(Math.round(s.ms))];
  return [
    s.id,
    s.kind,
    f2(precision),
    f2(recall),
    f2(f1),
    pct(p.people_matched, p.expected),
    `${pct(s.tasks.matched, s.tasks.expected)} (${s.tasks.matched}/${s.tasks.expected})`,
    `${pct(s.tasks.matched, s.tasks.predicted)} (${s.tasks.predicted})`,
    pct(s.tasks.loose_matched, s.tasks.expected),
    s.tasks.extractive_ceiling === null ? '-' : pct(s.tasks.extractive_ceiling, s.tasks.expected),
    pct(s.tasks.owner_correct, s.tasks.matched),
    pct(s.tasks.due_correct, s.tasks.matched),
    pct(s.decisions.recalled, s.decisions.expected),
    pct(s.facts.recalled, s.facts.expected),
    s.title_ok ? 'ok' : 'miss',
    s.date_ok ? 'ok' : 'miss',
    String(Math.round(s.ms)),
  ];
}

function totalRow(name: string, r: Rates): string[] {
  return [
    name,
    String(r.sources),
    f2(r.participants.precision),
    f2(r.participants.recall),
    f2(r.participants.f1),
    f2(r.participants.people_recall),
    f2(r.tasks.recall),
    f2(r.tasks.precision),
    f2(r.tasks.loose_recall),
    f2(r.tasks.ceiling_recall),
    f2(r.tasks.owner_accuracy),
    f2(r.tasks.due_accuracy),
    f2(r.decisions_recall),
    f2(r.facts_recall),
    f2(r.title_accuracy),
    f2(r.date_accuracy),
    String(Math.round(r.ms_per_source)),
  ];
}

function table(rows: string[][]): string {
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderReport(report: EvalReport): string {
  const rows: string[][] = [HEAD, ...report.sources.map(sourceRow), []];
  for (const [kind, r] of Object.entries(report.by_kind)) rows.push(totalRow(`TOTAL ${kind}`, r));
  rows.push(totalRow('TOTAL', report.overall));
  const o = report.overall;
  const lines = [
    `extractor: ${report.extractor}`,
    table(rows.map((r) => (r.length === 0 ? HEAD.map(() => '') : r))),
    '',
    `re-proposed done tasks: ${o.tasks.reproposed_done} (label echoes excluded from expected: ${o.tasks.label_echoes}); ` +
      `generic labels predicted: ${o.participants.generic_predicted} (in labels, excluded: ${o.participants.label_generic})`,
    '',
    'targets:',
    ...report.targets.map((t) => {
      const v = t.value === null ? 'n/a' : Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(2);
      const note = t.note ? `  ${t.note}` : '';
      return `  ${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(36)} ${v.padStart(5)}  (${t.goal})${note}`;
    }),
    '',
    'loose R: label tasks matched under the decision/fact rule (Jaccard >= 0.3 or a prediction contained >= 0.6);',
    '  a diagnostic for paraphrased labels, not a target.',
    'ceil R: label tasks that some contiguous quote of the source (any length) matches at Jaccard >= 0.5: the task',
    '  recall the best possible extractor whose task text is quoted from the source could reach on these labels.',
    'ppl R: label names found among participants or person mentions (diagnostic; the old labels list people merely mentioned).',
  ];
  return `${lines.join('\n')}\n`;
}
