// Who is recording, in which language, where the records are, a copy for safekeeping, and
// the log of every change.
import { useReadOnly } from "../readOnly";
import { useState } from "preact/hooks";
import { save as saveDialog } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import type { Settings } from "../bindings/Settings";
import { LANGS, LANG_NAMES, asLang, useT } from "../i18n";
import { ContingentForm, changedLines } from "../parts/ContingentForm";
import { Activity } from "../parts/Activity";
import { SigningKey } from "../parts/SigningKey";
import { ContingentArchive } from "../parts/ContingentArchive";
import type { Contingent } from "../bindings/Contingent";

interface Props {
  settings: Settings;
  dbPath: string;
  /** Muster's version and the database schema it writes, as `muster --version` says. */
  version: string;
  schemaVersion: number;
  saveSettings: (s: Settings) => Promise<Settings>;
  contingentAdded: (code: string) => void;
  /** The contingent shown now (null before there is one). */
  code: string | null;
  /** The contingents in use after one was archived or brought back. */
  contingentsChanged: (inUse: Contingent[]) => void;
}

export function SettingsScreen({
  settings,
  dbPath,
  version,
  schemaVersion,
  saveSettings,
  contingentAdded,
  code,
  contingentsChanged,
}: Props) {
  const { t } = useT();
  const readOnly = useReadOnly();
  const [operator, setOperator] = useState(settings.operator);
  const [dest, setDest] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Contingent | null>(null);
  const [editMsg, setEditMsg] = useState("");
  // Bumped by each write made here, so the activity log below shows it at once.
  const [writes, setWrites] = useState(0);
  const wrote = () => setWrites((n) => n + 1);

  const report = async (f: () => Promise<string>) => {
    try {
      setMsg({ ok: true, text: await f() });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e, t) });
    }
  };

  return (
    <div class="settings" data-testid="settings">
      <h1>{t("settings_title")}</h1>
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="settings-msg">
          {msg.text}
        </p>
      )}
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          report(async () => (await saveSettings({ ...settings, operator: operator.trim() }), t("saved")));
        }}
      >
        <label>
          {t("operator")}
          <input value={operator} onInput={(e) => setOperator(e.currentTarget.value)} required data-testid="settings-operator" />
        </label>
        <label>
          {t("language")}
          <select
            value={asLang(settings.language)}
            onChange={(e) => saveSettings({ ...settings, language: asLang(e.currentTarget.value) })}
            data-testid="settings-language"
          >
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary">
          {t("save")}
        </button>
      </form>
      <SigningKey />
      <section class="card form">
        <h2>{t("database")}</h2>
        <code class="path" data-testid="db-path">{dbPath}</code>
        <p class="muted" data-testid="version">
          {t("version_line", { version, schema: schemaVersion })}
        </p>
        <h3>{t("backup")}</h3>
        <p class="muted">{t("backup_hint")}</p>
        <label>
          {t("backup_to")}
          <span class="row">
            <input value={dest} onInput={(e) => setDest(e.currentTarget.value)} data-testid="backup-dest" />
            <button
              type="button"
              onClick={async () => {
                const p = await saveDialog({ defaultPath: "muster-backup.sqlite3" });
                if (p) setDest(p);
              }}
            >
              {t("choose")}
            </button>
          </span>
        </label>
        <button
          class="primary"
          data-testid="backup"
          onClick={() => report(async () => t("backup_done", { path: await api.backup(dest.trim() || null) }))}
        >
          {t("backup")}
        </button>
      </section>
      {!readOnly && code && (
        <section class={editing ? undefined : "card"} data-testid="contingent-edit">
          {editing ? (
            <ContingentForm
              editing={editing}
              cancel={() => setEditing(null)}
              edited={(changed) => {
                setEditing(null);
                setEditMsg(changed.length ? changedLines(changed, t).join(" · ") : t("contingent_unchanged"));
                api.contingents().then(contingentsChanged);
                wrote();
              }}
            />
          ) : (
            <button
              onClick={async () => {
                setEditMsg("");
                try {
                  const found = (await api.contingents()).find((c) => c.code === code);
                  if (found) setEditing(found);
                } catch (e) {
                  setEditMsg(errorText(e, t));
                }
              }}
              data-testid="edit-contingent"
            >
              {t("edit_contingent_open", { code })}
            </button>
          )}
          {editMsg && (
            <p class="ok" role="status" data-testid="contingent-edited">
              {editMsg}
            </p>
          )}
        </section>
      )}
      {!readOnly && code && <ContingentArchive code={code} changed={(c) => (contingentsChanged(c), wrote())} />}
      {!readOnly && (
        <section>
          {adding ? (
            <ContingentForm created={(c) => (setAdding(false), contingentAdded(c), wrote())} />
          ) : (
            <button onClick={() => setAdding(true)} data-testid="new-contingent">
              {t("new_contingent")}
            </button>
          )}
        </section>
      )}
      <Activity version={writes} />
    </div>
  );
}
