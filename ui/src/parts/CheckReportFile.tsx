// A validator is handed a report (the signed PDF, or its JSON): does it still match the
// records? The core finds the decision it was signed off by and lists every change since.
import { useState } from "preact/hooks";
import { open } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import type { FileCheck } from "../bindings/FileCheck";
import { formatDate, useT } from "../i18n";
import { ChangedSince } from "./ChangedSince";

export function CheckReportFile() {
  const { t, lang } = useT();
  const [path, setPath] = useState("");
  const [result, setResult] = useState<FileCheck | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const browse = async () => {
    const p = await open({ multiple: false, directory: false, filters: [{ name: "PDF / JSON", extensions: ["pdf", "json"] }] });
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
        <div data-testid="check-result" data-changes={result.changes.length}>
          {result.decision ? (
            <>
              <p>
                {t("check_signed_by", {
                  id: String(result.decision.id),
                  validator: result.decision.validator,
                  date: formatDate(result.decision.as_of, lang),
                })}
              </p>
              <ChangedSince row={result.decision} />
            </>
          ) : (
            <>
              <p>{t("check_not_signed")}</p>
              {result.changes.length === 0 ? (
                <p class="badge-ok">✓ {t("check_still_true")}</p>
              ) : (
                <ul class="error">
                  {result.changes.map((c, i) => (
                    <li key={i}>{c.text}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
