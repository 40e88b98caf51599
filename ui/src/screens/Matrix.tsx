// People × modules. Only the rows in view are drawn, so 1,000+ people scroll smoothly;
// on a phone the table becomes one line per person.
import { useLayoutEffect, useMemo, useState } from "preact/hooks";
import type { Readiness } from "../bindings/Readiness";
import type { PersonReadiness } from "../bindings/PersonReadiness";
import type { Status } from "../bindings/Status";
import { useT } from "../i18n";
import { CATEGORIES, NO_FILTER, STATUS_ICON, filterPeople, fullName, units, type MatrixFilter } from "../logic/matrix";
import { StatusCell } from "../parts/StatusCell";
import { useNarrow, useVirtual } from "../parts/useVirtual";
import { moduleTitle } from "../logic/titles";

const ROW = 34;
// Compact columns: at 1280 px all seven modules fit beside the names (the status over its
// date in each cell); narrower, the grid scrolls under a sticky first column.
const FIRST = 194;
const COL = 114;
const CARD = 58;
const STATUSES: Status[] = ["complete", "expiring", "expired", "failed", "missing", "not_required"];

export function Matrix({ r, openPerson }: { r: Readiness; openPerson: (sn: string) => void }) {
  const { t } = useT();
  const [f, setF] = useState<MatrixFilter>(NO_FILTER);
  const people = useMemo(() => filterPeople(r.personnel, f), [r, f]);
  const unitList = useMemo(() => units(r.personnel), [r]);
  const narrow = useNarrow();
  const set = <K extends keyof MatrixFilter>(k: K) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value as MatrixFilter[K] });

  return (
    <div class="matrix-screen" data-testid="matrix" data-as-of={r.as_of}>
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
          {unitList.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        <select value={f.category} onChange={set("category")} aria-label={t("category")}>
          <option value="">{t("all_categories")}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`cat_${c}`)}
            </option>
          ))}
        </select>
        <select value={f.status} onChange={set("status")} aria-label={t("status")} data-testid="filter-status">
          <option value="">{t("all_statuses")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_ICON[s]} {t(`st_${s}`)}
            </option>
          ))}
        </select>
        <select value={f.module} onChange={set("module")} aria-label={t("module")} data-testid="filter-module">
          <option value="">{t("all_modules")}</option>
          {r.modules.map((m) => (
            <option key={m.code} value={m.code}>
              {m.code}
            </option>
          ))}
        </select>
        <span class="muted" data-testid="shown">
          {t("shown", { n: people.length, total: r.personnel.length })}
        </span>
      </div>
      {narrow ? (
        <PersonList people={people} openPerson={openPerson} />
      ) : (
        <Grid r={r} people={people} openPerson={openPerson} module={f.module} />
      )}
    </div>
  );
}

function Grid({
  r,
  people,
  openPerson,
  module,
}: {
  r: Readiness;
  people: PersonReadiness[];
  openPerson: (sn: string) => void;
  module: string;
}) {
  const { t } = useT();
  const { ref, range } = useVirtual<HTMLDivElement>(people.length, ROW);
  useFillWindow(ref);
  const mods = module ? r.modules.filter((m) => m.code === module) : r.modules;
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
          {people.slice(range.start, range.end).map((p) => (
            <tr key={p.service_number} class="mrow" data-sn={p.service_number}>
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
                  <StatusCell m={p.modules[m.code]} lapsing={p.lapsing.includes(m.code)} />
                </td>
              ))}
            </tr>
          ))}
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

function PersonList({ people, openPerson }: { people: PersonReadiness[]; openPerson: (sn: string) => void }) {
  const { t } = useT();
  const { ref, range } = useVirtual<HTMLDivElement>(people.length, CARD);
  return (
    <div class="list-scroll" ref={ref} data-testid="person-list">
      <div style={{ height: `${range.padTop}px` }} />
      {people.slice(range.start, range.end).map((p) => (
        <button class="person-line" key={p.service_number} title={`${p.rank} ${fullName(p)}`} onClick={() => openPerson(p.service_number)}>
          <span class="pl-name">
            <span class={p.ready ? "dot ok" : "dot no"}>{p.ready ? "✓" : "✗"}</span> {p.rank} {fullName(p)}
          </span>
          <span class="pl-sub muted">
            {p.unit} ·{" "}
            {p.ready ? t("ready_yes") : `${t("lacks")}: ${p.lacking.map((c) => `${c} ${STATUS_ICON[p.modules[c]?.status ?? "missing"]}`).join(", ")}`}
          </span>
        </button>
      ))}
      <div style={{ height: `${range.padBottom}px` }} />
    </div>
  );
}
