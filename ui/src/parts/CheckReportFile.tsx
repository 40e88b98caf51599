// A validator is handed a report (its PDF, HTML or JSON): is it exactly as Muster issued
// it, and who signed it? Then, when it came from this database, does it still match the
// records: the core finds the decision it was signed off by and lists every change since.
// A file that is not exactly as issued arrives as an error, said in one line.
import { useReadOnly } from "../readOnly";
import { useState } from "preact/hooks";
import { open } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import type { FileCheck } from "../bindings/FileCheck";
import { formatDate, formatStamp, useT } from "../i18n";
import { ChangedSince } from "./ChangedSince";
import { keyName, peerName } from "../logic/keys";
import { shortIds } from "../logic/ids";
import { FoldedLines } from "./FoldedLines";

export function CheckReportFile() {
  const { t, lang } = useT();
  const [path, setPath] = useState("");
  const [result, setResult] = useState<FileCheck | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const browse = async () => {
    const p = await open({
      multiple: false,
      directory: false,
      filters: [{ name: "PDF / HTML / JSON", extensions: ["pdf", "html", "htm", "json"] }],
    });
    if (typeof p === "string") {
      setPath(p);
      setResult(null);
    }
  };
  const check = async () => {
    setBusy(true);
    setError("");
    setResult(null);
    try {
      setResult(await api.verifyFile(path, lang));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card form" data-testid="check-file">
      <h2>{t("check_file_title")}</h2>
      <p class="muted">{t("check_file_hint")}</p>
      <label>
        {t("file_col")}
        <span class="row">
          <input value={path} onInput={(e) => (setPath(e.currentTarget.value), setResult(null))} data-testid="check-path" />
          <button type="button" onClick={browse}>
            {t("browse")}
          </button>
        </span>
      </label>
      <button class="primary" disabled={busy || !path.trim()} onClick={check} data-testid="check-run">
        {t("check_file_run")}
      </button>
      {error && (
        <p class="error" role="alert" data-testid="check-error">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="check-result" data-changes={result.changes.length} data-records={String(result.records_checked)}>
          <p class="badge-ok" data-testid="check-exact">
            ✓ {t("check_exact", { format: result.format.toUpperCase() })}
          </p>
          <Signer check={result} />
          {!result.records_checked ? (
            <>
              <p data-testid="check-stamp">
                {result.carried
                  ? t("check_carried_decision", {
                      decision: t(result.carried.decision === "validated" ? "decision_validated" : "decision_not_validated"),
                      validator: result.carried.validator,
                      team: result.carried.team,
                      date: formatDate(result.carried.as_of, lang),
                    })
                  : t(result.signed_off ? "check_carries_sign_off" : "check_working_copy")}
              </p>
              <p class="muted" data-testid="check-other-db">
                {t(result.issued_here ? "check_working_copy_here" : "check_other_database")}
              </p>
            </>
          ) : result.decision ? (
            <>
              <p>
                {t("check_signed_by", {
                  id: String(result.decision.id),
                  validator: result.decision.validator,
                  date: formatDate(result.decision.as_of, lang),
                })}
              </p>
              <ChangedSince row={result.decision} />
              {result.held_until && (
                <p class="muted" data-testid="check-held-until">
                  {t("check_held_until", {
                    made: formatStamp(result.held_until.last_made, lang),
                    name: peerName(result.held_until, t),
                    received: formatStamp(result.held_until.last_received, lang),
                  })}
                </p>
              )}
            </>
          ) : (
            <>
              <p>{t("check_not_signed")}</p>
              {result.changes.length === 0 ? (
                <p class="badge-ok">✓ {t("check_still_true")}</p>
              ) : (
                <FoldedLines class="error" lines={result.changes.map((c) => ({ text: shortIds(c.text) }))} />
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** Who signed the file, as this laptop knows the key; an unknown key can be trusted here. */
function Signer({ check }: { check: FileCheck }) {
  const { t } = useT();
  const readOnly = useReadOnly();
  const s = check.signed_by;
  const [name, setName] = useState("");
  const [trusted, setTrusted] = useState<string | null>(null);
  const [error, setError] = useState("");
  const known = s.known_as;
  if (trusted) return <p data-testid="check-signer">{t("check_trusted", { name: trusted })}</p>;
  if (known.known === "this_installation")
    return <p data-testid="check-signer">{t("check_signer_self", { name: keyName(known.name, t), fingerprint: s.fingerprint })}</p>;
  if (known.known === "trusted")
    return <p data-testid="check-signer">{t("check_signer_trusted", { name: known.name, fingerprint: s.fingerprint })}</p>;
  // Trusting a key is a record in the database: a read-only copy only says who signed.
  if (readOnly)
    return <p data-testid="check-signer">{t("check_signer_unknown", { fingerprint: s.fingerprint, claimed: keyName(s.claimed_name, t) })}</p>;
  const trust = async (e: Event) => {
    e.preventDefault();
    try {
      setTrusted((await api.trustKey(s.fingerprint, name)).name);
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <form class="form" onSubmit={trust} data-testid="check-signer">
      <p>{t("check_signer_unknown", { fingerprint: s.fingerprint, claimed: keyName(s.claimed_name, t) })}</p>
      <label>
        {t("check_trust_name")}
        <span class="row">
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required data-testid="trust-name" />
          <button type="submit" data-testid="trust-key">
            {t("check_trust")}
          </button>
        </span>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
