// Who must retake which module, and by when, for the certificate to stay valid to the end
// of the tour: the "by when" a commander asks after "who is not ready, for what".
import { useState } from "preact/hooks";
import type { Due } from "../bindings/Due";
import { formatDate, useT } from "../i18n";
import { bandClass, byBand, soonRetakes } from "../logic/retakes";

export function Retakes({
  list,
  asOf,
  openPerson,
}: {
  list: Due[];
  asOf: string;
  openPerson: (sn: string) => void;
}) {
  const { t, lang } = useT();
  const [all, setAll] = useState(false);
  const soon = soonRetakes(list);
  return (
    <section class="card wide" data-testid="retakes">
      <h2>
        {t("retakes")} ({list.length})
      </h2>
      <p class="muted">{list.length === 0 ? t("retakes_none") : t("retakes_note")}</p>
      {byBand(all ? list : soon).map(([band, rows]) => (
        <div key={band} class="retake-band">
          <h3>
            <span class={`chip ${bandClass(band)}`}>{t(`band_${band}`)}</span> {rows.length}
          </h3>
          <ul class="retakes">
            {rows.map((d) => (
              <li key={`${d.service_number} ${d.module}`} data-sn={d.service_number} data-module={d.module} data-band={d.band}>
                <span class="when">
                  <strong>{t("retake_by", { date: formatDate(d.due_by, lang) })}</strong>
                  {d.days_left >= 0 && <span class="muted"> · {t("days_left", { n: d.days_left })}</span>}
                </span>
                <span class="who">
                  <button class="link" onClick={() => openPerson(d.service_number)}>
                    {d.rank} {d.name}
                  </button>{" "}
                  <span class="muted">{d.unit}</span>
                </span>
                <span class="what">
                  <strong>{d.module}</strong>{" "}
                  <span class="muted">
                    {t(d.band === "lapsed" ? "lapsed_on" : "lapses_on", { date: formatDate(d.expires_on, lang) })}
                    {d.earliest > asOf && ` · ${t("retake_window", { date: formatDate(d.earliest, lang) })}`}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {list.length > soon.length && (
        <button onClick={() => setAll(!all)} data-testid="retakes-all">
          {all ? t("retakes_soon_only") : t("show_all", { n: list.length })}
        </button>
      )}
    </section>
  );
}
