// People × modules. Only the rows in view are drawn, and only the pages of rows about to be
// drawn are asked for (the core filters, src/matrix.rs), so 10,000 people scroll smoothly;
// on a phone the table becomes one line per person.
import { memo } from "preact/compat";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { DashboardView } from "../bindings/DashboardView";
import type { ModuleTally } from "../bindings/ModuleTally";
import type { PersonReadiness } from "../bindings/PersonReadiness";
import type { ModuleStatus } from "../bindings/ModuleStatus";
import type { Status } from "../bindings/Status";
import type { Category } from "../bindings/Category";
import { api } from "../api";
import { formatDate, useT, type Lang } from "../i18n";
import {
  CATEGORIES,
  LAPSES_ICON,
  NO_FILTER,
  PAGE,
  STATUS_ICON,
  filterKey,
  fullName,
  pagesFor,
  readingIcon,
  type MatrixFilter,
} from "../logic/matrix";
import { StatusCell, statusDate } from "../parts/StatusCell";
import { useNarrow, useVirtual } from "../parts/useVirtual";
import { keep, recall } from "../logic/kept";
import { moduleTitle } from "../logic/titles";

const ROW = 34;
// Compact columns: at 1280 px all seven modules fit beside the names (the status over its
// date in each cell); narrower, the grid scrolls under a sticky first column.
const FIRST = 194;
const COL = 114;
const CARD = 66;
const STATUSES: Status[] = ["complete", "expiring", "expired", "failed", "missing", "not_required"];
/** The status filter's value for certificates that lapse before deployment. */
const LAPSES = "lapses";

/** The rows asked for so far under one filter, by page, and how many pass it. */
interface Rows {
  key: string;
  total: number | null;
  pages: Map<number, PersonReadiness[]>;
}

/** The matrix's rows as the core pages them: `need(start, end)` asks for the pages that
 *  hold those rows (and the next) unless already there or on their way. A new filter, day
 *  or dashboard (after a change) starts again. */
function usePages(d: DashboardView, asOf: string | null, f: MatrixFilter) {
  const key = `${d.contingent.code}|${asOf}|${filterKey(f)}`;
  const [rows, setRows] = useState<Rows>({ key, total: null, pages: new Map() });
  const asked = useRef<{ key: string; d: DashboardView; pages: Set<number> }>({ key, d, pages: new Set() });
  if (asked.current.key !== key || asked.current.d !== d) asked.current = { key, d, pages: new Set() };
  // Bound now, not when `need` runs: an effect of an earlier render (typing runs ahead of
  // effects) must not mark this filter's pages as asked for with its own filter's request.
  const a = asked.current;
  const current = rows.key === key ? rows : { key, total: null, pages: new Map<number, PersonReadiness[]>() };
  const need = (start: number, end: number) => {
    for (const p of pagesFor(start, end, current.total)) {
      if (a.pages.has(p)) continue;
      a.pages.add(p);
      api
        .matrixPage(d.contingent.code, asOf, f, p * PAGE, PAGE)
        .then((page) => {
          if (asked.current !== a) return;
          setRows((old) => {
            const base = old.key === key ? old : { key, total: null, pages: new Map<number, PersonReadiness[]>() };
            const pages = new Map(base.pages);
            pages.set(p, page.rows);
            return { key, total: page.total, pages };
          });
        })
        .catch(() => a.pages.delete(p));
    }
  };
  // A change (new dashboard) drops the rows asked for before it.
  useEffect(() => setRows({ key, total: null, pages: new Map() }), [d]);
  const row = (i: number) => current.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  return { total: current.total, row, need };
}

