// The readiness trend as a chart, the one chart of the dashboard and the report, as in the
// PDF: readiness week by week against the plan line (0 % at training start to 100 % on
// deployment day). Where each part falls across the time axis is the core's (`ChartView`,
// the geometry the HTML and PDF draw); this only scales it to the drawing. The figures are
// also given as text beside it (the report's table, the dashboard's line) for anyone who
// needs the numbers or cannot see the chart.
import type { ChartView } from "../bindings/ChartView";
import type { TrendPoint } from "../bindings/TrendPoint";

/** The chart's words, in the screen's or the report's language. */
export interface ChartWords {
  title: string;
  actual: string;
  plan: string;
  deployment: string;
}
import { useNarrow } from "./useVirtual";

// On a phone the chart is drawn for its own width (about 300 px), so that its 11 px labels
// stay 11 px on screen instead of shrinking with a wide drawing; only the first and last
// dates are labelled there, and the legend takes two lines.
const WIDE = { W: 720, H: 250, LEFT: 44, RIGHT: 16, TOP: 12, BOTTOM: 48 };
const NARROW = { W: 300, H: 240, LEFT: 36, RIGHT: 12, TOP: 12, BOTTOM: 62 };

export function TrendChart({
  chart,
  points,
  words: l,
  d,
  testid,
}: {
  chart: ChartView;
  points: TrendPoint[];
  words: ChartWords;
  d: (iso: string) => string;
  testid: string;
}) {
  const narrow = useNarrow();
  if (points.length === 0) return null;
  const { W, H, LEFT, RIGHT, TOP, BOTTOM } = narrow ? NARROW : WIDE;
  const PW = W - LEFT - RIGHT;
  const PH = H - TOP - BOTTOM;
  const x = (f: number) => LEFT + f * PW;
  const y = (pct: number) => TOP + (1 - pct / 100) * PH;
  const line = points.map((p, i) => `${x(chart.points[i]).toFixed(1)},${y(p.percent).toFixed(1)}`).join(" ");
  const all = chart.ticks;
  const tk = narrow && all.length > 2 ? [all[0], all[all.length - 1]] : all;
  const ly = narrow ? H - 26 : H - 10;
  const [px, py] = narrow ? [LEFT, H - 8] : [LEFT + 200, ly];
  return (
    <svg class="trend-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={l.title} data-testid={testid}>
      {[0, 25, 50, 75, 100].map((p) => (
        <g key={p}>
          <line x1={LEFT} x2={LEFT + PW} y1={y(p)} y2={y(p)} class="gridline" />
          <text x={LEFT - 4} y={y(p) + 4} class="axis end">
            {p}%
          </text>
        </g>
      ))}
      {tk.map((t, i) => (
        <g key={t.date}>
          <line x1={x(t.x)} x2={x(t.x)} y1={TOP + PH} y2={TOP + PH + 4} class="tick" />
          <text x={x(t.x)} y={TOP + PH + 16} class={`axis ${i === 0 ? "" : i === tk.length - 1 ? "end" : "mid"}`}>
            {d(t.date)}
          </text>
        </g>
      ))}
      <line x1={x(chart.plan_from)} y1={y(0)} x2={x(chart.plan_to)} y2={y(100)} class="planline" data-testid="plan-line" />
      <polyline points={line} class="actualline" />
      {points.map((p, i) => (
        <circle key={p.date} cx={x(chart.points[i])} cy={y(p.percent)} r={3} class="actualdot">
          <title>
            {d(p.date)}: {p.percent.toFixed(1)}% ({p.ready}/{p.personnel}), {l.plan} {p.plan_percent.toFixed(1)}%
          </title>
        </circle>
      ))}
      <line x1={LEFT} x2={LEFT + 24} y1={ly - 4} y2={ly - 4} class="actualline" />
      <text x={LEFT + 30} y={ly} class="legend">
        {l.actual}
      </text>
      <line x1={px} x2={px + 24} y1={py - 4} y2={py - 4} class="planline" />
      <text x={px + 30} y={py} class="legend">
        {l.plan} ({l.deployment})
      </text>
    </svg>
  );
}
