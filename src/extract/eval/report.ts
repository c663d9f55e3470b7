/** Renders an eval report as plain text: totals per kind and overall (rows per source on request), then targets. */
import type { EvalReport, Rates, SourceScore } from './score.ts';

function f2(x: number | null): string {
  return x === null ? '-' : x.toFixed(2);
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : (n / d).toFixed(2);
}

function okMiss(ok: boolean | null): string {
  return ok === null ? '-' : ok ? 'ok' : 'miss';
}

const HEAD = [
  'source',
  'kind',
  'part P',
  'part R',
  'part F1',
  'task P',
  'task R',
  'owner',
  'due',
  'inv',
  'pron',
  'dec P',
  'dec R',
  'fact P',
  'fact R',
  'reply',
  'title',
  'date',
  'ms',
];

function sourceRow(s: SourceScore): string[] {
  const { participants: p, tasks: t, decisions: d, facts: f } = s;
  if (s.error) return [s.id, s.kind, `error: ${s.error.slice(0, 80)}`];
  return [
    s.id,
    s.kind,
    pct(p.matched, p.predicted),
    pct(p.matched, p.expected),
    pct(2 * p.matched, p.expected + p.predicted),
    `${pct(t.matched, t.predicted)} (${t.matched}/${t.predicted})`,
    `${pct(t.matched, t.expected)} (${t.matched}/${t.expected})`,
    pct(t.owner_correct, t.matched),
    pct(t.due_correct, t.due_scored),
    String(t.invented_dates),
    pct(t.pronoun_tasks, t.predicted),
    pct(d.matched, d.predicted),
    pct(d.matched, d.expected),
    pct(f.matched, f.predicted),
    pct(f.matched, f.expected),
    okMiss(s.reply_correct),
    okMiss(s.title_ok),
    okMiss(s.date_ok),
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
    `${f2(r.tasks.precision)} (${r.tasks.matched}/${r.tasks.predicted})`,
    `${f2(r.tasks.recall)} (${r.tasks.matched}/${r.tasks.expected})`,
    f2(r.tasks.owner_accuracy),
    f2(r.tasks.due_accuracy),
    String(r.tasks.invented_dates),
    f2(r.tasks.pronoun_rate),
    f2(r.decisions.precision),
    f2(r.decisions.recall),
    f2(r.facts.precision),
    f2(r.facts.recall),
    f2(r.reply_accuracy),
    f2(r.title_accuracy),
    f2(r.date_accuracy),
    r.ms_per_source === null ? '-' : String(Math.round(r.ms_per_source)),
  ];
}

/** Left-aligns the first two columns, right-aligns the rest; an error row's message runs on unaligned. */
function table(rows: string[][]): string {
  const aligned = rows.filter((r) => r.length === HEAD.length);
  const widths = HEAD.map((_, i) => Math.max(...aligned.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) =>
          r.length < HEAD.length && i === r.length - 1
            ? c
            : i < 2
              ? c.padEnd(widths[i] ?? 0)
              : c.padStart(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function renderReport(report: EvalReport, opts: { perSource?: boolean } = {}): string {
  const rows: string[][] = [HEAD];
  if (opts.perSource) rows.push(...report.sources.map(sourceRow), []);
  for (const [kind, r] of Object.entries(report.by_kind)) rows.push(totalRow(`TOTAL ${kind}`, r));
  rows.push(totalRow('TOTAL', report.overall));
  const o = report.overall;
  const failed = report.sources.filter((s) => s.error !== null);
  const lines = [
    `extractor: ${report.extractor}`,
    table(rows),
    '',
    `due dates scored on ${o.tasks.due_scored} matched tasks; invented dates: ${o.tasks.invented_dates}; ` +
      `re-proposed done tasks: ${o.tasks.reproposed_done}; generic labels as participants: ${o.participants.generic_predicted}`,
    ...(failed.length > 0 && !opts.perSource
      ? [`failed sources: ${failed.length} (${failed.map((s) => `${s.id}: ${s.error}`).join('; ')})`]
      : []),
    '',
    'targets:',
    ...report.targets.map((t) => {
      const v = t.value === null ? 'n/a' : t.unit === 'count' ? String(t.value) : t.value.toFixed(2);
      return `  ${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(34)} ${v.padStart(5)}  (${t.goal})`;
    }),
    '',
    'Items match when their evidence quotes share >= 0.6 of the smaller content-word set (at least 3 words) or their',
    'texts have Jaccard >= 0.5. Participants leave the owner out. owner/due: on matched tasks (due: where either side',
    'has a date); inv: predicted due dates the gold task lacks; pron: task texts with I/you/we/me/my/your/our/us.',
  ];
  return `${lines.join('\n')}\n`;
}
