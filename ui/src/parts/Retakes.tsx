// Who must retake which module, and by when, for the certificate to stay valid to the end
// of the tour: the "by when" a commander asks after "who is not ready, for what". Once the
// contingent has deployed no retake is possible: the list becomes what lapses in the tour.
import { useState } from "preact/hooks";
import type { Due } from "../bindings/Due";
import { formatDate, useT } from "../i18n";
import { bandClass, byBand, soonRetakes } from "../logic/retakes";
import { lapsesInTour, retakeLine } from "../logic/tour";

export function Retakes({
  list,
  asOf,
  deployOn,
  openPerson,
}: {
  list: Due[];
  asOf: string;
  deployOn: string;
  openPerson: (sn: string) => void;
}) {
  const { t } = useT();
  const [all, setAll] = useState(false);
  if (asOf >= deployOn) return <TourLapses list={lapsesInTour(list, deployOn)} asOf={asOf} openPerson={openPerson} />;
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
              <Row d={d} asOf={asOf} openPerson={openPerson} key={`${d.service_number} ${d.module}`} />
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

function TourLapses({ list, asOf, openPerson }: { list: Due[]; asOf: string; openPerson: (sn: string) => void }) {
  const { t } = useT();
  return (
    <section class="card wide" data-testid="tour-lapses">
      <h2>
        {t("tour_lapses")} ({list.length})
      </h2>
      <p class="muted">{list.length === 0 ? t("tour_lapses_none") : t("tour_lapses_note")}</p>
      <ul class="retakes">
        {list.map((d) => (
          <Row d={d} asOf={asOf} openPerson={openPerson} key={`${d.service_number} ${d.module}`} />
        ))}
      </ul>
    </section>
  );
}

/** One certificate: a retake only while its last day is ahead, else when it lapsed or lapses. */
function Row({ d, asOf, openPerson }: { d: Due; asOf: string; openPerson: (sn: string) => void }) {
  const { t, lang } = useT();
  const line = retakeLine(d, asOf);
  return (
    <li data-sn={d.service_number} data-module={d.module} data-band={d.band} data-line={line.key}>
      <span class="when">
        <strong>{t(line.key, { date: formatDate(line.date, lang) })}</strong>
        {line.key === "retake_by" && <span class="muted"> · {t("days_left", { n: line.days })}</span>}
      </span>
      <span class="who">
        <button class="link" onClick={() => openPerson(d.service_number)}>
          {d.rank} {d.name}
        </button>{" "}
        <span class="muted">{d.unit}</span>
      </span>
      <span class="what">
        <strong>{d.module}</strong>{" "}
        {line.key === "retake_by" && (
          <span class="muted">
            {t(d.band === "lapsed" ? "lapsed_on" : "lapses_on", { date: formatDate(d.expires_on, lang) })}
            {d.earliest > asOf && ` · ${t("retake_window", { date: formatDate(d.earliest, lang) })}`}
          </span>
        )}
      </span>
    </li>
  );
}
