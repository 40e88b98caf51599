// Bundle files between laptops (the Sync screen).
import type { Added } from "../bindings/Added";
import type { Changed } from "../bindings/Changed";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { Decided } from "../bindings/Decided";
import type { KeptHere } from "../bindings/KeptHere";
import { fieldLabel } from "./fields";
import { formatStamp, type Key, type T } from "../i18n";
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
      : origin === view.this || view.earlier.includes(origin)
        ? t("this_laptop")
        : (view.names[origin] ?? t("laptop_unknown", { id: shortId(origin) }));
}

/** A group of details two laptops set differently (the later counts), or one a bundle
 *  changes here (`Changed`, the same fields), in a few words: the summary above the list
 *  says the rest. */
export function decidedLine(d: Decided | Changed, t: T): string {
  const what: Key = d.entity === "person" ? "said_person" : d.entity === "contingent" ? "said_contingent" : "said_module";
  const line = `${t(what, { key: d.key })} — ${fieldLabel(d.field, t)}`;
  // What it read here and what counts now (the core's text of the group's columns).
  if (!d.was && !d.now) return line;
  const q = (v: string) => (v === "" || v === "—" ? "—" : `«${v}»`);
  const values = d.was === d.now ? `${line}: ${q(d.was)}` : `${line}: ${q(d.was)} → ${q(d.now)}`;
  // The other laptop's value, which does not count: without it a value kept here reads
  // as no conflict at all.
  const others = "others" in d ? d.others : [];
  return others.length ? `${values} (${t("said_not_counting", { list: others.map(q).join(", ") })})` : values;
}

/** Something both laptops did differently, where this laptop keeps its own version. */
export function keptLine(k: KeptHere, t: T): string {
  switch (k.kind) {
    case "roster_ended":
      return t("sync_kept_roster", { person: k.person, contingent: k.contingent });
    case "import_undone":
      return t("sync_kept_import", { file: k.file_name, at: formatStamp(k.imported_at, t.lang) });
  }
}
