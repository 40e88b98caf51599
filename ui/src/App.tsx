// The window: navigation, the chosen contingent and language, and which screen is open.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
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
import { DbError } from "./screens/DbError";
import { ReadOnly } from "./readOnly";

export type Screen = "dashboard" | "matrix" | "log" | "person" | "import" | "curriculum" | "reports" | "settings";

/** Screens that only write: left out of a read-only copy's navigation. */
const WRITING: Screen[] = ["log", "import"];

const NAV: [Screen, Key][] = [
  ["dashboard", "nav_dashboard"],
  ["matrix", "nav_matrix"],
  ["log", "nav_log"],
  ["import", "nav_import"],
  ["curriculum", "nav_curriculum"],
  ["reports", "nav_reports"],
];

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [contingents, setContingents] = useState<Contingent[] | null>(null);
  const [code, setCode] = useState<string | null>(null);
  // The dashboard's data; its readiness is every screen's.
  const [dash, setDash] = useState<DashboardView | null>(null);
  const readiness = dash?.readiness ?? null;
  const [screen, setScreen] = useState<Screen>("dashboard");
  const [personSn, setPersonSn] = useState<string>("");
  const [rev, setRev] = useState(0);
  const [error, setError] = useState("");

  const lang = asLang(settings?.language);
  const i18n = useMemo(() => ({ t: makeT(lang), lang }), [lang]);
  const { t } = i18n;

  useEffect(() => {
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
      } catch (e) {
        setError(errorText(e, t));
      }
    })();
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // One call for everything the dashboard shows; the sign-off's changes are worded in the
  // screen's language, so a change of language asks again.
  useEffect(() => {
    if (!code) return;
    let live = true;
    api
      .dashboard(code, lang)
      .then((d) => live && (setDash(d), setError("")))
      .catch((e) => live && setError(errorText(e, t)));
    return () => {
      live = false;
    };
  }, [code, rev, lang]);

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
    // Only a different contingent is loaded afresh: choosing the one already shown (the
    // welcome's Save over an existing database) would otherwise wait for readiness forever.
    if (c !== code) {
      setCode(c);
      setDash(null);
    }
    const now = latest.current ?? settings;
    if (now) await saveSettings({ ...now, contingent: c }).catch(() => undefined);
  };

  const changed = () => setRev((r) => r + 1);
  const openPerson = (sn: string) => {
    setPersonSn(sn);
    setScreen("person");
  };

  if (error && !info) return <p class="error" role="alert">{error}</p>;
  if (info?.db_error)
    return (
      <I18n.Provider value={i18n}>
        <DbError problem={info.db_error.problem} path={info.db_path} check={info.check} />
      </I18n.Provider>
    );
  if (!info || !settings || !contingents) return <p class="muted pad">{t("loading")}</p>;

  if (contingents.length === 0 || !settings.operator.trim()) {
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
          hasContingents={contingents.length > 0}
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
            {NAV.filter(([s]) => !(readOnly && WRITING.includes(s))).map(([s, k]) => (
              <button
                key={s}
                class={screen === s ? "navlink on" : "navlink"}
                data-testid={`nav-${s}`}
                aria-current={screen === s ? "page" : undefined}
                onClick={() => setScreen(s)}
              >
                {t(k)}
              </button>
            ))}
            <button
              class={screen === "settings" ? "navlink on" : "navlink"}
              data-testid="nav-settings"
              onClick={() => setScreen("settings")}
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
            {!dash || !readiness ? (
              <p class="muted">{t("loading")}</p>
            ) : screen === "dashboard" ? (
              <Dashboard
                d={dash}
                openPerson={openPerson}
                goImport={() => setScreen("import")}
                goReports={() => setScreen("reports")}
              />
            ) : screen === "matrix" ? (
              <Matrix r={readiness} openPerson={openPerson} />
            ) : screen === "log" ? (
              <LogSession r={readiness} today={info.today} saved={changed} />
            ) : screen === "person" ? (
              <PersonScreen sn={personSn} r={readiness} changed={changed} back={() => setScreen("matrix")} />
            ) : screen === "import" ? (
              <ImportScreen code={readiness.contingent.code} changed={changed} />
            ) : screen === "reports" ? (
              <ReportsScreen
                code={readiness.contingent.code}
                today={info.today}
                settings={settings}
                saveSettings={saveSettings}
                rev={rev}
                changed={changed}
              />
            ) : screen === "curriculum" ? (
              <Curriculum changed={changed} />
            ) : (
              <SettingsScreen
                settings={settings}
                dbPath={info.db_path}
                version={info.version}
                schemaVersion={info.schema_version}
                saveSettings={saveSettings}
                contingentAdded={async (c) => chooseContingent(c, await api.contingents())}
              />
            )}
          </main>
        </div>
      </ReadOnly.Provider>
    </I18n.Provider>
  );
}
