// Readiness week by week as a small line chart, with the figures also as text.
import type { TrendPoint } from "../bindings/TrendPoint";
import { formatDate, useT } from "../i18n";
import { useNarrow } from "./useVirtual";

const PAD = 28;

export function Trend({ points }: { points: TrendPoint[] }) {
  const { t, lang } = useT();
  // Drawn for a phone's width there, so the 11 px labels stay 11 px on screen.
  const narrow = useNarrow();
  const [W, H] = narrow ? [300, 150] : [600, 160];
  if (points.length === 0) return null;
  const x = (i: number) => PAD + (points.length === 1 ? 0 : ((W - 2 * PAD) * i) / (points.length - 1));
  const y = (p: number) => H - PAD - ((H - 2 * PAD) * p) / 100;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.percent).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <section class="card wide" data-testid="trend" data-last={last.percent.toFixed(1)}>
      <h2>{t("trend")}</h2>
      <p class="muted">
        {t("trend_note")}: {formatDate(first.date, lang)} {first.percent.toFixed(1)}% → {formatDate(last.date, lang)}{" "}
        {last.percent.toFixed(1)}%
      </p>
      <svg class="trend" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t("trend")}>
        {[0, 50, 100].map((p) => (
          <g key={p}>
            <line x1={PAD} x2={W - PAD} y1={y(p)} y2={y(p)} class="gridline" />
            <text x={2} y={y(p) + 4} class="axis">
              {p}%
            </text>
          </g>
        ))}
        <polyline points={line} class="trendline" />
        {points.map((p, i) => (
          <circle key={p.date} cx={x(i)} cy={y(p.percent)} r={3} class="trenddot">
            <title>
              {formatDate(p.date, lang)}: {p.percent.toFixed(1)}% ({p.ready}/{p.personnel})
            </title>
          </circle>
        ))}
        <text x={PAD} y={H - 6} class="axis">
          {formatDate(first.date, lang)}
        </text>
        <text x={W - PAD} y={H - 6} class="axis end">
          {formatDate(last.date, lang)}
        </text>
      </svg>
    </section>
  );
}
