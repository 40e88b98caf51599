// A bundle received from another laptop: the file picked, who sent it and what it adds
// shown by a dry run of the very merge, an unknown sender's key confirmed by a name, then
// the records taken whole or not at all. On the Sync screen, and on the first start of a
// laptop that gets its records from the headquarters' one.
import { useState } from "preact/hooks";
import { open } from "@tauri-apps/plugin-dialog";
import { api, errorText } from "../api";
import type { BundleReport } from "../bindings/BundleReport";
import { formatDate, formatStamp, useT } from "../i18n";
import { addedLines } from "../logic/bundles";
import { BundleAdds } from "./BundleAdds";
import { keyName } from "../logic/keys";

type Msg = { ok: boolean; text: string } | null;

export function ReceiveBundle({ received }: { received: () => void }) {
  const { t, lang } = useT();
  const [path, setPath] = useState("");
  const [preview, setPreview] = useState<BundleReport | null>(null);
  const [trustAs, setTrustAs] = useState("");
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<Msg>(null);

  const pick = (p: string) => {
    setPath(p);
    setPreview(null);
    setMsg(null);
  };
  const browse = async () => {
    const p = await open({ multiple: false, directory: false, filters: [{ name: "Muster", extensions: ["muster"] }] });
    if (typeof p === "string") pick(p);
  };
  // A refused preview leaves nothing to show; a refused receive (no operator's name yet, a
  // name already taken) keeps the preview, so the user puts it right and receives again.
  const run = async (what: () => Promise<void>, keepPreview = false) => {
    setBusy(true);
    setMsg(null);
    try {
      await what();
    } catch (e) {
      if (!keepPreview) setPreview(null);
      setMsg({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };
  const look = () =>
    run(async () => {
      const p = await api.syncPreview(path);
      setPreview(p);
      // An unnamed laptop's default name is no name to know it by: the user gives one.
      setTrustAs(p.sender_named ? p.sender.name : "");
    });
  const receive = () =>
    run(async () => {
      const r = await api.syncReceive(path, preview?.trusted_as ? null : trustAs);
      setPreview(null);
      const lines = addedLines(r.added);
      setMsg({
        ok: true,
        text: `${t("sync_added", { name: r.trusted_as ?? keyName(r.sender.name, t) })} — ${
          lines.length ? lines.map(([k, n]) => t(k, { n })).join(", ") : t("sync_nothing_new")
        }.`,
      });
      received();
    }, true);

  return (
    <section class="card form" data-testid="sync-receive">
      <h2>{t("sync_receive_title")}</h2>
      <p class="muted">{t("sync_receive_hint")}</p>
      <label>
        {t("file_col")}
        <span class="row">
          <input value={path} onInput={(e) => pick(e.currentTarget.value)} data-testid="sync-in" />
          <button type="button" onClick={browse}>
            {t("browse")}
          </button>
        </span>
      </label>
      {!preview && (
        <button class="primary" disabled={busy || !path.trim()} onClick={look} data-testid="sync-preview">
          {t("sync_preview")}
        </button>
      )}
      {preview && (
        <div class="bundle" data-testid="sync-bundle">
          <dl class="details">
            <dt>{t("sync_from")}</dt>
            <dd data-testid="sync-sender">{keyName(preview.sender.name, t)}</dd>
            <dt>{t("sync_col_fingerprint")}</dt>
            <dd>
              <strong class="fingerprint" data-testid="sync-sender-fingerprint">
                {preview.sender.fingerprint}
              </strong>
            </dd>
            <dt>{t("sync_made")}</dt>
            <dd>{formatStamp(preview.made_at, lang)}</dd>
          </dl>
          {preview.trusted_as ? (
            <p class="muted" data-testid="sync-trusted">
              {t("sync_trusted", { name: preview.trusted_as })}
            </p>
          ) : (
            <div class="notice" role="alert" data-testid="sync-unknown">
              <p>
                <strong>{t("sync_unknown")}</strong> {t("sync_unknown_hint")}
              </p>
              {preview.name_of_another && (
                <p data-testid="sync-name-of-another">
                  <strong>{t("sync_name_of_another", { name: preview.sender.name, known: preview.name_of_another })}</strong>
                </p>
              )}
              <label>
                {t("sync_trust_as")}
                <input value={trustAs} onInput={(e) => setTrustAs(e.currentTarget.value)} maxLength={80} data-testid="sync-trust-name" />
              </label>
            </div>
          )}
          {preview.made_here ? (
            <p data-testid="sync-made-here">{t("sync_made_here")}</p>
          ) : preview.already_received ? (
            <p data-testid="sync-already">{t("sync_already", { when: formatStamp(preview.already_received, lang) })}</p>
          ) : (
            <>
              {preview.clocks_apart && (
                <div class="notice" role="alert" data-testid="sync-clocks">
                  {preview.clocks_apart.sender_ahead_days > 0 && (
                    <p>
                      {t("sync_clock_ahead", {
                        when: formatStamp(preview.made_at, lang),
                        n: preview.clocks_apart.sender_ahead_days,
                      })}
                    </p>
                  )}
                  {preview.clocks_apart.dated_later > 0 && (
                    <p>
                      {t("sync_dated_later", {
                        n: preview.clocks_apart.dated_later,
                        day: preview.clocks_apart.latest_day ? formatDate(preview.clocks_apart.latest_day, lang) : "",
                      })}
                    </p>
                  )}
                </div>
              )}
              <BundleAdds report={preview} />
              <div class="row">
                <button
                  class="primary"
                  disabled={busy || (!preview.trusted_as && !trustAs.trim())}
                  onClick={receive}
                  data-testid="sync-receive-run"
                >
                  {preview.trusted_as ? t("sync_receive") : t("sync_trust_receive")}
                </button>
                <button type="button" onClick={() => pick(path)}>
                  {t("cancel")}
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="sync-receive-msg">
          {msg.text}
        </p>
      )}
    </section>
  );
}