export function Matrix({
  d,
  asOf,
  openPerson,
}: {
  d: DashboardView;
  /** The day asked for (yyyy-mm-dd), or null for today. */
  asOf: string | null;
  openPerson: (sn: string) => void;
}) {
  const { t } = useT();
  // The filters and the place in the list, as left: Back from a soldier comes back to them.
  const kept = `matrix:${d.contingent.code}`;
  const [f, setFilter] = useState<MatrixFilter>(() => recall<MatrixFilter>(kept) ?? NO_FILTER);
  const setF = (next: MatrixFilter) => (keep(kept, next), setFilter(next));
  const rows = usePages(d, asOf, f);
  const narrow = useNarrow();
  const set = (k: "unit" | "module" | "query") => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const choose = (v: string) => (v === "" ? null : v);

  return (
    <div class="matrix-screen" data-testid="matrix" data-as-of={d.as_of}>
      <div class="filters">
        <input
          type="search"
          placeholder={t("search")}
          aria-label={t("search")}
          value={f.query}
          onInput={set("query")}
          data-testid="search"
        />
        <select value={f.unit} onChange={set("unit")} aria-label={t("unit")} data-testid="filter-unit">
          <option value="">{t("all_units")}</option>
          {d.units.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        <select
          value={f.category ?? ""}
          onChange={(e) => setF({ ...f, category: choose(e.currentTarget.value) as Category | null })}
          aria-label={t("category")}
        >
          <option value="">{t("all_categories")}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`cat_${c}`)}
            </option>
          ))}
        </select>
        <select
          value={f.lapses ? LAPSES : (f.status ?? "")}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setF(v === LAPSES ? { ...f, status: null, lapses: true } : { ...f, status: choose(v) as Status | null, lapses: false });
          }}
          aria-label={t("status")}
          data-testid="filter-status"
        >
          <option value="">{t("all_statuses")}</option>
          {STATUSES.map((s) => [
            <option key={s} value={s}>
              {STATUS_ICON[s]} {t(`st_${s}`)}
            </option>,
            // Lapsing before deployment, between expiring and expired, as legends list it.
            s === "expiring" && (
              <option key={LAPSES} value={LAPSES}>
                {LAPSES_ICON} {t("st_lapses")}
              </option>
            ),
          ])}
        </select>
        <select value={f.module} onChange={set("module")} aria-label={t("module")} data-testid="filter-module">
          <option value="">{t("all_modules")}</option>
          {d.modules.map((m) => (
            <option key={m.code} value={m.code}>
              {m.code}
            </option>
          ))}
        </select>
        <span class="muted" data-testid="shown">
          {rows.total === null ? t("loading") : t("shown", { n: rows.total, total: d.summary.personnel })}
        </span>
      </div>
      {narrow ? (
        <PersonList rows={rows} openPerson={openPerson} keepAs={`${kept}:list`} filter={f} />
      ) : (
        <Grid modules={d.modules} rows={rows} openPerson={openPerson} module={f.module} keepAs={`${kept}:grid`} />
      )}
    </div>
  );
}

type Paged = ReturnType<typeof usePages>;

/** One person's row. Kept from one scroll step to the next (the same person object, the
 *  same columns): a step draws only the rows that come into view, not all of them again. */
const MatrixRow = memo(function MatrixRow({
  p,
  mods,
  openPerson,
}: {
  p: PersonReadiness;
  mods: ModuleTally[];
  openPerson: (sn: string) => void;
}) {
  const { t } = useT();
  return (
    <tr class="mrow" data-sn={p.service_number}>
      <td class="first">
        <div class="who">
          <button class="link name" title={fullName(p)} onClick={() => openPerson(p.service_number)}>
            <span class={p.ready ? "dot ok" : "dot no"} title={p.ready ? t("ready_yes") : t("ready_no")}>
              {p.ready ? "✓" : "✗"}
            </span>{" "}
            {fullName(p)}
          </button>
          <small class="muted">
            {p.service_number} · {p.unit}
          </small>
        </div>
      </td>
      {mods.map((m) => (
        <td key={m.code} data-module={m.code}>
          <StatusCell m={p.modules[m.code]} />
        </td>
      ))}
    </tr>
  );
});

