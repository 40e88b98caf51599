// Small decisions of the Reports screen, kept out of the components so they can be tested.
import type { ChangeLine } from "../bindings/ChangeLine";
import type { SaveFormat } from "../bindings/SaveFormat";
import { fileNamePart } from "./files";

export const SAVE_FORMATS: SaveFormat[] = ["pdf", "html", "csv", "xlsx", "json"];

/** Each format by the name people know it by, the same in every language; what it is for
 *  is said under the choice (`fmt_*`), so a long sentence never has to fit a drop-down. */
export const FORMAT_NAMES: Record<SaveFormat, string> = {
  pdf: "PDF",
  html: "HTML",
  csv: "CSV",
  xlsx: "Excel XLSX",
  json: "JSON",
};

/** A file name to offer in the save dialog: contingent, what it is, report date. */
export function saveFileName(code: string, asOfIso: string, format: SaveFormat): string {
  const safe = fileNamePart(code, "report");
  const what = format === "csv" || format === "xlsx" ? "matrix" : "readiness";
  return `${safe}-${what}-${asOfIso}.${format}`;
}

/** The soldiers a list of changes concerns, by service number, each once, in order. */
export function changedSoldiers(changes: ChangeLine[]): string[] {
  const seen = new Set<string>();
  for (const c of changes) if (c.service_number) seen.add(c.service_number);
  return [...seen];
}

/** Today's date as the core writes it (yyyy-mm-dd) from what the user typed, or "" when unclear. */
export function isoOrEmpty(typed: string): string {
  const s = typed.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return s;
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  return "";
}
