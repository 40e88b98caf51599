// The window: navigation, the chosen contingent and language, and which screen is open.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, errorText } from "./api";
import type { AppInfo } from "./bindings/AppInfo";
import type { Contingent } from "./bindings/Contingent";
import type { DashboardView } from "./bindings/DashboardView";
import type { Settings } from "./bindings/Settings";
import { I18n, asLang, makeT, type Key } from "./i18n";
import { Welcome } from "./screens/Welcome";
import { Dashboard } from "./screens/Dashboard";
import { Matrix } from "./screens/Matrix";
import { LogSession } from "./screens/LogSession";
import { PersonScreen } from "./screens/Person";
import { ImportScreen } from "./screens/Import";
import { Curriculum } from "./screens/Curriculum";
import { SettingsScreen } from "./screens/Settings";
import { ReportsScreen } from "./screens/Reports";
import { SyncScreen } from "./screens/Sync";
import { DbError } from "./screens/DbError";
import { ReadOnly } from "./readOnly";
import { AsOf } from "./parts/AsOf";
import { NameNeeded } from "./parts/NameNeeded";

export type Screen = "dashboard" | "matrix" | "log" | "person" | "import" | "curriculum" | "reports" | "sync" | "settings";

/** Screens that only write: left out of a read-only copy's navigation. */
const WRITING: Screen[] = ["log", "import"];

/** Screens that write records, where the operator's name is asked for if it is not known. */
const NEEDS_NAME: Screen[] = ["log", "import", "person", "curriculum", "reports", "sync"];

/** Of those, the screens made to be read, where only some panels write. */
const MOSTLY_READ: Screen[] = ["person", "reports"];

/** Screens whose figures follow the "as of" date; the others show nothing that depends on the day. */
const DATED: Screen[] = ["dashboard", "matrix"];

/** How often the window asks whether the check of the records at start has ended. */
const CHECK_POLL_MS = 200;

/** What the dashboard call returned, for which contingent and day. */
interface View {
  code: string;
  day: string;
  d: DashboardView;
}

