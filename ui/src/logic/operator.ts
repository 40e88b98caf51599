// Who did something, as the screens name them. The records keep what was written; the
// command line writes "unknown operator" when nobody said who ran it, and the app
// "Muster app" before anyone is named: those read in the user's language.
import type { T } from "../i18n";

const STAND_INS = new Set(["unknown operator", "Muster app"]);

export function operatorName(name: string | null | undefined, t: T): string {
  return name && STAND_INS.has(name.trim()) ? t("unknown_operator") : (name ?? "");
}
