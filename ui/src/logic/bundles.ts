// Bundle files between laptops (the Sync screen).
import type { Added } from "../bindings/Added";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { Key, T } from "../i18n";
import { fileNamePart } from "./files";
import { shortId } from "./ids";

/** `muster-KAZBAT-4_training_office-2026-12-03.muster`: whose and when, so a stick holding
 *  several laptops' bundles says which is which. */
export function bundleFileName(keyName: string, today: string): string {
  return `muster-${fileNamePart(keyName, "laptop")}-${today}.muster`;
}

/** What a bundle adds, as the lines to show: the kinds it adds any of, in a fixed order.
 *  Each is worded "kind: count", which needs no plural forms in any language. */
export function addedLines(a: Added): [Key, number][] {
  const lines: [Key, number][] = [
    ["sync_add_people", a.people],
    ["sync_add_records", a.records],
    ["sync_add_amendments", a.amendments],
    ["sync_add_voidings", a.voidings],
    ["sync_add_roster", a.assignments],
    ["sync_add_removals", a.removals],
    ["sync_add_signoffs", a.validations],
    ["sync_add_contingents", a.contingents],
    ["sync_add_modules", a.modules],
    ["sync_add_details", a.details],
    ["sync_add_imports", a.imports],
    ["sync_add_imports_undone", a.imports_undone],
    ["sync_add_audit", a.audit],
  ];
  return lines.filter(([, n]) => n > 0);
}

/** How a conflict's list names the laptop a change was made on (its database identity):
 *  this laptop, a laptop by the name its bundles are signed with, or by its short id. */
export function laptopNamer(view: ConflictsView, t: T): (origin: string | null) => string {
  return (origin) =>
    origin === null
      ? t("laptop_before_stamps")
      : origin === view.this
        ? t("this_laptop")
        : (view.names[origin] ?? t("laptop_unknown", { id: shortId(origin) }));
}