const NAV: [Screen, Key][] = [
  ["dashboard", "nav_dashboard"],
  ["matrix", "nav_matrix"],
  ["log", "nav_log"],
  ["import", "nav_import"],
  ["curriculum", "nav_curriculum"],
  ["reports", "nav_reports"],
  ["sync", "nav_sync"],
];

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [contingents, setContingents] = useState<Contingent[] | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>("dashboard");
  const [personFrom, setPersonFrom] = useState<Screen>("matrix");
  const [personSn, setPersonSn] = useState<string>("");
  const [rev, setRev] = useState(0);
  const [error, setError] = useState("");
  const [retry, setRetry] = useState(0);
  const [nameSaved, setNameSaved] = useState("");
  // The "as of" day per contingent, while the app is open (not remembered between runs).
  const [asOfs, setAsOfs] = useState<Record<string, string>>({});
  const today = info?.today ?? "";
  const asOf = (code && asOfs[code]) || today;
  // The dashboard's data, as of `day`: its contingent, modules and units are every screen's
  // (the matrix asks for its rows, the Person screen for one person). A view of another
  // contingent or day is never shown in its place; after a change (rev) or a change of
  // language the old one stays until the new one arrives, so a screen keeps its state.
  const [view, setView] = useState<View | null>(null);
  const [loadError, setLoadError] = useState("");
  // A screen that is not dated reads only what is the same on every day (the contingent,
  // its modules and units), so it takes the contingent's view of whatever day is loaded:
  // asking for today's instead recomputed 10,000 people's readiness before a click on a
  // name in a matrix "as of" another day could show the person (issue 13).
  const day = DATED.includes(screen) ? asOf : view && view.code === code ? view.day : today;
  const dash = view && view.code === code && view.day === day ? view.d : null;
  // The contingent's dates and latest decision do not depend on the day: the "as of"
  // choices stay on screen while another day loads.
  const shownOf = view && view.code === code ? view.d : null;

  const lang = asLang(settings?.language);
  const i18n = useMemo(() => ({ t: makeT(lang), lang }), [lang]);
  const { t } = i18n;

  useEffect(() => {
    setError("");
    (async () => {
      try {
        const i = await api.appInfo();
        setInfo(i);
        latest.current = i.settings;
        setSettings(i.settings);
        if (i.db_error) return;
        const cs = await api.contingents();
        setContingents(cs);
        const remembered = cs.find((c) => c.code === i.settings.contingent);
        setCode(remembered?.code ?? cs[0]?.code ?? null);
        // The first contingent shown is remembered as if chosen: one that arrives later by
        // sync (listed first, say) must not take its place at the next start.
        if (!remembered && cs[0] && !i.read_only) {
          await api
            .saveSettings({ ...i.settings, contingent: cs[0].code })
            .then((saved) => {
              latest.current = saved;
              setSettings(saved);
            })
            .catch(() => undefined);
        }
      } catch (e) {
        setError(errorText(e, t));
      }
    })();
  }, [retry]);

  // While the records are checked (seconds for a training centre's file) the window shows
  // them as found and asks again until the check ends: then a failure opens the page that
  // says what was found, and a read-only copy is known.
  const checking = info?.checking ?? false;
  useEffect(() => {
    if (!checking) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () =>
      api
        .appInfo()
        .then((i) => {
          if (!live) return;
          if (i.checking) timer = setTimeout(ask, CHECK_POLL_MS);
          else setInfo(i);
        })
        .catch(() => live && (timer = setTimeout(ask, CHECK_POLL_MS)));
    timer = setTimeout(ask, CHECK_POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [checking]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // One call for everything the dashboard shows; the sign-off's changes are worded in the
  // screen's language, so a change of language asks again.
  useEffect(() => {
    if (!code || !today) return;
    let live = true;
    setLoadError("");
    api
      .dashboard(code, lang, day === today ? null : day)
      .then((d) => live && setView({ code, day, d }))
      .catch((e) => live && setLoadError(errorText(e, t)));
    return () => {
      live = false;
    };
  }, [code, day, rev, lang, retry]);

  // The latest saved settings: callbacks made before a save must not write back old values.
  const latest = useRef<Settings | null>(null);
  const saveSettings = async (s: Settings) => {
    const saved = await api.saveSettings(s);
    latest.current = saved;
    setSettings(saved);
    return saved;
  };

  const chooseContingent = async (c: string, list?: Contingent[]) => {
    if (list) setContingents(list);
    if (c !== code) setCode(c);
    const now = latest.current ?? settings;
    if (now) await saveSettings({ ...now, contingent: c }).catch(() => undefined);
  };

  // Where the records stood when last looked at (`api.revision`): a write by another
  // program (`muster log` in a terminal, a second window) is seen when the window comes
  // back into view or the screen changes, and everything shown is read again.
  const seenRevision = useRef<string | null>(null);
  const lookAgain = (ownWrite = false) =>
    api
      .revision()
      .then((r) => {
        const moved = seenRevision.current !== null && r !== seenRevision.current;
        seenRevision.current = r;
        if (moved && !ownWrite) setRev((n) => n + 1);
      })
      .catch(() => undefined);
  // A write of this window's own: read again now, and take its revision as seen.
  const changed = () => {
    setRev((r) => r + 1);
    lookAgain(true);
  };
  useEffect(() => {
    if (info && !info.db_error) lookAgain();
  }, [screen, info]);
  useEffect(() => {
    const back = () => document.visibilityState === "visible" && lookAgain();
    window.addEventListener("focus", back);
    document.addEventListener("visibilitychange", back);
    return () => (window.removeEventListener("focus", back), document.removeEventListener("visibilitychange", back));
  }, []);
  // How far down each screen was when a name on it was opened: Back returns there.
  const scrolledTo = useRef<Partial<Record<Screen, number>>>({});
  const scrollBack = useRef<number | null>(null);
  const openPerson = (sn: string) => {
    setPersonSn(sn);
    // Back leads where the name was clicked: the dashboard, the matrix, a session.
    if (screen !== "person") {
      setPersonFrom(screen);
      scrolledTo.current[screen] = window.scrollY;
    }
    setScreen("person");
  };
  const backFromPerson = () => {
    scrollBack.current = scrolledTo.current[personFrom] ?? 0;
    setScreen(personFrom);
  };
  useLayoutEffect(() => {
    if (scrollBack.current === null) return;
    window.scrollTo(0, scrollBack.current);
    scrollBack.current = null;
  }, [screen]);

  // Nothing to show without the app's info and the contingents: the error, and a way on.
  if (error && (!info || !contingents))
    return (
      <I18n.Provider value={i18n}>
        <div class="pad">
          <p class="error" role="alert" data-testid="start-error">
            {error}
          </p>
          <button onClick={() => setRetry((n) => n + 1)} data-testid="try-again">
            {t("try_again")}
          </button>
        </div>
      </I18n.Provider>
    );
  if (info?.db_error)
    return (
      <I18n.Provider value={i18n}>
        <DbError problem={info.db_error.problem} path={info.db_path} check={info.check} />
      </I18n.Provider>
    );
  if (!info || !settings || !contingents) return <p class="muted pad">{t("loading")}</p>;

  // First start is decided by what the database holds: with no contingent there is
  // nothing to show, so the welcome offers the demo or a new one. The operator's name is
  // asked for where it is needed (NameNeeded), never as a gate before the records.
  if (contingents.length === 0) {
    return (
      <I18n.Provider value={i18n}>
        <Welcome
          settings={settings}
          saveSettings={saveSettings}
          done={async (c) => {
            const list = await api.contingents();
            const chosen = c || code || list[0]?.code;
            if (chosen) await chooseContingent(chosen, list);
            else setContingents(list);
            setScreen("dashboard");
          }}
        />
      </I18n.Provider>
    );
  }

  const readOnly = info.read_only;
  return (
    <I18n.Provider value={i18n}>
      <ReadOnly.Provider value={readOnly}>
        <div class="app">
          <nav class="nav" aria-label="Muster">
            <div class="brand">{t("app_name")}</div>
            <label class="switch">
              <span class="sr">{t("contingent")}</span>
              <select
                data-testid="contingent-select"
                value={code ?? ""}
                onChange={(e) => chooseContingent(e.currentTarget.value)}
              >
                {contingents.map((c) => (
                  <option value={c.code} key={c.code}>
                    {c.code}
                  </option>
                ))}
              </select>
            </label>
            {readOnly && (
              <p class="read-only" role="status" data-testid="read-only" title={t("read_only_hint")}>
                {t("read_only")}
              </p>
            )}
            {checking && (
              <p class="checking muted" role="status" data-testid="checking" title={t("checking_records_hint")}>
                {t("checking_records")}
              </p>
            )}
            {NAV.filter(([s]) => !(readOnly && WRITING.includes(s))).map(([s, k]) => (
              <button
                key={s}
                class={screen === s ? "navlink on" : "navlink"}
                data-testid={`nav-${s}`}
                aria-current={screen === s ? "page" : undefined}
                onClick={() => (setScreen(s), setNameSaved(""))}
              >
                {t(k)}
              </button>
            ))}
            <button
              class={screen === "settings" ? "navlink on" : "navlink"}
              data-testid="nav-settings"
              onClick={() => (setScreen("settings"), setNameSaved(""))}
            >
              {t("nav_settings")}
            </button>
          </nav>
          <main class="main">
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            {nameSaved && (
              <p class="ok" role="status" data-testid="name-saved">
                {t("name_saved", { name: nameSaved })}
              </p>
            )}
            {!readOnly && !settings.operator.trim() && NEEDS_NAME.includes(screen) && (
              <NameNeeded
                settings={settings}
                toRead={MOSTLY_READ.includes(screen)}
                saveSettings={async (s) => {
                  const saved = await saveSettings(s);
                  setNameSaved(saved.operator);
                  return saved;
                }}
              />
            )}
            {DATED.includes(screen) && shownOf && code && (
              <AsOf
                value={asOf}
                today={today}
                contingent={shownOf.contingent}
                lastValidation={shownOf.signoff?.as_of ?? null}
                set={(d) => setAsOfs({ ...asOfs, [code]: d })}
              />
            )}
            {/* Settings needs no readiness: it stays on screen (with its messages) while
                another contingent loads, e.g. after archiving the one shown. */}
            {screen === "settings" ? (
              <SettingsScreen
                settings={settings}
                dbPath={info.db_path}
                version={info.version}
                schemaVersion={info.schema_version}
                saveSettings={saveSettings}
                contingentAdded={async (c) => chooseContingent(c, await api.contingents())}
                code={code}
                contingentsChanged={(inUse) => {
                  // The one shown was archived: open the latest one still in use.
                  const keep = inUse.find((c) => c.code === code)?.code ?? inUse[0]?.code;
                  if (keep) chooseContingent(keep, inUse);
                  else setContingents(inUse);
                }}
              />
            ) : screen === "sync" ? (
              <SyncScreen
                openPerson={openPerson}
                changed={async () => {
                  changed();
                  // A bundle can bring contingents this laptop did not have.
                  setContingents(await api.contingents().catch(() => contingents));
                }}
              />
            ) : !dash ? (
              loadError ? (
                <div class="card" data-testid="load-error">
                  <p class="error" role="alert">
                    {loadError}
                  </p>
                  <button onClick={() => setRetry((n) => n + 1)} data-testid="try-again">
                    {t("try_again")}
                  </button>{" "}
                  {day !== today && code && (
                    <button onClick={() => setAsOfs({ ...asOfs, [code]: today })}>{t("as_of_today")}</button>
                  )}
                </div>
              ) : (
                <p class="muted">{t("loading")}</p>
              )
            ) : screen === "dashboard" ? (
              <Dashboard
                d={dash}
                openPerson={openPerson}
                goImport={() => setScreen("import")}
                goReports={() => setScreen("reports")}
                goSync={() => setScreen("sync")}
                goMatrix={() => setScreen("matrix")}
              />
            ) : screen === "matrix" ? (
              <Matrix d={dash} asOf={day === today ? null : day} openPerson={openPerson} />
            ) : screen === "log" ? (
              <LogSession d={dash} today={info.today} saved={changed} />
            ) : screen === "person" ? (
              <PersonScreen sn={personSn} d={dash} changed={changed} back={backFromPerson} />
            ) : screen === "import" ? (
              <ImportScreen code={dash.contingent.code} changed={changed} />
            ) : screen === "reports" ? (
              <ReportsScreen
                code={dash.contingent.code}
                today={info.today}
                settings={settings}
                saveSettings={saveSettings}
                rev={rev}
                changed={changed}
              />
            ) : (
              <Curriculum changed={changed} />
            )}
          </main>
        </div>
      </ReadOnly.Provider>
    </I18n.Provider>
  );
}
