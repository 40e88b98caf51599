// Home: how ready the contingent is, what holds it back, and who.
import type { DashboardView } from "../bindings/DashboardView";
import type { ModuleTally } from "../bindings/ModuleTally";
import type { Status } from "../bindings/Status";
import { formatDate, formatStamp, useT } from "../i18n";
import { useReadOnly } from "../readOnly";
import { CATEGORIES, LAPSES_ICON, STATUS_ICON, fullName, readingIcon, unitsInOrder } from "../logic/matrix";
import type { Tally } from "../bindings/Tally";
import { Trend } from "../parts/Trend";
import { Retakes } from "../parts/Retakes";
import { OffRosterList } from "../parts/OffRosterList";
import { ChangedSince } from "../parts/ChangedSince";
import { moduleTitle } from "../logic/titles";
import { peerName } from "../logic/keys";
import { problemText } from "../problems";

const BAR: Status[] = ["complete", "expiring", "expired", "failed", "missing"];

/** How many people on two rotations at once the dashboard names; the rest are counted. */
const ALSO_ELSEWHERE_LISTED = 10;

export function Dashboard({
  d,
  openPerson,
  goImport,
  goReports,
  goMatrix,
  goSync,
}: {
  d: DashboardView;
  openPerson: (sn: string) => void;
  goImport: () => void;
  goReports: () => void;
  goMatrix: () => void;
  goSync: () => void;
}) {
  const { t, lang } = useT();
  const readOnly = useReadOnly();
  const signoff = d.signoff;
  const c = d.contingent;
  const s = d.summary;
  const women = s.by_gender.F;
  const men = s.by_gender.M;
  const blockers = d.not_ready;
  const tour = c.stage;

  return (
    <div class="dashboard" data-testid="dashboard" data-as-of={d.as_of}>
      <header class="head">
        <h1 data-testid="contingent-name">{c.name}</h1>
        <p class="muted">
          {[c.code, c.mission, c.parent_unit, t("as_of", { date: formatDate(d.as_of, lang) })].filter(Boolean).join(" · ")}
        </p>
        {d.last_received && (
          <p class="muted" data-testid="last-received">
            {t("last_received", {
              when: formatStamp(d.last_received.last_received, lang),
              name: peerName(d.last_received, t),
            })}
          </p>
        )}
      </header>
      {d.nothing_required && (
        <p class="notice" role="alert" data-testid="nothing-required">
          {problemText({ code: "no_modules_required", contingent: c.code }, t)}
        </p>
      )}
      {d.open_conflicts > 0 && (
        <p class="notice" role="alert" data-testid="open-conflicts">
          {t("open_conflicts", { n: d.open_conflicts })}{" "}
          <button class="link" onClick={goSync}>
            {t("open_sync")}
          </button>
        </p>
      )}
      {d.also_elsewhere.length > 0 && (
        <div class="notice" role="alert" data-testid="also-elsewhere">
          <p>{t("also_elsewhere", { n: d.also_elsewhere.length })}</p>
          <ul class="plain-list">
            {d.also_elsewhere.slice(0, ALSO_ELSEWHERE_LISTED).map((a) => (
              <li key={a.service_number}>
                <button class="link" onClick={() => openPerson(a.service_number)}>
                  {a.service_number}
                </button>{" "}
                → {a.rotations.join(", ")}
              </li>
            ))}
            {d.also_elsewhere.length > ALSO_ELSEWHERE_LISTED && <li>…</li>}
          </ul>
        </div>
      )}
      {signoff && signoff.changes.length > 0 && <ChangedSince row={signoff} open={goReports} />}
      <section class="tiles">
        <div class="tile big">
          <span class="label">{t("ready_pct")}</span>
          <span class="value" data-testid="percent">{s.percent.toFixed(1)}%</span>
          <span class="sub">
            {t("ready_of", { ready: s.ready, total: s.personnel })}
          </span>
          <span class="hidden-data" data-testid="ready">{s.ready}</span>
          <span class="hidden-data" data-testid="personnel">{s.personnel}</span>
        </div>
        {tour.kind === "before" ? (
          <div class="tile" data-testid="tour" data-stage={tour.kind}>
            <span class="label">{t("days_to_deploy")}</span>
            <span class="value" data-testid="days">{tour.days}</span>
            <span class="sub">{t("deploys_on", { date: formatDate(c.deploy_on, lang) })}</span>
          </div>
        ) : (
          <div class="tile" data-testid="tour" data-stage={tour.kind}>
            <span class="label">{t("deployed")}</span>
            <span class="value words" data-testid="days">{t("days_ago", { n: tour.days_ago })}</span>
            <span class="sub" data-testid="tour-end">
              {formatDate(c.deploy_on, lang)} ·{" "}
              {t(tour.kind === "on_tour" ? "tour_ends" : "tour_ended", { date: formatDate(c.tour_end, lang) })}
            </span>
          </div>
        )}
        <div class="tile">
          <span class="label">{t("women")}</span>
          <span class="value" data-testid="women">
            {women ? `${women.ready}/${women.personnel}` : "0/0"}
          </span>
          <span class="sub">{women ? `${women.percent.toFixed(1)}%` : ""}</span>
        </div>
        <div class="tile">
          <span class="label">{t("men")}</span>
          <span class="value" data-testid="men">
            {men ? `${men.ready}/${men.personnel}` : "0/0"}
          </span>
          <span class="sub">{men ? `${men.percent.toFixed(1)}%` : ""}</span>
        </div>
      </section>

      {s.personnel === 0 ? (
        <div class="card">
          <p>{t("no_people")}</p>
          {!readOnly && (
            <button class="primary" onClick={goImport}>
              {t("import_roster")}
            </button>
          )}
        </div>
      ) : (
        <div class="cols">
          <section class="card">
            <h2>{t("by_module")}</h2>
            <ul class="legend">
              {BAR.flatMap((st) => [
                <li key={st}>
                  <span class={`sw st-${st}`} aria-hidden="true" /> {STATUS_ICON[st]} {t(`st_${st}`)}
                </li>,
                // The lapsing ones take expired's colour, striped, and their own mark.
                ...(st === "expired"
                  ? [
                      <li key="lapses">
                        <span class="sw st-expired lapses" aria-hidden="true" /> {LAPSES_ICON} {t("st_lapses")}
                      </li>,
                    ]
                  : []),
              ])}
            </ul>
            {d.modules.map((m) => (
              <ModuleBar m={m} key={m.code} />
            ))}
          </section>
          <section class="card">
            <h2>{t("by_unit")}</h2>
            <TallyTable
              testid="units"
              head={t("unit")}
              rows={unitsInOrder(d.units, Object.keys(s.by_unit)).flatMap((unit) => {
                const tally = s.by_unit[unit];
                return tally ? [[unit, unit, tally] as Row] : [];
              })}
            />
          </section>
          <section class="card">
            <h2>{t("by_category")}</h2>
            <TallyTable
              testid="categories"
              head={t("category")}
              rows={CATEGORIES.flatMap((k) => {
                const tally = s.by_category[k];
                return tally ? [[k, t(`cat_${k}`), tally] as Row] : [];
              })}
            />
          </section>
          <Trend points={d.trend} chart={d.chart} />
          <section class="card wide">
            <h2>
              {t("blockers")} ({d.not_ready_total})
            </h2>
            {d.not_ready_total === 0 ? (
              <p>{t("blockers_none")}</p>
            ) : (
              <ul class="blockers" data-testid="blockers">
                {blockers.map((p) => (
                  <li key={p.service_number}>
                    <button class="link" onClick={() => openPerson(p.service_number)}>
                      {p.rank} {fullName(p)}
                    </button>{" "}
                    <span class="muted">
                      {p.service_number} · {p.unit} · {t("lacks")}:
                    </span>{" "}
                    {p.lacking.map((l) => (
                      <span
                        class={`chip st-${l.status}`}
                        key={l.module}
                        title={t(l.lapses_before_deployment ? "st_lapses" : `st_${l.status}`)}
                      >
                        {l.module} {readingIcon(l)}
                        {l.date && <small> {formatDate(l.date, lang)}</small>}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            )}
            {d.not_ready_total > blockers.length && (
              <p class="muted" data-testid="blockers-more">
                {t("blockers_more", { n: d.not_ready_total - blockers.length })}{" "}
                <button class="link" onClick={goMatrix}>
                  {t("nav_matrix")}
                </button>
              </p>
            )}
          </section>
          <Retakes retakes={d.retakes} code={c.code} asOf={d.as_of} openPerson={openPerson} />
          <OffRosterList list={d.off_roster} openPerson={openPerson} />
        </div>
      )}
    </div>
  );
}

/** The core's counts per module as they read: the expired still valid today that run out
 *  before deployment are counted apart by the core ("⊘ 4 expired · ◔ 15 lapse before
 *  deployment", as the matrix words them), drawn in expired's colour, striped. */
function ModuleBar({ m }: { m: ModuleTally }) {
  const { t } = useT();
  // The lapsing ones next to the expired: the same colour, striped.
  const parts = BAR.flatMap((st) => {
    const own = [st, m[st], `st_${st}` as const] as const;
    return st === "expired" ? [own, ["expired", m.lapses_before_deployment, "lapse_before_deployment"] as const] : [own];
  }).filter(([, n]) => n > 0);
  const total = parts.reduce((sum, [, n]) => sum + n, 0);
  // The lapsing ones keep their own mark in words, ◔ as in the report, the chips and the
  // matrix.
  // "15 lapse before deployment" in English; Russian and Kazakh name the status, then the
  // count ("истекает до развёртывания: 1"), which no number puts in the wrong form.
  const words = parts.map(
    ([st, n, word]) => `${word === "lapse_before_deployment" ? LAPSES_ICON : STATUS_ICON[st]} ${t("bar_count", { n, word: t(word) })}`,
  );
  return (
    <div class="mbar" data-testid={`module-${m.code}`}>
      <div class="mbar-label">
        <strong>{m.code}</strong> <span class="muted">{moduleTitle(m, t.lang)}</span>
        <span class="mbar-counts">
          {words.join(" · ")}
        </span>
      </div>
      <div class="bar" role="img" aria-label={parts.map(([, n, word]) => `${t(word)} ${n}`).join(", ")}>
        {parts.map(([st, n, word]) => (
          <span
            key={word}
            class={`seg st-${st}${word === "lapse_before_deployment" ? " lapses" : ""}`}
            style={{ width: `${(100 * n) / Math.max(1, total)}%` }}
          />
        ))}
      </div>
    </div>
  );
}

/** One row of a tally table: its key, what it is called on screen, the core's count. */
type Row = [string, string, Tally];

/** Ready of how many, per unit or per category, as the core counted them. */
function TallyTable({ testid, head, rows }: { testid: string; head: string; rows: Row[] }) {
  const { t } = useT();
  return (
    <table class="plain" data-testid={testid}>
      <thead>
        <tr>
          <th>{head}</th>
          <th class="num">{t("personnel")}</th>
          <th class="num">{t("ready")}</th>
          <th class="num">{t("percent")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, name, tally]) => (
          <tr key={key} data-row={key}>
            <td>{name}</td>
            <td class="num">{tally.personnel}</td>
            <td class="num">{tally.ready}</td>
            <td class="num">{tally.percent.toFixed(1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
