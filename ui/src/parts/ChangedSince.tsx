// "Changed since validation": the latest decision on the contingent and every record that
// changed under it since, naming the soldier and the module. Shown on the Reports screen
// and on the dashboard.
import type { DecisionRow } from "../bindings/DecisionRow";
import { formatDate, useT } from "../i18n";
import { changedSoldiers } from "../logic/report";
import { shortIds } from "../logic/ids";
import { FoldedLines, someOf } from "./FoldedLines";

export function ChangedSince({ row, open }: { row: DecisionRow; open?: () => void }) {
  const { t, lang } = useT();
  const what = t(row.decision === "validated" ? "decision_validated" : "decision_not_validated");
  if (row.changes.length === 0) {
    return (
      <p class="badge-ok" data-testid="validation-unchanged">
        ✓ {t("validated_unchanged", { decision: what, date: formatDate(row.as_of, lang) })}
      </p>
    );
  }
  const soldiers = changedSoldiers(row.changes);
  return (
    <section class="changed-since" role="alert" data-testid="changed-since">
      <strong>
        ⚠ {t("changed_since", { decision: what, date: formatDate(row.as_of, lang), n: row.changes.length })}
      </strong>
      {row.ready_then && row.ready_now && (
        <p data-testid="changed-ready">
          {t("changed_ready", {
            then: row.ready_then.ready,
            then_of: row.ready_then.personnel,
            then_pct: row.ready_then.percent.toFixed(1),
            now: row.ready_now.ready,
            now_of: row.ready_now.personnel,
            now_pct: row.ready_now.percent.toFixed(1),
          })}
        </p>
      )}
      <p class="muted">{t("changed_people", { list: someOf(soldiers) })}</p>
      <FoldedLines lines={row.changes.map((c) => ({ text: shortIds(c.text), sn: c.service_number }))} />
      {open && (
        <button class="link" onClick={open} data-testid="changed-open-reports">
          {t("open_reports")}
        </button>
      )}
    </section>
  );
}
