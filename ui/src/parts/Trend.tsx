// Readiness week by week on the dashboard: the report's chart (the core's geometry), with
// the first and last figures also as text.
import type { ChartView } from "../bindings/ChartView";
import type { TrendPoint } from "../bindings/TrendPoint";
import { formatDate, useT } from "../i18n";
import { TrendChart } from "./TrendChart";

export function Trend({ points, chart }: { points: TrendPoint[]; chart: ChartView }) {
  const { t, lang } = useT();
  if (points.length === 0) return null;
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <section class="card wide" data-testid="trend" data-last={last.percent.toFixed(1)}>
      <h2>{t("trend")}</h2>
      <p class="muted">
        {t("trend_note")}: {formatDate(first.date, lang)} {first.percent.toFixed(1)}% → {formatDate(last.date, lang)}{" "}
        {last.percent.toFixed(1)}%
      </p>
      <TrendChart
        chart={chart}
        points={points}
        words={{ title: t("trend"), actual: t("trend_actual"), plan: t("trend_plan"), deployment: t("trend_deployment") }}
        d={(iso) => formatDate(iso, lang)}
        testid="trend-chart"
      />
    </section>
  );
}
