// Spreadsheets written out of the app.
import type { SheetKind } from "../bindings/SheetKind";
import { fileNamePart } from "./files";

/** A file name that says what it holds: `DEMO-completions-2026-11-28.csv`, `roster-template.xlsx`. */
export function sheetFileName(kind: SheetKind, code: string, format: "xlsx" | "csv", today: string): string {
  if (kind.endsWith("_template")) return `${kind.replace("_template", "")}-template.xlsx`;
  return `${fileNamePart(code, "muster")}-${kind}-${today}.${format}`;
}
