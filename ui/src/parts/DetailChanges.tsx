// How a person's details changed, newest first: who changed what, when, from what to what.
// Folded away: most people never change, and those who do are looked up for the why.
import type { DetailChange } from "../bindings/DetailChange";
import type { FieldChange } from "../bindings/FieldChange";
import { formatStamp, useT, type Key } from "../i18n";
import { operatorName } from "../logic/operator";

export function DetailChanges({ changes, readsOtherwise }: { changes: DetailChange[]; readsOtherwise: FieldChange[] }) {
  const { t, lang } = useT();
  if (changes.length === 0) return null;
  const shown = (f: FieldChange, v: string) =>
    v === "" ? "—" : f.field === "category" ? t(`cat_${v}` as Key) : f.field === "gender" ? t(v === "F" ? "female" : "male") : v;
  return (
    <details class="detail-changes" data-testid="detail-changes">
      <summary>{t("details_changes", { n: changes.length })}</summary>
      <ul>
        {changes.map((c, i) => (
          <li key={i}>
            <span class="muted">
              {formatStamp(c.at, lang)}, {operatorName(c.by, t)}
              {c.undo_of &&
                `, ${
                  // The command line's default reason names the import already: said once.
                  c.undo_of.reason.startsWith(`undo of the import of ${c.undo_of.file}`)
                    ? t("undo_of_import_file", { file: c.undo_of.file })
                    : t("undo_of_import", { file: c.undo_of.file, reason: c.undo_of.reason })
                }`}
              :
            </span>{" "}
            {c.fields.map((f, j) => (
              <span key={f.field}>
                {j > 0 && "; "}
                {t(f.field as Key)}: {shown(f, f.old)} → <strong>{shown(f, f.new)}</strong>
              </span>
            ))}
          </li>
        ))}
      </ul>
      {/* The newest line is not always the value: the latest edit still in force counts. */}
      {readsOtherwise.map((f) => (
        <p class="muted" key={f.field} data-testid="reads-otherwise">
          {t("reads_otherwise", { field: t(f.field as Key), now: shown(f, f.new), listed: shown(f, f.old) })}
        </p>
      ))}
    </details>
  );
}
