// Old rotations archived out of the way: the one shown can be archived (with a reason) and
// an archived one brought back. Nothing is deleted; the core refuses to archive the last
// contingent in use, so the app always has one to open on.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { Archived } from "../bindings/Archived";
import type { Contingent } from "../bindings/Contingent";
import { formatStamp, useT } from "../i18n";

interface Props {
  /** The contingent shown now. */
  code: string;
  /** The contingents in use after a change. */
  changed: (inUse: Contingent[]) => void;
}

export function ContingentArchive({ code, changed }: Props) {
  const { t, lang } = useT();
  const [archived, setArchived] = useState<Archived[] | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [rev, setRev] = useState(0);

  useEffect(() => {
    api.archivedContingents().then(setArchived, (e) => setMsg({ ok: false, text: errorText(e, t) }));
  }, [rev]);

  const act = async (f: () => Promise<Contingent[]>, done: string) => {
    setMsg(null);
    try {
      const inUse = await f();
      setMsg({ ok: true, text: done });
      setAsking(false);
      setReason("");
      setRev((r) => r + 1);
      changed(inUse);
    } catch (e) {
      setMsg({ ok: false, text: errorText(e, t) });
    }
  };

  return (
    <section class="card form" data-testid="contingent-archive">
      <h2>{t("contingents_title")}</h2>
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="archive-msg">
          {msg.text}
        </p>
      )}
      {asking ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(() => api.archiveContingent(code, reason), t("archive_done", { code }));
          }}
        >
          <p>{t("archive_explain", { code })}</p>
          <label>
            {t("reason")}
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} required data-testid="archive-reason" />
          </label>
          <span class="row">
            <button type="submit" class="primary" data-testid="archive-confirm">
              {t("archive_confirm")}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t("cancel")}
            </button>
          </span>
        </form>
      ) : (
        <button onClick={() => (setMsg(null), setAsking(true))} data-testid="archive-current">
          {t("archive_current", { code })}
        </button>
      )}
      {archived && archived.length > 0 && (
        <>
          <h3>{t("archived_list")}</h3>
          <ul class="plain-list" data-testid="archived-list">
            {archived.map((a) => (
              <li key={a.contingent.code} data-code={a.contingent.code}>
                {t("archived_line", {
                  code: a.contingent.code,
                  name: a.contingent.name,
                  date: formatStamp(a.archived_at, lang),
                  by: a.archived_by,
                })}{" "}
                <button
                  onClick={() => act(() => api.restoreContingent(a.contingent.code), t("restore_done", { code: a.contingent.code }))}
                  data-testid={`restore-${a.contingent.code}`}
                >
                  {t("restore")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
