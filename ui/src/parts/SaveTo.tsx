// Where a file goes and the button that writes it: a path typed or chosen with the
// system's save dialog, the action, and one line saying where it was written or why not.
// Shared by the report, the spreadsheets and the sync bundle, so saving reads the same on
// every screen. The caller's `write` does the work and returns the success sentence.
import { useEffect, useState } from "preact/hooks";
import { save as saveDialog } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import { useT } from "../i18n";

export interface SaveToProps {
  /** The file name the dialog offers. */
  suggested: string;
  /** The dialog's filter: its name and extensions (without the dot). */
  filter: { name: string; extensions: string[] };
  /** The button's words. */
  action: string;
  /** Writes the file; the sentence it returns is shown on success. */
  write: (path: string) => Promise<string>;
  /** A change of this (what is being saved) clears the last message. */
  what?: string;
  /** Test ids: the path field, the button, the message. */
  ids: { path: string; run: string; msg: string };
}

export function SaveTo({ suggested, filter, action, write, what, ids }: SaveToProps) {
  const { t } = useT();
  const [path, setPath] = useState("");
  // The path the system's dialog gave: it asked before replacing a file there.
  const [chosen, setChosen] = useState("");
  // A file a typed path would replace, waiting for the user's word.
  const [replacing, setReplacing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setMsg(null), [what]);

  const choose = async () => {
    const p = await saveDialog({ defaultPath: suggested, filters: [filter] });
    if (p) {
      setPath(p);
      setChosen(p);
      setReplacing(null);
    }
  };
  const run = async (replace = false) => {
    setBusy(true);
    setMsg(null);
    setReplacing(null);
    try {
      if (!replace && path !== chosen) {
        const there = await api.existingFile(path, filter.extensions);
        if (there) {
          setReplacing(there);
          return;
        }
      }
      setMsg({ ok: true, text: await write(path) });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <label>
        {t("report_save_to")}
        <span class="row">
          <input value={path} onInput={(e) => (setPath(e.currentTarget.value), setMsg(null), setReplacing(null))} data-testid={ids.path} />
          <button type="button" onClick={choose}>
            {t("choose")}
          </button>
        </span>
      </label>
      <button class="primary" disabled={busy || !path.trim() || replacing !== null} onClick={() => run()} data-testid={ids.run}>
        {action}
      </button>
      {replacing && (
        <div class="notice" role="alert" data-testid="save-replace">
          <p>{t("save_replace_q", { file: replacing })}</p>
          <div class="row">
            <button class="danger" onClick={() => run(true)} data-testid="save-replace-yes">
              {t("save_replace")}
            </button>
            <button type="button" onClick={() => setReplacing(null)}>
              {t("cancel")}
            </button>
          </div>
        </div>
      )}
      {msg && (
        <p class={msg.ok ? "ok path" : "error"} role={msg.ok ? "status" : "alert"} data-testid={ids.msg}>
          {msg.text}
        </p>
      )}
    </>
  );
}