function Grid({
  modules,
  rows,
  openPerson,
  module,
  keepAs,
}: {
  modules: ModuleTally[];
  rows: Paged;
  openPerson: (sn: string) => void;
  module: string;
  keepAs: string;
}) {
  const { t } = useT();
  const { ref, range } = useVirtual<HTMLDivElement>(rows.total ?? 0, ROW, keepAs);
  useFillWindow(ref);
  useEffect(() => rows.need(range.start, range.end));
  const mods = useMemo(() => (module ? modules.filter((m) => m.code === module) : modules), [modules, module]);
  const shown = [];
  for (let i = range.start; i < range.end; i++) {
    const p = rows.row(i);
    shown.push(
      p ? (
        <MatrixRow key={p.service_number} p={p} mods={mods} openPerson={openPerson} />
      ) : (
        // Asked for, not here yet: a row of the same height, so the scroll does not jump.
        <tr key={`wait-${i}`} class="wait" style={{ height: `${ROW}px` }}>
          <td class="first muted">…</td>
          {mods.map((m) => (
            <td key={m.code} />
          ))}
        </tr>
      ),
    );
  }
  return (
    <div class="grid-scroll" ref={ref} data-testid="matrix-scroll">
      <table class="grid" style={{ width: `${FIRST + COL * mods.length}px` }}>
        <colgroup>
          <col style={{ width: `${FIRST}px` }} />
          {mods.map((m) => (
            <col key={m.code} style={{ width: `${COL}px` }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            <th class="first">{t("person")}</th>
            {mods.map((m) => (
              <th key={m.code} title={moduleTitle(m, t.lang)}>
                {m.code}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {range.padTop > 0 && <tr class="pad" style={{ height: `${range.padTop}px` }} />}
          {shown}
          {range.padBottom > 0 && <tr class="pad" style={{ height: `${range.padBottom}px` }} />}
        </tbody>
      </table>
    </div>
  );
}

/** Sizes the grid to the window below its top, however tall the filters above it wrap,
 *  so the page itself never grows past the window. */
function useFillWindow(ref: { current: HTMLElement | null }) {
  useLayoutEffect(() => {
    const fit = () => {
      const el = ref.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top + window.scrollY;
      el.style.height = `${Math.max(200, window.innerHeight - top - 16)}px`;
    };
    fit();
    const ro = new ResizeObserver(fit);
    const filters = ref.current?.previousElementSibling;
    if (filters) ro.observe(filters);
    window.addEventListener("resize", fit);
    return () => (ro.disconnect(), window.removeEventListener("resize", fit));
  }, [ref]);
}

function PersonList({
  rows,
  openPerson,
  keepAs,
  filter,
}: {
  rows: Paged;
  openPerson: (sn: string) => void;
  keepAs: string;
  filter: MatrixFilter;
}) {
  const { t, lang } = useT();
  const { ref, range } = useVirtual<HTMLDivElement>(rows.total ?? 0, CARD, keepAs);
  useEffect(() => rows.need(range.start, range.end));
  const shown = [];
  for (let i = range.start; i < range.end; i++) {
    const p = rows.row(i);
    shown.push(
      p ? (
        <button class="person-line" key={p.service_number} title={`${p.rank} ${fullName(p)}`} onClick={() => openPerson(p.service_number)}>
          <span class="pl-name">
            <span class={p.ready ? "dot ok" : "dot no"}>{p.ready ? "✓" : "✗"}</span> {p.rank} {fullName(p)}
          </span>
          <span class="pl-sub muted">
            {/* The number tells apart two soldiers of one name and rank in one platoon. */}
            <span class="sn">{p.service_number}</span> · {p.unit} ·{" "}
            {/* Filtered by a module or a status: the reading that matched, first. */}
            {focusLine(p, filter, lang)}
            {p.ready
              ? t("ready_yes")
              : `${t("lacks")}: ${lacksLine(p, lang)}`}
          </span>
        </button>
      ) : (
        <div class="pl-wait muted" key={`wait-${i}`} style={{ height: `${CARD}px` }}>
          …
        </div>
      ),
    );
  }
  return (
    <div class="list-scroll" ref={ref} data-testid="person-list">
      <div style={{ height: `${range.padTop}px` }} />
      {shown}
      <div style={{ height: `${range.padBottom}px` }} />
    </div>
  );
}

/** The modules a filter chose a person by (the module asked for, or those whose reading is
 *  the status asked for), each with its mark and day: a phone's line shows no grid, so
 *  without it "expiring · SEA" lists 15 people and says nothing of their SEA. */
function focusLine(p: PersonReadiness, f: MatrixFilter, lang: Lang): string {
  const matches = (m: ModuleStatus) =>
    f.lapses ? !!m.lapses_before_deployment : f.status ? m.status === f.status && !m.lapses_before_deployment : true;
  const codes = f.module ? [f.module] : f.status || f.lapses ? Object.keys(p.modules) : [];
  const shown = codes.flatMap((c) => {
    const m = p.modules[c];
    if (!m || !matches(m)) return [];
    const d = statusDate(m);
    return [`${c} ${readingIcon(m)}${d ? ` ${formatDate(d, lang)}` : ""}`];
  });
  return shown.length ? `${shown.join(", ")} · ` : "";
}

/** What a person lacks, short enough for two lines of a phone: the modules with nothing
 *  dated under their mark ("○ CULT ROE PATROL"), then each dated one with its mark and day. */
function lacksLine(p: PersonReadiness, lang: Lang): string {
  const undated = new Map<string, string[]>();
  const dated: string[] = [];
  for (const c of p.lacking) {
    const m = p.modules[c];
    const d = m ? statusDate(m) : null;
    if (m && d) dated.push(`${c} ${readingIcon(m)} ${formatDate(d, lang)}`);
    else {
      const icon = m ? readingIcon(m) : STATUS_ICON.missing;
      undated.set(icon, [...(undated.get(icon) ?? []), c]);
    }
  }
  return [...[...undated].map(([icon, codes]) => `${icon} ${codes.join(" ")}`), ...dated].join(", ");
}
