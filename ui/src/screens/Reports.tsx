// Reports: the readiness report on screen (as of a date, in a language), saved as PDF,
// HTML, JSON or the matrix as CSV/XLSX where the user chooses; validation decisions, which
// freeze the report, and what changed since the latest one.
import { useReadOnly } from "../readOnly";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { ReportView } from "../bindings/ReportView";
import type { DecisionRow } from "../bindings/DecisionRow";
import type { Decision } from "../bindings/Decision";
import type { SaveFormat } from "../bindings/SaveFormat";
import type { Settings } from "../bindings/Settings";
import { LANGS, LANG_NAMES, asLang, formatDate, formatStamp, useT, type Lang } from "../i18n";
import { FORMAT_NAMES, SAVE_FORMATS, isoOrEmpty, saveFileName } from "../logic/report";
import { ReportDoc } from "../parts/ReportDoc";
import { ChangedSince } from "../parts/ChangedSince";
import { CheckReportFile } from "../parts/CheckReportFile";
import { SaveTo } from "../parts/SaveTo";
import { operatorName } from "../logic/operator";

type Msg = { ok: boolean; text: string } | null;

export function ReportsScreen({
  code,
  today,
  settings,
  saveSettings,
  rev,
  changed,
}: {
  code: string;
  today: string;
  settings: Settings;
  saveSettings: (s: Settings) => Promise<Settings>;
  rev: number;
  changed: () => void;
}) {
  const operator = settings.operator;
  const { t, lang: uiLang } = useT();
  const readOnly = useReadOnly();
  const [asOf, setAsOf] = useState(formatDate(today, "ru"));
  const [lang, setLang] = useState<Lang>(uiLang);
  const [shown, setShown] = useState({ asOf: "", lang: uiLang as Lang });
  const [view, setView] = useState<ReportView | null>(null);
  const [decisions, setDecisions] = useState<DecisionRow[] | null>(null);
  const [error, setError] = useState("");

  // An error replaces what it invalidates: a report that could not be made takes the
  // previous one off the screen (and its save and sign-off forms with it).
  const load = async (a: string, l: Lang) => {
    setError("");
    const [v, ds] = await Promise.allSettled([api.reportView(code, a || null, l), api.validations(code, uiLang)]);
    const errors: string[] = [];
    if (v.status === "fulfilled") {
      setView(v.value);
      setShown({ asOf: a, lang: l });
    } else {
      setView(null);
      errors.push(errorText(v.reason, t));
    }
    if (ds.status === "fulfilled") setDecisions(ds.value);
    else {
      setDecisions((old) => old ?? []);
      errors.push(errorText(ds.reason, t));
    }
    setError(errors.join(" "));
  };
  useEffect(() => {
    setView(null);
    load(asOf, lang);
  }, [code, rev, uiLang]);

  const asOfIso = view?.report.header.as_of ?? today;
  const latest = decisions?.[0] ?? null;

  return (
    <div class="reports" data-testid="reports">
      <h1>{t("reports_title")}</h1>
      {latest && <ChangedSince row={latest} />}
      <form
        class="card form report-controls"
        onSubmit={(e) => {
          e.preventDefault();
          load(asOf, lang);
        }}
      >
        <div class="report-fields">
          <label>
            {t("report_date")}
            <input value={asOf} placeholder={t("date_hint")} onInput={(e) => setAsOf(e.currentTarget.value)} data-testid="report-as-of" />
          </label>
          <label>
            {t("report_lang")}
            <select value={lang} onChange={(e) => setLang(asLang(e.currentTarget.value))} data-testid="report-lang">
              {LANGS.map((l) => (
                <option value={l} key={l}>
                  {LANG_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="submit" class="primary" data-testid="report-show">
          {t("report_show")}
        </button>
        {error && (
          <p class="error" role="alert" data-testid="report-error">
            {error}
          </p>
        )}
      </form>

      {/* The report first (on a phone, above the forms that save or sign it off). */}
      <div class="reports-layout">
        {(view || !error) && (
          <section class="card report-card">
            {view ? <ReportDoc view={view} lang={shown.lang} /> : <p class="muted">{t("loading")}</p>}
          </section>
        )}
        <aside class="reports-actions">
          {view && (
            <SaveCard code={code} asOf={shown.asOf} asOfIso={asOfIso} lang={shown.lang} settings={settings} saveSettings={saveSettings} />
          )}
          {!readOnly && view && (
            <ValidateCard
              code={code}
              asOf={shown.asOf}
              asOfIso={asOfIso}
              operator={operator}
              recorded={() => (load(shown.asOf, shown.lang), changed())}
            />
          )}
          <Decisions rows={decisions} />
          <CheckReportFile />
        </aside>
      </div>
    </div>
  );
}

interface SaveProps {
  code: string;
  asOf: string;
  asOfIso: string;
  lang: Lang;
  settings: Settings;
  saveSettings: (s: Settings) => Promise<Settings>;
}

function SaveCard({ code, asOf, asOfIso, lang, settings, saveSettings }: SaveProps) {
  const { t } = useT();
  const [format, setFormat] = useState<SaveFormat>("pdf");
  // Printed under the signature lines of the PDF and HTML; remembered for next time.
  const [officer, setOfficer] = useState(settings.training_officer);
  const [commander, setCommander] = useState(settings.commander);
  const signed = format === "pdf" || format === "html";
  const save = async (path: string) => {
    const names = signed ? { training_officer: officer, commander } : { training_officer: "", commander: "" };
    const written = await api.saveReport({ code, as_of: asOf || null, lang, format, path, ...names });
    if (signed && (officer !== settings.training_officer || commander !== settings.commander))
      await saveSettings({ ...settings, training_officer: officer, commander }).catch(() => undefined);
    return t("report_saved", { path: written });
  };

  return (
    <section class="card form">
      <h2>{t("report_save")}</h2>
      <p class="muted">{t("report_save_hint")}</p>
      <label>
        {t("report_format")}
        <select value={format} onChange={(e) => setFormat(e.currentTarget.value as SaveFormat)} data-testid="save-format">
          {SAVE_FORMATS.map((f) => (
            <option value={f} key={f}>
              {FORMAT_NAMES[f]}
            </option>
          ))}
        </select>
      </label>
      <p class="muted format-use" data-testid="save-format-use">
        {t(`fmt_${format}`)}
      </p>
      {signed && (
        <fieldset class="signers">
          <legend>{t("signers")}</legend>
          <label>
            {t("sig_training_officer")}
            <input value={officer} onInput={(e) => setOfficer(e.currentTarget.value)} placeholder={t("sig_blank")} data-testid="sig-officer" />
          </label>
          <label>
            {t("sig_commander")}
            <input value={commander} onInput={(e) => setCommander(e.currentTarget.value)} placeholder={t("sig_blank")} data-testid="sig-commander" />
          </label>
        </fieldset>
      )}
      <SaveTo
        suggested={saveFileName(code, isoOrEmpty(asOf) || asOfIso, format)}
        filter={{ name: format.toUpperCase(), extensions: [format] }}
        action={t("save")}
        write={save}
        ids={{ path: "save-path", run: "save-report", msg: "save-msg" }}
      />
    </section>
  );
}

function ValidateCard({
  code,
  asOf,
  asOfIso,
  operator,
  recorded,
}: {
  code: string;
  asOf: string;
  asOfIso: string;
  operator: string;
  recorded: () => void;
}) {
  const { t, lang } = useT();
  const [team, setTeam] = useState("");
  const [validator, setValidator] = useState("");
  // No decision is ticked for the validator: a pass recorded by leaving a default is
  // not one anyone made.
  const [decision, setDecision] = useState<Decision | null>(null);
  const [notes, setNotes] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [msg, setMsg] = useState<Msg>(null);
  // A decision freezes a report for good: one click records one, however fast the second.
  const busy = useRef(false);
  const [saving, setSaving] = useState(false);

  const ready = team.trim() !== "" && validator.trim() !== "" && decision !== null;
  const record = async () => {
    if (busy.current || decision === null) return;
    busy.current = true;
    setSaving(true);
    setMsg(null);
    try {
      const row = await api.validate(code, { as_of: asOf || null, team, validator, decision, notes }, lang);
      setConfirming(false);
      setNotes("");
      setDecision(null);
      setMsg({ ok: true, text: t("decision_recorded", { id: String(row.id), sha: row.report_sha256.slice(0, 16) }) });
      recorded();
    } catch (e) {
      setConfirming(false);
      setMsg({ ok: false, text: errorText(e, t) });
    } finally {
      busy.current = false;
      setSaving(false);
    }
  };

  return (
    <section class="card form" data-testid="validate-card">
      <h2>{t("validation_record")}</h2>
      <label>
        {t("validation_team")}
        <input value={team} onInput={(e) => setTeam(e.currentTarget.value)} data-testid="val-team" />
      </label>
      <label>
        {t("validator_name")}
        <input value={validator} onInput={(e) => setValidator(e.currentTarget.value)} data-testid="val-validator" />
      </label>
      <fieldset class="radios">
        <legend>{t("decision")}</legend>
        {(["validated", "not-validated"] as Decision[]).map((d) => (
          <label class="inline" key={d}>
            <input type="radio" name="decision" checked={decision === d} onChange={() => setDecision(d)} data-testid={`val-${d}`} />
            {t(d === "validated" ? "decision_validated" : "decision_not_validated")}
          </label>
        ))}
      </fieldset>
      <label>
        {t("notes")}
        <input value={notes} onInput={(e) => setNotes(e.currentTarget.value)} data-testid="val-notes" />
      </label>
      <p class="muted">{t("recorded_by", { name: operator })}</p>
      {confirming ? (
        <div class="confirm" role="alertdialog" aria-labelledby="freeze-q" data-testid="val-confirm-box">
          <p id="freeze-q">
            <strong>{t("freeze_question", { date: formatDate(isoOrEmpty(asOf) || asOfIso, lang), code })}</strong>
          </p>
          <p class="muted">{t("freeze_explain")}</p>
          <span class="row">
            <button class="primary" onClick={record} disabled={saving} data-testid="val-confirm">
              {t("freeze_confirm")}
            </button>
            <button onClick={() => setConfirming(false)}>{t("cancel")}</button>
          </span>
        </div>
      ) : (
        <button class="primary" disabled={!ready} onClick={() => setConfirming(true)} data-testid="val-record">
          {t("validation_record_btn")}
        </button>
      )}
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="val-msg">
          {msg.text}
        </p>
      )}
    </section>
  );
}

function Decisions({ rows }: { rows: DecisionRow[] | null }) {
  const { t, lang } = useT();
  return (
    <section class="card">
      <h2>{t("decisions")}</h2>
      {!rows ? (
        <p class="muted">{t("loading")}</p>
      ) : rows.length === 0 ? (
        <p data-testid="decisions-none">{t("decisions_none")}</p>
      ) : (
        <ul class="decisions" data-testid="decisions">
          {rows.map((d) => (
            <li key={String(d.id)} data-testid="decision">
              <strong class={d.decision === "validated" ? "ok" : "error"}>
                #{String(d.id)} {t(d.decision === "validated" ? "decision_validated" : "decision_not_validated")}
              </strong>{" "}
              · {t("as_of", { date: formatDate(d.as_of, lang) })} · {d.validator} ({d.team})
              <div class="muted">
                {t("recorded_on", { when: formatStamp(d.recorded_at, lang), name: operatorName(d.recorded_by, t) })} · SHA-256{" "}
                <code class="hash">{d.report_sha256.slice(0, 16)}…</code>
              </div>
              {d.notes && <div>{d.notes}</div>}
              <div class={d.changes.length ? "error" : "ok"}>
                {d.changes.length ? t("changes_n", { n: d.changes.length }) : t("unchanged")}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
