// Earlier imports, newest first, and the way back from a mistaken one: undo voids the
// records it added, ends the assignments it made and puts back the details it changed,
// with a reason. Nothing is deleted.
import { Fragment } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { ImportRecord } from "../bindings/ImportRecord";
import { formatStamp, useT } from "../i18n";
import { operatorName } from "../logic/operator";
import { undoneText } from "../logic/undo";

export function ImportHistory({ rev, changed }: { rev: number; changed: () => void }) {
  const { t, lang } = useT();
  const [list, setList] = useState<ImportRecord[] | null>(null);
  const [undoing, setUndoing] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [own, setOwn] = useState(0);

  useEffect(() => {
    let live = true;
    api
      .imports()
      .then((l) => live && setList(l))
      .catch((e) => live && setMsg({ ok: false, text: errorText(e, t) }));
    return () => {
      live = false;
    };
  }, [rev, own]);

  const undo = async (id: number) => {
    setBusy(true);
    try {
      const r = await api.undoImport(id, reason);
      setMsg({ ok: true, text: undoneText(r, t) });
      setUndoing(null);
      setReason("");
      setOwn((n) => n + 1);
      changed();
    } catch (e) {
      setMsg({ ok: false, text: errorText(e, t) });
    } finally {
      setBusy(false);
    }
  };

  if (!list) return null;
  return (
    <section class="card import-history" data-testid="import-history">
      <h2>{t("import_history")}</h2>
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="undo-msg">
          {msg.text}
        </p>
      )}
      {list.length === 0 ? (
        <p class="muted">{t("no_imports")}</p>
      ) : (
        <table class="plain">
          <thead>
            <tr>
              <th>{t("when")}</th>
              <th>{t("file_col")}</th>
              <th>{t("what_it_did")}</th>
              <th class="opt">{t("by")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((i) => (
              <Fragment key={i.id}>
                <tr data-import={i.id} class={i.undone_at ? "undone" : undefined}>
                  <td>
                    #{i.id} {formatStamp(i.imported_at, lang)}
                  </td>
                  <td class="file">
                    {i.file_name}
                    {i.sheet && <small class="muted"> · {i.sheet}</small>}
                    <div class="muted">
                      {t(i.kind === "roster" ? "kind_roster" : "kind_completions")}
                      {i.contingent && ` → ${i.contingent}`}
                    </div>
                  </td>
                  <td>
                    {i.kind === "roster"
                      ? t("did_roster", { rows: i.rows, new: i.people_new, updated: i.people_updated })
                      : t("did_completions", { rows: i.rows, new: i.attempts_new })}
                  </td>
                  <td class="opt">{operatorName(i.operator, t)}</td>
                  <td data-testid={`import-state-${i.id}`}>
                    {i.undone_at ? (
                      <span class="muted">
                        {t("undone_by", { when: formatStamp(i.undone_at, lang), who: i.undone_by ?? "" })}: {i.undo_reason}
                      </span>
                    ) : (
                      undoing !== i.id && (
                        <button onClick={() => (setUndoing(i.id), setReason(""), setMsg(null))} data-testid={`undo-${i.id}`}>
                          {t("undo_ellipsis")}
                        </button>
                      )
                    )}
                  </td>
                </tr>
                {undoing === i.id && (
                  <tr class="undo-row">
                    <td colSpan={5}>
                      <form
                        class="undo-form"
                        onSubmit={(e) => {
                          e.preventDefault();
                          undo(i.id);
                        }}
                      >
                        <p class="muted">{t(i.kind === "roster" ? "undo_explain" : "undo_explain_completions")}</p>
                        <div class="row">
                          <input
                            value={reason}
                            onInput={(e) => setReason(e.currentTarget.value)}
                            placeholder={t("reason")}
                            aria-label={t("reason")}
                            data-testid={`undo-reason-${i.id}`}
                          />
                          <button type="submit" class="danger" disabled={busy || !reason.trim()} data-testid={`undo-confirm-${i.id}`}>
                            {t("undo_import")}
                          </button>
                          <button type="button" onClick={() => (setUndoing(null), setReason(""))}>
                            {t("cancel")}
                          </button>
                        </div>
                      </form>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
