// The operator's name, asked for where it is needed (logging, importing, signing,
// editing) rather than as a gate before the app: every record says who made it.
import { useState } from "preact/hooks";
import { errorText } from "../api";
import type { Settings } from "../bindings/Settings";
import { useT } from "../i18n";

export function NameNeeded({
  settings,
  saveSettings,
  toRead = false,
}: {
  settings: Settings;
  saveSettings: (s: Settings) => Promise<Settings>;
  /** A screen made to be read (a soldier, the report), where a few panels write: say that
   *  reading needs no name, so a commander does not stop at the question. */
  toRead?: boolean;
}) {
  const { t } = useT();
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const save = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError(t("name_first"));
    try {
      await saveSettings({ ...settings, operator: name.trim() });
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <form class={toRead ? "card name-needed quiet" : "card name-needed"} onSubmit={save} data-testid="name-needed">
      <label>
        {t(toRead ? "name_needed_to_change" : "name_needed")}
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} data-testid="name-needed-input" />
      </label>
      <button type="submit" class="primary" data-testid="name-needed-save">
        {t("save")}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
