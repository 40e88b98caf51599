// A spreadsheet in: check it first (a dry run that writes nothing), see every bad row
// and column, then import it whole or cancel.
import { useEffect, useState } from "preact/hooks";
import { open } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import type { FileKind } from "../bindings/FileKind";
import type { ImportReport } from "../bindings/ImportReport";
import { useT, type Key } from "../i18n";
import { ImportHistory } from "../parts/ImportHistory";
import { SheetsOut } from "../parts/SheetsOut";
import { fieldLabel, problemText } from "../problems";

/** The encodings Excel and 1C write CSV in, in Russian and Kazakh offices. */
const ENCODINGS = ["UTF-8", "windows-1251", "UTF-16LE", "UTF-16BE", "KOI8-R", "IBM866"];

export function ImportScreen({ code, changed }: { code: string; changed: () => void }) {
  const { t } = useT();
  const [kind, setKind] = useState<FileKind>("roster");
  const [path, setPath] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [imports, setImports] = useState(0); // bumped after an import, to refresh the history
  // A workbook's sheets to choose from, and a CSV file's encoding. The core tells which
  // the file is from its bytes (a workbook may be named .csv): a CSV file has no sheets.
  // `null` until it has looked.
  const [sheets, setSheets] = useState<string[] | null>(null);
  const [sheet, setSheet] = useState("");
  const [encoding, setEncoding] = useState("");
  const isCsv = sheets?.length === 0;
  // A message belongs to the action that made it: the next change of the form takes it
  // away with the preview it was about.
  const reset = () => (setReport(null), setMsg(null));

  useEffect(() => {
    let live = true;
    const p = path.trim();
    setSheets(null);
    setSheet("");
    if (!p) return;
    // After typing pauses. The core tells a workbook from a CSV file (which has no
    // sheets); a path that cannot be read yet just offers no sheets.
    const timer = setTimeout(() => {
      api
        .sheetNames(p)
        .then((names) => live && (setSheets(names), setSheet(names[0] ?? "")))
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path]);

  const run = async (commit: boolean) => {
    setBusy(true);
    setMsg(null);
    try {
      const rep = await api.importFile({
        kind,
        path,
        contingent: code,
        commit,
        sheet: sheets && sheets.length > 0 ? sheet : null,
        encoding: isCsv && encoding ? encoding : null,
      });
      if (commit && rep.committed) {
        setReport(null);
        setMsg({ ok: true, text: t("imported", { n: rep.rows }) });
        setImports((n) => n + 1);
        changed();
      } else {
        setReport(rep);
      }
    } catch (e) {
      setReport(null);
      setMsg({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  const browse = async () => {
    const picked = await open({ multiple: false, directory: false, filters: [{ name: "CSV / Excel / ODS", extensions: ["csv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"] }] });
    if (typeof picked === "string") {
      setPath(picked);
      reset();
    }
  };

  const counts: [Key, number][] = report
    ? report.kind === "roster"
      ? [
          ["rows", report.rows],
          ["people_new", report.people_new],
          ["people_updated", report.people_updated],
          ["people_unchanged", report.people_unchanged],
          ["assigned", report.assigned],
        ]
      : [
          ["rows", report.rows],
          ["attempts_new", report.attempts_new],
          ["attempts_unchanged", report.attempts_unchanged],
        ]
    : [];

  return (
    <div class="import" data-testid="import">
      <h1>{t("import_title")}</h1>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          run(false);
        }}
      >
        <fieldset class="radios">
          <legend>{t("kind")}</legend>
          {(["roster", "completions"] as FileKind[]).map((k) => (
            <label class="inline" key={k}>
              <input
                type="radio"
                name="kind"
                checked={kind === k}
                onChange={() => (setKind(k), reset())}
                data-testid={`kind-${k}`}
              />{" "}
              {t(k === "roster" ? "kind_roster" : "kind_completions")}
              {k === "roster" && <span class="muted"> → {code}</span>}
            </label>
          ))}
        </fieldset>
        <label>
          {t("file")}
          <span class="row">
            <input
              value={path}
              onInput={(e) => (setPath(e.currentTarget.value), reset())}
              placeholder="/home/…/roster.csv"
              data-testid="import-path"
            />
            <button type="button" onClick={browse}>
              {t("browse")}
            </button>
          </span>
        </label>
        {sheets && sheets.length > 1 && (
          <label>
            {t("sheet")}
            <select value={sheet} onChange={(e) => (setSheet(e.currentTarget.value), reset())} data-testid="import-sheet">
              {sheets.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        {isCsv && (
          <label>
            {t("encoding")}
            <select value={encoding} onChange={(e) => (setEncoding(e.currentTarget.value), reset())} data-testid="import-encoding">
              <option value="">{t("encoding_auto")}</option>
              {ENCODINGS.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="primary" disabled={busy || !path.trim()} data-testid="import-check">
          {t("check_file")}
        </button>
      </form>
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="import-msg">
          {msg.text}
        </p>
      )}
      {report && (
        <section class="card" data-testid="import-preview">
          <h2>{t("preview")}</h2>
          {(report.sheet || report.encoding) && (
            <p class="muted" data-testid="import-source">
              {report.sheet ? t("read_sheet", { name: report.sheet }) : t("read_encoding", { name: report.encoding ?? "" })}
            </p>
          )}
          <dl class="counts">
            {counts.map(([k, n]) => (
              <div key={k}>
                <dt>{t(k)}</dt>
                <dd data-testid={`count-${k}`}>{n}</dd>
              </div>
            ))}
          </dl>
          {report.errors.length > 0 && (
            <>
              <h3 class="error">
                {t("errors")} ({report.errors.length + report.errors_not_listed})
              </h3>
              <RowTable rows={report.errors} testid="import-errors" />
            </>
          )}
          {report.warnings.length > 0 && (
            <>
              <h3>
                {t("warnings")} ({report.warnings.length})
              </h3>
              <RowTable rows={report.warnings} testid="import-warnings" warnings />
            </>
          )}
          {report.changes.length > 0 && (
            <>
              <h3>
                {t("details_that_change")} ({report.changes.length})
              </h3>
              <ChangeTable changes={report.changes} />
            </>
          )}
          <div class="savebar">
            {report.errors.length === 0 && (
              <button class="primary" disabled={busy} onClick={() => run(true)} data-testid="import-commit">
                {t("commit_import", { n: report.rows })}
              </button>
            )}
            <button
              onClick={() => (setReport(null), setMsg({ ok: true, text: t("import_cancelled") }))}
              data-testid="import-cancel"
            >
              {t("cancel")}
            </button>
          </div>
        </section>
      )}
      {/* What is done below (writing a sheet, undoing an import) is the next action too. */}
      <div onClickCapture={() => setMsg(null)}>
        <SheetsOut code={code} />
        <ImportHistory rev={imports} changed={changed} />
      </div>
    </div>
  );
}

/** Whose details a roster rewrites, field by field: a mistyped number shows as a name
 *  replaced before anything is written. */
function ChangeTable({ changes }: { changes: ImportReport["changes"] }) {
  const { t } = useT();
  return (
    <div class="scroll-x">
      <table class="plain" data-testid="import-changes">
        <thead>
          <tr>
            <th>{t("service_number")}</th>
            <th>{t("field")}</th>
            <th>{t("was_becomes")}</th>
          </tr>
        </thead>
        <tbody>
          {changes.flatMap((c) =>
            c.fields.map((f, i) => (
              <tr key={`${c.line}-${i}`}>
                <td>
                  {i === 0 && (
                    <>
                      {c.service_number}
                      <div class="muted">{t("line_n", { n: c.line })}</div>
                    </>
                  )}
                </td>
                <td>{fieldLabel(f.field, t)}</td>
                <td>
                  {f.old || "—"} → <strong>{f.new || "—"}</strong>
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Rows with what is wrong (errors) or worth knowing (`warnings`), headed as such. */
function RowTable({ rows, testid, warnings }: { rows: ImportReport["errors"]; testid: string; warnings?: boolean }) {
  const { t } = useT();
  return (
    <table class="plain" data-testid={testid}>
      <thead>
        <tr>
          <th class="num">{t("line")}</th>
          <th>{t("field")}</th>
          <th>{t(warnings ? "warning_column" : "message")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e, i) => (
          <tr key={i}>
            <td class="num">{e.line > 0 ? e.line : "—"}</td>
            <td>{e.column || (e.field ? fieldLabel(e.field, t) : "")}</td>
            <td>{problemText(e.problem, t)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
