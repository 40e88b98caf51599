// The readiness report on screen, drawn from the core's report model in the report's own
// language (the core's labels), section by section as the HTML and PDF print it. Every
// value is rendered as text by Preact: a name can never become markup.
import type { ReportView } from "../bindings/ReportView";
import type { Labels } from "../bindings/Labels";
import type { Status } from "../bindings/Status";
import type { Category } from "../bindings/Category";
import type { Gender } from "../bindings/Gender";
import { asLang, formatDate, formatStamp } from "../i18n";
import { TrendChart } from "./TrendChart";
import { LAPSES_ICON, STATUS_ICON, fullName, readingIcon } from "../logic/matrix";
import { statusDate } from "./StatusCell";
import { moduleTitle } from "../logic/titles";
import type { ComponentChildren } from "preact";
import { shortIds } from "../logic/ids";
import { FoldedLines } from "./FoldedLines";

/** The columns of the table by module, in the core's legend order (`Reading::ALL`): what
 *  lapses before deployment beside what has expired, as the dashboard and the printed
 *  report have it. */
type Column = Status | "lapses";
const MODULE_COLUMNS: Column[] = ["complete", "expiring", "lapses", "expired", "failed", "missing", "not_required"];

function columnWord(c: Column, l: Labels): string {
  return c === "lapses" ? `${LAPSES_ICON} ${l.lapses}` : `${STATUS_ICON[c]} ${l[c]}`;
}

function catLabel(l: Labels, c: Category): string {
  return c === "officer" ? l.officer : c === "nco" ? l.nco : l.enlisted;
}
function genderLabel(l: Labels, g: Gender): string {
  return g === "F" ? l.women : l.men;
}

/** A region that may scroll sideways (or down): the keyboard reaches it (tab stop) and a
 *  screen reader names it, so its hidden part is never out of reach. */
