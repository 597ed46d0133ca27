/**
 * One figure of the benchmark table: what was measured, its baseline measured
 * in the same run, their ratio and the target the ratio is held to, and the
 * command that measures that row again. A row that could not run says why.
 */
export interface Figure {
  /** The issue's row: 1 whole cases, 2 inbox, 3 pages, 4 documents, 5 start-up and memory. */
  row: number;
  figure: string;
  value: number | null;
  unit: string;
  baseline: number | null;
  baselineLabel: string;
  /** value / baseline; for times lower is better, for rates higher. */
  ratio: number | null;
  /** "≥ 0.7×", "≤ 1.2×", "< 10 s" … or "—". */
  target: string;
  /** true met, false missed, null no target or not measured. */
  met: boolean | null;
  command: string;
  note?: string;
  /** "skipped: <reason>" when the figure could not be measured. */
  skipped?: string;
}

export interface FigureInput {
  figure: string;
  value: number;
  unit: string;
  baseline?: number | null;
  baselineLabel?: string;
  /** higher: a rate (ratio = value/baseline, target is a minimum); lower: a time (ratio = value/baseline, target a maximum). */
  better: 'higher' | 'lower';
  /** The ratio the target asks for (≥ for higher, ≤ for lower). */
  ratioTarget?: number;
  /** An absolute limit the value must stay under (lower) or reach (higher). */
  absoluteTarget?: number;
  note?: string;
}

export class Table {
  readonly figures: Figure[] = [];

  constructor(private readonly commandOf: (row: number) => string) {}

  add(row: number, input: FigureInput): Figure {
    const baseline = input.baseline ?? null;
    const ratio = baseline && baseline > 0 ? input.value / baseline : null;
    const targets: string[] = [];
    let met: boolean | null = null;
    const hold = (ok: boolean) => (met = (met ?? true) && ok);
    if (input.ratioTarget !== undefined) {
      targets.push(`${input.better === 'higher' ? '≥' : '≤'} ${input.ratioTarget}×`);
      if (ratio !== null) hold(input.better === 'higher' ? ratio >= input.ratioTarget : ratio <= input.ratioTarget);
    }
    if (input.absoluteTarget !== undefined) {
      targets.push(`${input.better === 'higher' ? '≥' : '<'} ${formatNumber(input.absoluteTarget)} ${input.unit}`);
      hold(input.better === 'higher' ? input.value >= input.absoluteTarget : input.value < input.absoluteTarget);
    }
    const figure: Figure = {
      row,
      figure: input.figure,
      value: input.value,
      unit: input.unit,
      baseline,
      baselineLabel: input.baselineLabel ?? '',
      ratio,
      target: targets.join(', ') || '—',
      met,
      command: this.commandOf(row),
      note: input.note,
    };
    this.figures.push(figure);
    return figure;
  }

  skip(row: number, figure: string, reason: string, target = '—'): Figure {
    const skipped: Figure = { row, figure, value: null, unit: '', baseline: null, baselineLabel: '', ratio: null, target, met: null, command: this.commandOf(row), skipped: `skipped: ${reason}` };
    this.figures.push(skipped);
    return skipped;
  }
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

const ROW_TITLES: Record<number, string> = {
  1: 'Whole cases (勘察设计注册工程师 初始注册, submission to certificate)',
  2: "Inbox queries (the reviewer's inbox as the portal runs it)",
  3: 'Pages under 50 concurrent sessions (autocannon from a second process)',
  4: 'Documents',
  5: 'Start-up and memory',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(table: Table, meta: { title: string; machine: string[]; started: Date; seconds: number; options: string }): string {
  const lines = [`# ${meta.title}`, '', `Run ${meta.started.toISOString()}, ${meta.seconds.toFixed(0)} s, \`${meta.options}\`.`, '', '**Machine**', '', ...meta.machine.map((m) => `- ${m}`), ''];
  lines.push('Each figure stands beside its baseline measured in the same run, on the same machine at the same time; the ratio is figure ÷ baseline (for times lower is better, for rates higher). ✓ the target is met, ✗ missed, — no target.', '');
  for (const row of [1, 2, 3, 4, 5]) {
    const figures = table.figures.filter((f) => f.row === row);
    lines.push(`## ${row}. ${ROW_TITLES[row]}`, '');
    lines.push('| figure | value | baseline | ratio | target | met | command |', '|---|---|---|---|---|---|---|');
    for (const f of figures) {
      if (f.skipped) {
        lines.push(`| ${cell(f.figure)} | ${cell(f.skipped)} | — | — | ${cell(f.target)} | — | \`${f.command}\` |`);
        continue;
      }
      const value = `${formatNumber(f.value!)} ${f.unit}`.trim();
      const baseline = f.baseline === null ? '—' : `${formatNumber(f.baseline)} ${f.unit}${f.baselineLabel ? ` (${f.baselineLabel})` : ''}`;
      const ratio = f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`;
      const met = f.met === null ? '—' : f.met ? '✓' : '✗';
      lines.push(`| ${cell(f.figure)}${f.note ? ` — ${cell(f.note)}` : ''} | ${cell(value)} | ${cell(baseline)} | ${ratio} | ${cell(f.target)} | ${met} | \`${f.command}\` |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
