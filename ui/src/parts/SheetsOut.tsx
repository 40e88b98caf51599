// Spreadsheets out: a blank template to fill in Excel (drop-down lists for category,
// gender, result and module), or this contingent's roster and records to carry to another
// laptop, where importing them adds nothing twice.
import { useState } from "preact/hooks";
import { save as saveDialog } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import type { SheetKind } from "../bindings/SheetKind";
import { localIsoDay, useT, type Key } from "../i18n";
import { sheetFileName } from "../logic/sheets";

const KINDS: [SheetKind, Key][] = [
  ["roster_template", "sheet_roster_template"],
  ["completions_template", "sheet_completions_template"],
  ["roster", "sheet_roster"],
  ["completions", "sheet_completions"],
];

export function SheetsOut({ code }: { code: string }) {
  const { t } = useT();
  const [kind, setKind] = useState<SheetKind>("roster_template");
  const [format, setFormat] = useState<"xlsx" | "csv">("xlsx");
  const [path, setPath] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const template = kind.endsWith("_template");
  const fmt = template ? "xlsx" : format;

  const choose = async () => {
    const p = await saveDialog({
      defaultPath: sheetFileName(kind, code, fmt, localIsoDay(new Date())),
      filters: [{ name: fmt.toUpperCase(), extensions: [fmt] }],
    });
    if (p) setPath(p);
  };
  const write = async () => {
    setBusy(true);
    setMsg(null);
    try {
      const w = await api.writeSheet({ kind, contingent: code, format: fmt, path });
      setMsg({
        ok: true,
        text: w.rows === null ? t("template_saved", { path: w.path }) : t("sheet_saved", { n: w.rows, path: w.path }),
      });
    } catch (e) {
      setMsg({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card form" data-testid="sheets-out">
      <h2>{t("sheets_out_title")}</h2>
      <p class="muted">{t("sheets_out_hint")}</p>
      <label>
        {t("sheet_what")}
        <select value={kind} onChange={(e) => (setKind(e.currentTarget.value as SheetKind), setMsg(null))} data-testid="sheet-kind">
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {t(label, { code })}
            </option>
          ))}
        </select>
      </label>
      {!template && (
        <label>
          {t("report_format")}
          <select value={format} onChange={(e) => setFormat(e.currentTarget.value === "csv" ? "csv" : "xlsx")} data-testid="sheet-format">
            <option value="xlsx">Excel XLSX</option>
            <option value="csv">CSV</option>
          </select>
        </label>
      )}
      <label>
        {t("report_save_to")}
        <span class="row">
          <input value={path} onInput={(e) => setPath(e.currentTarget.value)} data-testid="sheet-path" />
          <button type="button" onClick={choose}>
            {t("choose")}
          </button>
        </span>
      </label>
      <button class="primary" disabled={busy || !path.trim()} onClick={write} data-testid="sheet-save">
        {t("save")}
      </button>
      {msg && (
        <p class={msg.ok ? "ok path" : "error"} role={msg.ok ? "status" : "alert"} data-testid="sheet-msg">
          {msg.text}
        </p>
      )}
    </section>
  );
}
