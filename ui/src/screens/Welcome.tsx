// First start, when the database holds no contingent: who is at the keyboard, which
// language, then the demo, a new contingent, or the records of another laptop. (With
// contingents the app opens on the dashboard and asks for the name where a record is made.)
import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { Settings } from "../bindings/Settings";
import { LANGS, LANG_NAMES, asLang, useT } from "../i18n";
import { ContingentForm } from "../parts/ContingentForm";
import { ReceiveBundle } from "../parts/ReceiveBundle";
import { useFocusOnMount } from "../parts/useFocusOnMount";

interface Props {
  settings: Settings;
  saveSettings: (s: Settings) => Promise<Settings>;
  done: (code: string) => void;
}

export function Welcome({ settings, saveSettings, done }: Props) {
  const { t } = useT();
  const [operator, setOperator] = useState(settings.operator);
  const [creating, setCreating] = useState(false);
  const [receiving, setReceiving] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const first = useFocusOnMount<HTMLInputElement>();

  const withName = async (then: () => Promise<void>) => {
    if (!operator.trim()) return setError(t("name_first"));
    setError("");
    setBusy(true);
    try {
      await saveSettings({ ...settings, operator: operator.trim() });
      await then();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="welcome" data-testid="welcome">
      <h1>{t("welcome_title")}</h1>
      <p>{t("welcome_intro")}</p>
      <div class="card form">
        <label>
          {t("your_name")}
          <input
            value={operator}
            onInput={(e) => setOperator(e.currentTarget.value)}
            ref={first}
            data-testid="operator"
          />
        </label>
        <label>
          {t("language")}
          <select
            value={asLang(settings.language)}
            onChange={(e) => saveSettings({ ...settings, operator, language: asLang(e.currentTarget.value) })}
            data-testid="language"
          >
            {LANGS.map((l) => (
              <option value={l} key={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h2>{t("welcome_choose")}</h2>
      <div class="choices">
        <button
          class="choice"
          disabled={busy}
          data-testid="load-demo"
          onClick={() => withName(async () => done(await api.loadDemo()))}
        >
          <strong>{t("load_demo")}</strong>
          <span>{t("load_demo_hint")}</span>
        </button>
        <button
          class="choice"
          disabled={busy}
          data-testid="create-contingent"
          onClick={() => withName(async () => (setCreating(true), setReceiving(false)))}
        >
          <strong>{t("create_contingent")}</strong>
          <span>{t("create_contingent_hint")}</span>
        </button>
        <button
          class="choice"
          disabled={busy}
          data-testid="receive-bundle"
          onClick={() => withName(async () => (setReceiving(true), setCreating(false)))}
        >
          <strong>{t("welcome_receive")}</strong>
          <span>{t("welcome_receive_hint")}</span>
        </button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {creating && <ContingentForm created={done} />}
      {receiving && <ReceiveBundle received={() => done("")} />}
    </div>
  );
}
