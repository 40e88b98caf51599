// The database could not be opened (written by a newer Muster, damaged, unreadable), or
// its records were changed outside Muster: the window says why and what to do, and offers
// nothing that could write to it.
import type { CheckReport } from "../bindings/CheckReport";
import type { Finding } from "../bindings/Finding";
import type { Flaw } from "../bindings/Flaw";
import type { Problem } from "../bindings/Problem";
import { useT, type Key, type T } from "../i18n";
import { problemText } from "../problems";

export function DbError({ problem, path, check }: { problem: Problem; path: string; check: CheckReport | null }) {
  const { t } = useT();
  const tampered = check !== null && check.findings.length > 0;
  return (
    <main class="db-error" data-testid="db-error">
      <section class="card">
        <h1>{t(tampered ? "tamper_title" : "db_error_title")}</h1>
        <p class="error" role="alert" data-testid="db-error-text">
          {problemText(problem, t)}
        </p>
        <p>
          {t("database")}: <code class="path">{path}</code>
        </p>
        <p class="muted">{t(tampered ? "tamper_hint" : "db_error_hint")}</p>
        {tampered && (
          <>
            <h2>{t("tamper_found")}</h2>
            <ul class="findings" data-testid="findings">
              {check.findings.map((f, i) => (
                <li key={i} data-flaw={f.flaw}>
                  {findingText(f, t)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}

const FLAWS: Record<Flaw, Key> = {
  damaged: "flaw_damaged",
  dangling_reference: "flaw_dangling_reference",
  trigger_missing: "flaw_trigger_missing",
  trigger_altered: "flaw_trigger_altered",
  trigger_foreign: "flaw_trigger_foreign",
  chain_broken: "flaw_chain_broken",
  chain_unknown_table: "flaw_chain_unknown_table",
  changed: "flaw_changed",
  deleted: "flaw_deleted",
  inserted: "flaw_inserted",
  no_chain: "flaw_no_chain",
  schema_altered: "flaw_schema_altered",
  schema_foreign: "flaw_schema_foreign",
  schema_missing: "flaw_schema_missing",
  version_lowered: "flaw_version_lowered",
  planted_journal: "flaw_planted_journal",
  schema_of_no_version: "flaw_schema_of_no_version",
};

const TABLES: Record<string, Key | undefined> = {
  meta: "tbl_meta",
  contingent: "tbl_contingent",
  module: "tbl_module",
  person: "tbl_person",
  import: "tbl_import",
  assignment: "tbl_assignment",
  attempt: "tbl_attempt",
  voiding: "tbl_voiding",
  validation: "tbl_validation",
  audit: "tbl_audit",
  ledger: "tbl_ledger",
  database: "tbl_database",
};

/** One finding as a line: what (and whose), then what is wrong with it. */
export function findingText(f: Finding, t: T): string {
  const key = TABLES[f.table];
  const table = key ? t(key) : f.table;
  if (f.flaw.startsWith("trigger_")) return `${table}: ${t(FLAWS[f.flaw], { name: f.record ?? "" })}`;
  if (f.flaw.startsWith("schema_")) return `${table}: ${t(FLAWS[f.flaw])}`;
  if (f.flaw === "version_lowered" || f.flaw === "schema_of_no_version")
    return t(FLAWS[f.flaw], { says: f.record ?? "", is: f.detail ?? "" });
  if (f.flaw === "planted_journal") return t(FLAWS[f.flaw], { name: f.record ?? "" });
  const what = [table, f.record].filter(Boolean).join(" ");
  const who = [f.service_number, f.module].filter(Boolean).join(", ");
  return `${what}${who ? ` (${who})` : ""}: ${t(FLAWS[f.flaw])}${f.detail ? ` — ${f.detail}` : ""}`;
}
