// Details two laptops edited differently before they exchanged bundles (the same soldier
// moved to two platoons, a module's hours set twice). The later edit counts on every
// laptop; this lists each with both values until someone edits the field again or keeps
// the value that counts.
import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { ColumnValue } from "../bindings/ColumnValue";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { DetailConflict } from "../bindings/DetailConflict";
import { formatDate, formatStamp, useT } from "../i18n";
import { laptopNamer } from "../logic/bundles";
import { fieldLabel } from "../logic/fields";
import { operatorName } from "../logic/operator";
import type { T } from "../i18n";

/** A value as the screens word it: a category or gender in the user's language, a
 *  day as dates are written here, yes or no in words; anything else as it was typed. */
export function detailValue(field: string, value: string, t: T): string {
  if (field === "category" && ["officer", "nco", "enlisted"].includes(value)) return t(`cat_${value as "officer" | "nco" | "enlisted"}`);
  if (field === "gender" && (value === "F" || value === "M")) return t(value === "F" ? "female" : "male");
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, t.lang);
  if (field === "per_rotation" && ["true", "false", "1", "0"].includes(value)) return t(value === "true" || value === "1" ? "yes" : "no");
  return value;
}

/** A group's value (a rotation's dates, a module's titles) column by column, each named
 *  and worded as the screens do; one column alone as `detailValue` says it. */
export function groupValue(field: string, value: string, columns: ColumnValue[], t: T): string {
  if (columns.length === 0) return detailValue(field, value, t);
  return columns.map((c) => `${fieldLabel(c.column, t)}: ${detailValue(c.column, c.value, t)}`).join(", ");
}

/** An edit's value; in a group edited as one, the columns it left as they were are
 *  marked so ("unchanged"): a later edit of the training start alone carries the
 *  deployment day it found, and must not read as if it had chosen it. */
function GroupValue({ c, columns, value, t }: { c: DetailConflict; columns: ColumnValue[]; value: string; t: T }) {
  if (columns.length === 0 || c.was_columns.length === 0) return <>{groupValue(c.field, value, columns, t)}</>;
  return (
    <>
      {columns.map((col, i) => {
        const same = c.was_columns.some((w) => w.column === col.column && w.value === col.value);
        return (
          <span key={col.column} class={same ? "muted" : undefined} data-column={col.column} data-unchanged={same}>
            {i > 0 && ", "}
            {fieldLabel(col.column, t)}: {detailValue(col.column, col.value, t)}
            {same && ` (${t("detail_unchanged")})`}
          </span>
        );
      })}
    </>
  );
}

export function DetailConflicts({
  view,
  openPerson,
  readOnly,
  kept,
}: {
  view: ConflictsView;
  openPerson: (sn: string) => void;
  readOnly: boolean;
  kept: () => void;
}) {
  const { t, lang } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  if (view.details.length === 0) return null;
  // The value that counts is right: kept as it reads, which settles it on every laptop.
  const keep = async (c: DetailConflict) => {
    setBusy(true);
    setError("");
    try {
      await api.keepDetail(c.entity, c.key, c.field);
      kept();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const laptop = laptopNamer(view, t);
  const field = (c: DetailConflict) => fieldLabel(c.field, t);
  return (
    <section class="card" data-testid="sync-detail-conflicts">
      <h2>
        {t("detail_conflicts_title")} ({view.details.length})
      </h2>
      <p class="muted">{t("detail_conflicts_hint")}</p>
      {view.details.map((c) => (
        <div class="conflict" key={`${c.entity}-${c.key}-${c.field}-${c.added ? "added" : c.was}`} data-key={c.key} data-field={c.field}>
          <p>
            {c.entity === "person" ? (
              <button type="button" class="link" onClick={() => openPerson(c.key)}>
                {c.name}
              </button>
            ) : (
              <span>{c.name}</span>
            )}{" "}
            <small class="muted">{c.key}</small> · {field(c)} · {c.added ? t("detail_added_twice") : t("detail_was", { value: groupValue(c.field, c.was, c.was_columns, t) })}
          </p>
          <ul>
            {c.edits.map((e) => (
              <li key={`${e.at}-${e.value}`} class={e.wins ? "wins" : undefined} data-wins={e.wins}>
                {e.wins && <strong class="badge-ok">{t("correction_counts")}</strong>} <GroupValue c={c} columns={e.columns} value={e.value} t={t} />{" "}
                <span class="muted">{t("correction_by", { by: operatorName(e.by, t), when: formatStamp(e.at, lang), laptop: laptop(e.origin) })}</span>
              </li>
            ))}
          </ul>
          {!readOnly && (
            <button type="button" disabled={busy} onClick={() => keep(c)} data-testid="detail-keep">
              {t("detail_keep")}
            </button>
          )}
        </div>
      ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
