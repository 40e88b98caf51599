// Records two laptops corrected differently before they exchanged bundles. Every laptop
// keeps every correction and the one entered last counts everywhere; this lists them with
// where each was made, until a person settles each by correcting the one that counts.
import { operatorName } from "../logic/operator";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { Correction } from "../bindings/Correction";
import { formatDate, formatStamp, useT, type T } from "../i18n";
import { laptopNamer } from "../logic/bundles";
import { shortId } from "../logic/ids";

export function Conflicts({ view, openPerson }: { view: ConflictsView; openPerson: (sn: string) => void }) {
  const { t, lang } = useT();
  if (view.conflicts.length === 0) return null;
  const laptop = laptopNamer(view, t);
  return (
    <section class="card" data-testid="sync-conflicts">
      <h2>
        {t("conflicts_title")} ({view.conflicts.length})
      </h2>
      <p class="muted">{t("conflicts_hint")}</p>
      {view.conflicts.map((c) => (
        <div class="conflict" key={c.record} data-record={c.record}>
          <p>
            <button type="button" class="link" onClick={() => openPerson(c.service_number)}>
              {c.name}
            </button>{" "}
            <small class="muted">{c.service_number}</small> ·{" "}
            {t("conflict_record", { module: c.module, id: shortId(c.record), date: formatDate(c.date, lang), result: t(c.result) })}
          </p>
          <ul>
            {c.corrections.map((k) => (
              <li key={`${k.id}-${k.at}`} class={k.wins ? "wins" : undefined} data-wins={k.wins}>
                {k.wins && <strong class="badge-ok">{t("correction_counts")}</strong>} {said(k, t)}{" "}
                <span class="muted">
                  {t("correction_by", { by: operatorName(k.by, t), when: formatStamp(k.at, lang), laptop: laptop(k.origin) })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** What a correction says, in the screen's language. */
function said(k: Correction, t: T): string {
  const reason = k.reason ? ` (${t("correction_reason", { reason: k.reason })})` : "";
  if (k.kind === "voiding" || k.result === null) return t("correction_void") + reason;
  const score = k.score === null ? "" : `, ${t("score").toLowerCase()} ${k.score}`;
  return `${t("correction_amend", { result: t(k.result), date: formatDate(k.date, t.lang) })}${score}${reason}`;
}
