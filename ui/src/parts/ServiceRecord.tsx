// A soldier's whole record across rotations: every contingent served in, ready or not in
// each, and which certificates an earlier rotation carried over. The core applies the rules
// (src/service_record.rs); this only lays it out.
import type { Rotation } from "../bindings/Rotation";
import { formatDate, useT } from "../i18n";
import { STATUS_ICON, readingIcon, statusWord } from "../logic/matrix";

export function ServiceRecord({ rotations }: { rotations: Rotation[] }) {
  const { t, lang } = useT();
  if (rotations.length === 0) return null;
  const d = (iso: string) => formatDate(iso, lang);
  return (
    <section class="card" data-testid="service-record">
      <h2>{t("rotations_title")}</h2>
      <p class="muted">{t("rotations_hint")}</p>
      <ul class="rotations">
        {rotations.map((r) => {
          const lacking = r.modules.filter((m) => !["complete", "expiring", "not_required"].includes(m.status.status));
          // What an earlier certificate still gives this rotation (an expired one gives nothing).
          const carried = r.modules.filter(
            (m) => m.carried_over && m.status.completed_on && ["complete", "expiring"].includes(m.status.status),
          );
          return (
            <li key={r.code} data-code={r.code}>
              <div class="rotation-head">
                <strong>{r.code}</strong> <span class="muted">{r.name}</span>{" "}
                <span class={r.ready ? "st st-complete" : "st st-failed"}>
                  <span aria-hidden="true">{r.ready ? STATUS_ICON.complete : STATUS_ICON.failed}</span>{" "}
                  {t(r.ready ? "ready_yes" : "ready_no")}
                </span>{" "}
                <span class="muted">{t("rotation_judged", { date: d(r.judged_on) })}</span>
              </div>
              <div class="muted">
                {t("rotation_dates", { start: d(r.training_start), deploy: d(r.deploy_on), end: d(r.tour_end) })}
              </div>
              {r.taken_off_reason !== null && <div>{t("rotation_off", { reason: r.taken_off_reason })}</div>}
              {r.overlaps.length > 0 && (
                <div class="notice" role="note" data-testid="rotation-overlaps">
                  ⚠ {t("rotation_overlaps", { codes: r.overlaps.join(", ") })}
                </div>
              )}
              {lacking.length > 0 && (
                <div>
                  {t("lacks")}:{" "}
                  {lacking.map((m) => `${m.code} ${readingIcon(m.status)} ${t(statusWord(m.status))}`).join(", ")}
                </div>
              )}
              {carried.length > 0 && (
                <div data-testid="carried">
                  {t("rotation_carried")}:{" "}
                  {carried
                    .map((m) =>
                      m.earned_in
                        ? t("carried_from", { module: m.code, date: d(m.status.completed_on!), code: m.earned_in })
                        : t("carried_before", { module: m.code, date: d(m.status.completed_on!) }),
                    )
                    .join("; ")}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
