// Numbers merged into another that hold records or roster places received since: logged
// on a laptop that had not yet received the merge. No roster holds a merged number, so
// these count for no one until they are moved: the same merge, made again
// (sync::left_behind).
import { operatorName } from "../logic/operator";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { MergePlan } from "../bindings/MergePlan";
import { formatDate, useT } from "../i18n";
import { MergeForm } from "./LookAlikeNumbers";
import { detailValue } from "./DetailConflicts";
import { fieldLabel } from "../logic/fields";

export function LeftBehind({
  view,
  openPerson,
  merged,
  readOnly,
}: {
  view: ConflictsView;
  openPerson: (sn: string) => void;
  merged: (plan: MergePlan) => void;
  readOnly: boolean;
}) {
  const { t, lang } = useT();
  if (view.left_behind.length === 0) return null;
  return (
    <section class="card" data-testid="sync-left-behind">
      <h2>
        {t("left_behind_title")} ({view.left_behind.length})
      </h2>
      <p class="muted">{t("left_behind_hint")}</p>
      {view.left_behind.map((l) => (
        <div class="conflict" key={l.service_number} data-sn={l.service_number}>
          <p>
            <strong class="sn">{l.service_number}</strong>{" "}
            <button type="button" class="link" onClick={() => openPerson(l.service_number)}>
              {l.name}
            </button>{" "}
            <span class="muted">
              · {t("left_behind_merged", { into: l.into, by: operatorName(l.merged_by, t), date: formatDate(l.merged_at.slice(0, 10), lang) })}
            </span>
          </p>
          <ul>
            {l.records.map((r) => (
              <li key={r.id}>{t("left_behind_record", { module: r.module, date: formatDate(r.date, lang), result: t(r.result) })}</li>
            ))}
            {l.rosters.length > 0 && <li>{t("look_alike_rosters", { codes: l.rosters.join(", ") })}</li>}
            {l.off_rosters.length > 0 && <li>{t("left_behind_off_roster", { into: l.into, codes: l.off_rosters.join(", ") })}</li>}
            {l.removed_apart.map((r) => (
              <li key={`removed-${r.contingent}`} data-removed={r.contingent}>
                {t("left_behind_removed", {
                  code: r.contingent,
                  by: operatorName(r.by, t),
                  date: formatDate(r.at.slice(0, 10), lang),
                  reason: r.reason,
                  into: l.into,
                })}
              </li>
            ))}
            {l.details.map((d) => (
              <li key={d.field} data-field={d.field}>
                {t("left_behind_detail", {
                  field: fieldLabel(d.field, t),
                  value: detailValue(d.field, d.value, t),
                  by: operatorName(d.by, t),
                  date: formatDate(d.at.slice(0, 10), lang),
                  into: l.into,
                })}{" "}
                <button type="button" class="link" onClick={() => openPerson(l.into)}>
                  {t("left_behind_open_kept", { into: l.into })}
                </button>
              </li>
            ))}
          </ul>
          {!readOnly && (l.records.length > 0 || l.rosters.length > 0 || l.off_rosters.length > 0) && (
            <MergeForm numbers={[l.service_number, l.into]} from={l.service_number} into={l.into} merged={merged} openLabel={t("left_behind_open", { into: l.into })} />
          )}
        </div>
      ))}
    </section>
  );
}
