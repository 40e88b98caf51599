// Spreadsheets out: a blank template to fill in Excel (drop-down lists for category,
// gender, result and module), or this contingent's roster and records to carry to another
// laptop, where importing them adds nothing twice.
import { useState } from "preact/hooks";
import { api } from "../api";
import type { SheetKind } from "../bindings/SheetKind";
import { localIsoDay, useT, type Key } from "../i18n";
import { sheetFileName } from "../logic/sheets";
import { SaveTo } from "./SaveTo";

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
  const template = kind.endsWith("_template");
  const fmt = template ? "xlsx" : format;

  const write = async (path: string) => {
    const w = await api.writeSheet({ kind, contingent: code, format: fmt, path });
    return w.rows === null ? t("template_saved", { path: w.path }) : t("sheet_saved", { n: w.rows, path: w.path });
  };

  return (
    <section class="card form" data-testid="sheets-out">
      <h2>{t("sheets_out_title")}</h2>
      <p class="muted">{t("sheets_out_hint")}</p>
      <label>
        {t("sheet_what")}
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as SheetKind)} data-testid="sheet-kind">
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
      <SaveTo
        suggested={sheetFileName(kind, code, fmt, localIsoDay(new Date()))}
        filter={{ name: fmt.toUpperCase(), extensions: [fmt] }}
        action={t("save")}
        write={write}
        what={kind}
        ids={{ path: "sheet-path", run: "sheet-save", msg: "sheet-msg" }}
      />
    </section>
  );
}