function Scroll({ label, extra, children }: { label: string; extra?: string; children: ComponentChildren }) {
  return (
    <div class={`scroll-x${extra ? ` ${extra}` : ""}`} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

export function ReportDoc({ view, lang: langCode }: { view: ReportView; lang: string }) {
  const { report: r, labels: l } = view;
  const lang = asLang(langCode);
  const h = r.header;
  const d = (iso: string | null | undefined) => formatDate(iso, lang);
  const s = r.summary;
  const v = r.validation;
  const head: [string, string][] = [
    [l.contingent, `${h.code} — ${h.name}`],
    [l.mission, h.mission],
    [l.parent_unit, h.parent_unit],
    [l.report_date, d(h.as_of)],
    [l.training_start, d(h.training_start)],
    [l.deployment, d(h.deploy_on)],
    [l.tour_end, d(h.tour_end)],
    h.days_to_deployment < 0 ? [l.days_since_deployment, String(-h.days_to_deployment)] : [l.days_to_deployment, String(h.days_to_deployment)],
    [l.curriculum_version, String(h.curriculum_version)],
    [l.personnel, String(s.personnel)],
    [l.ready, String(s.ready)],
    [l.percent, s.percent.toFixed(1)],
  ];
  const groups: [string, { label: string; personnel: number; ready: number; percent: number }[]][] = [
    [l.by_unit, s.by_unit.map((g) => ({ ...g, label: g.key }))],
    [l.by_category, s.by_category.map((g) => ({ ...g, label: catLabel(l, g.key) }))],
    [l.by_gender, s.by_gender.map((g) => ({ ...g, label: genderLabel(l, g.key) }))],
  ];

  return (
    <article class="report" lang={lang} data-testid="report">
      <h1>{l.title}</h1>
      <dl class="report-head">
        {head.map(([k, val]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{val}</dd>
          </div>
        ))}
      </dl>

      {v ? (
        <section class={`stamp ${v.decision}`} data-testid="report-stamp">
          <p class="decision">
            {l.validation}: {v.decision === "validated" ? l.validated : l.not_validated}
          </p>
          <p>
            {l.team}: {v.team} · {l.validator}: {v.validator} · {l.signed_off}: {formatStamp(v.recorded_at, lang)} ({v.recorded_by})
          </p>
          {v.notes && <p>{v.notes}</p>}
          <p class="hash">
            {l.sha256}: {v.sha256}
          </p>
          {view.changes.length > 0 && (
            <div class="changed">
              <strong>{l.changed_since}</strong>
              <FoldedLines lines={view.changes.map((c) => ({ text: shortIds(c.text) }))} />
            </div>
          )}
        </section>
      ) : (
        <p class="stamp-none muted">{l.not_validated_yet}</p>
      )}

      <h2>{l.summary}</h2>
      <div class="report-groups">
        {groups.map(([title, rows]) => (
          <div key={title}>
            <h3>{title}</h3>
            <Scroll label={title}>
            <table class="plain">
              <thead>
                <tr>
                  <th></th>
                  <th class="num">{l.personnel}</th>
                  <th class="num">{l.ready}</th>
                  <th class="num">{l.percent}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((g) => (
                  <tr key={g.label}>
                    <td>{g.label}</td>
                    <td class="num">{g.personnel}</td>
                    <td class="num">{g.ready}</td>
                    <td class="num">{g.percent.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </Scroll>
          </div>
        ))}
      </div>
      <h3>{l.by_module}</h3>
      <Scroll label={l.by_module}>
        <table class="plain stack">
          <thead>
            <tr>
              <th>{l.module}</th>
              {MODULE_COLUMNS.map((c) => (
                <th class="num" key={c}>
                  {columnWord(c, l)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.by_module.map((m) => (
              <tr key={m.code}>
                <td class="row-head">
                  <strong>{m.code}</strong> {moduleTitle(r.modules.find((x) => x.code === m.code) ?? { title: "" }, lang)}
                </td>
                {MODULE_COLUMNS.map((c) => (
                  <td class="num" key={c} data-label={columnWord(c, l)}>
                    {c === "lapses" ? (m.lapses_before_deployment ?? 0) : m[c]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>

      <h2>{l.trend}</h2>
      <TrendChart
        chart={view.chart}
        points={r.trend}
        words={{ title: l.trend, actual: l.actual, plan: l.plan, deployment: l.deployment }}
        d={(iso) => d(iso)}
        testid="report-trend"
      />
      <Scroll label={l.trend}>
        <table class="plain">
          <thead>
            <tr>
              <th>{l.date}</th>
              <th class="num">{l.ready}</th>
              <th class="num">{l.actual} %</th>
              <th class="num">{l.plan} %</th>
            </tr>
          </thead>
          <tbody>
            {r.trend.map((p) => (
              <tr key={p.date}>
                <td>{d(p.date)}</td>
                <td class="num">
                  {p.ready}/{p.personnel}
                </td>
                <td class="num">{p.percent.toFixed(1)}</td>
                <td class="num">{p.plan_percent.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>

      <h2>{l.gaps}</h2>
      <h3>
        {l.not_ready} ({r.gaps.not_ready.length})
      </h3>
      {r.gaps.not_ready.length === 0 ? (
        <p>{l.nobody}</p>
      ) : (
        <ul class="gaps" data-testid="report-gaps">
          {r.gaps.not_ready.map((p) => (
            <li key={p.service_number}>
              <span class="sn">{p.service_number}</span> {p.rank} {p.name} <span class="muted">· {p.unit} · {l.lacks}:</span>{" "}
              {p.lacking.map((x) => (
                <span class={`chip st-${x.status}`} key={x.module}>
                  {x.module} {x.lapses_before_deployment ? LAPSES_ICON : STATUS_ICON[x.status]} {x.lapses_before_deployment ? l.lapses : l[x.status]}
                  {x.date ? ` ${d(x.date)}` : ""}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      <h3>
        {l.lapsing} ({r.gaps.lapsing.length})
      </h3>
      {r.gaps.lapsing.length === 0 ? (
        <p>{l.nobody}</p>
      ) : (
        <Scroll label={l.lapsing}>
          <table class="plain stack">
            <thead>
              <tr>
                <th>{l.expires_on}</th>
                <th>{l.service_number}</th>
                <th>{l.name}</th>
                <th>{l.module}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {r.gaps.lapsing.map((x, i) => (
                <tr key={i}>
                  <td>{d(x.expires_on)}</td>
                  <td>{x.service_number}</td>
                  <td>
                    {x.rank} {x.name}
                  </td>
                  <td data-label={l.module}>{x.module}</td>
                  <td>{x.before_deployment ? l.before_deployment : l.during_tour}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}

      <h2>
        {l.matrix} · {l.nominal_roll}
      </h2>
      <Scroll label={`${l.matrix} · ${l.nominal_roll}`} extra="report-matrix">
        <table class="plain stack">
          <thead>
            <tr>
              <th class="num">{l.number}</th>
              <th>{l.service_number}</th>
              <th>{l.rank}</th>
              <th>{l.name}</th>
              <th>{l.gender}</th>
              <th>{l.role}</th>
              <th>{l.unit}</th>
              {r.modules.map((m) => (
                <th key={m.code} title={moduleTitle(m, lang)}>
                  {m.code}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.personnel.map((p, i) => (
              <tr key={p.service_number}>
                <td class="num">{i + 1}</td>
                <td>{p.service_number}</td>
                <td>{p.rank}</td>
                <td>{fullName(p)}</td>
                <td>{p.gender === "F" ? l.woman_short : l.man_short}</td>
                <td>{p.role}</td>
                <td>{p.unit}</td>
                {r.modules.map((m) => {
                  const ms = p.modules[m.code];
                  const st = ms?.status ?? "missing";
                  // Dated and marked as the printed report dates and marks it: an expired or
                  // lapsing certificate by the day it lapses, ◔ for one that lapses before
                  // deployment (`ModuleStatus::shown_date`, `marks::reading_symbol`).
                  const when = ms ? statusDate(ms) : null;
                  const word = ms?.lapses_before_deployment ? l.lapses : l[st];
                  return (
                    <td key={m.code} class={`st st-${st}`} title={word} data-label={m.code}>
                      {ms ? readingIcon(ms) : STATUS_ICON[st]} {when ? d(when) : word}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </article>
  );
}
