// The audit log, read as sentences: every change with who made it and when, newest first.
// "Data is sacred" means history stays readable; this is where all of it can be read.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import { formatStamp, useT } from "../i18n";
import { activityLines, lineText } from "../logic/activity";
import { operatorName } from "../logic/operator";

const PAGE = 200;

/** `version` changes whenever the screen around it has written something: read again. */
export function Activity({ version = 0 }: { version?: number }) {
  const { t, lang } = useT();
  const [limit, setLimit] = useState(PAGE);
  const [entries, setEntries] = useState<ActivityEntry[] | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    api.activity(limit).then(setEntries, (e) => setError(errorText(e, t)));
  }, [limit, version]);

  return (
    <section class="card" data-testid="activity">
      <h2>{t("activity_title")}</h2>
      <p class="muted">{t("activity_hint")}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && <p class="muted">{t("loading")}</p>}
      {entries && entries.length === 0 && <p>{t("activity_none")}</p>}
      {entries && entries.length > 0 && (
        <ul class="activity">
          {activityLines(entries).map((l, i) => (
            <li key={i} data-action={l.first.event.kind}>
              <span class="muted">
                {formatStamp(l.first.at, lang)} · {operatorName(l.first.actor, t)}
                {l.first.elsewhere !== null && ` · ${t("act_elsewhere", { name: l.first.elsewhere })}`}
              </span>
              <span>{lineText(l, t)}</span>
            </li>
          ))}
        </ul>
      )}
      {entries && entries.length === limit && (
        <button onClick={() => setLimit(limit + PAGE)} data-testid="activity-more">
          {t("activity_more")}
        </button>
      )}
    </section>
  );
}
