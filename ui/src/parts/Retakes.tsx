// Who must retake which module, and by when, for the certificate to stay valid to the end
// of the tour: the "by when" a commander asks after "who is not ready, for what". Once the
// contingent has deployed no retake is possible: the list becomes what lapses in the tour.
import { useEffect, useState } from "preact/hooks";
import type { Due } from "../bindings/Due";
import type { DueGroup } from "../bindings/DueGroup";
import type { Retakes as RetakesData } from "../bindings/Retakes";
import { api, errorText } from "../api";
import { formatDate, useT } from "../i18n";
import { bandClass } from "../logic/retakes";
import { retakeLine } from "../logic/tour";

/** The core's retakes (`due::retakes`): its groups, counts and first pages. Which bands are
 *  listed at once, and what lapses in the tour once deployed, the core has decided. */
export function Retakes({
  retakes,
  code,
  asOf,
  openPerson,
}: {
  retakes: RetakesData;
  code: string;
  asOf: string;
  openPerson: (sn: string) => void;
}) {
  const { t } = useT();
  const [all, setAll] = useState(false);
  if (retakes.deployed) {
    const g = retakes.groups[0];
    return (
      <section class="card wide" data-testid="tour-lapses">
        <h2>
          {t("tour_lapses")} ({retakes.total})
        </h2>
        <p class="muted">{retakes.total === 0 ? t("tour_lapses_none") : t("tour_lapses_note")}</p>
        {g && <Group g={g} code={code} asOf={asOf} openPerson={openPerson} />}
      </section>
    );
  }
  const soon = retakes.groups.filter((g) => g.soon);
  const hidden = retakes.groups.length > soon.length;
  return (
    <section class="card wide" data-testid="retakes">
      <h2>
        {t("retakes")} ({retakes.total})
      </h2>
      <p class="muted">{retakes.total === 0 ? t("retakes_none") : t("retakes_note")}</p>
      {(all ? retakes.groups : soon).map((g) => (
        <div key={g.band} class="retake-band">
          <h3>
            {g.band && <span class={`chip ${bandClass(g.band)}`}>{t(`band_${g.band}`)}</span>} {g.total}
          </h3>
          <Group g={g} code={code} asOf={asOf} openPerson={openPerson} />
        </div>
      ))}
      {hidden && (
        <button onClick={() => setAll(!all)} data-testid="retakes-all">
          {all ? t("retakes_soon_only") : t("show_all", { n: retakes.total })}
        </button>
      )}
    </section>
  );
}

/** One list: the first page the dashboard brought, and the rest a page at a time when asked. */
function Group({ g, code, asOf, openPerson }: { g: DueGroup; code: string; asOf: string; openPerson: (sn: string) => void }) {
  const { t } = useT();
  const [more, setMore] = useState<Due[]>([]);
  const [error, setError] = useState<string | null>(null);
  // A new dashboard (another day, a change) brings new first pages: start again from them.
  useEffect(() => {
    setMore([]);
    setError(null);
  }, [g]);
  const rows = more.length ? [...g.rows, ...more] : g.rows;
  const loadAll = async () => {
    try {
      let got: Due[] = [];
      while (g.rows.length + got.length < g.total) {
        const p = await api.retakesPage(code, asOf, g.band, g.rows.length + got.length, 1000);
        if (p.rows.length === 0) break;
        got = [...got, ...p.rows];
      }
      setMore(got);
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  return (
    <>
      <ul class="retakes">
        {rows.map((d) => (
          <Row d={d} openPerson={openPerson} key={`${d.service_number} ${d.module}`} />
        ))}
      </ul>
      {rows.length < g.total && (
        <button class="link" onClick={loadAll} data-testid={`retakes-more-${g.band ?? "tour"}`}>
          {t("show_all", { n: g.total })}
        </button>
      )}
      {error && <p role="alert">{error}</p>}
    </>
  );
}

/** One certificate: a retake only while its last day is ahead, else when it lapsed or lapses. */
function Row({ d, openPerson }: { d: Due; openPerson: (sn: string) => void }) {
  const { t, lang } = useT();
  const line = retakeLine(d);
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
        <span class="muted">
          {d.service_number} · {d.unit}
        </span>
      </span>
      <span class="what">
        <strong>{d.module}</strong>{" "}
        {line.key === "retake_by" && (
          <span class="muted">
            {t(d.band === "lapsed" ? "lapsed_on" : "lapses_on", { date: formatDate(d.expires_on, lang) })}
            {d.not_before && ` · ${t("retake_window", { date: formatDate(d.not_before, lang) })}`}
            {d.short_of_tour && ` · ${t("retake_short", { date: formatDate(d.short_of_tour, lang) })}`}
          </span>
        )}
      </span>
    </li>
  );
}
