// Whether the person is on the contingent's roster, and the way off it (with a reason) or
// back on. Taken off, they stop counting towards its readiness; nothing is deleted.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { OffRoster } from "../bindings/OffRoster";
import type { PersonCard } from "../bindings/PersonCard";
import { formatStamp, useT } from "../i18n";

export function RosterPlace({
  card,
  code,
  saved,
  readOnly,
}: {
  card: PersonCard;
  code: string;
  saved: (c: PersonCard) => void;
  readOnly: boolean;
}) {
  const { t, lang } = useT();
  const [asking, setAsking] = useState(false);
  const [off, setOff] = useState<OffRoster | null>(null);
  // The way back is offered once the reason has been looked up, so the line does not
  // grow under the pointer between seeing the button and pressing it.
  const [offKnown, setOffKnown] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const sn = card.person.service_number;
  const onRoster = card.contingents.includes(code);
  // Off the roster: when, by whom and why, from the contingent's list.
  useEffect(() => {
    setOff(null);
    setOffKnown(false);
    if (onRoster) return;
    let live = true;
    api
      .offRoster(code)
      .then((list) => live && setOff(list.find((o) => o.person.service_number === sn) ?? null))
      .catch(() => undefined)
      .finally(() => live && setOffKnown(true));
    return () => {
      live = false;
    };
  }, [sn, code, onRoster]);

  const run = async (call: () => Promise<PersonCard>) => {
    setError("");
    try {
      saved(await call());
      setAsking(false);
      setReason("");
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  return (
    <div class="roster-place" data-testid="roster-place">
      {!onRoster && (
        <p class="notice" data-testid="roster-off">
          {t("roster_off", { code })}{" "}
          {off && (
            <span data-testid="roster-off-why">
              {t("off_roster_line", { when: formatStamp(off.ended_at, lang), by: off.ended_by, reason: off.reason })}{" "}
            </span>
          )}
          {!readOnly && offKnown && (
            <button onClick={() => run(() => api.putOnRoster(sn, code))} data-testid="roster-put-back">
              {t("roster_put_back", { code })}
            </button>
          )}
        </p>
      )}
      {onRoster && !asking && !readOnly && (
        <button class="link" onClick={() => setAsking(true)} data-testid="roster-take-off">
          {t("roster_take_off", { code })}
        </button>
      )}
      {onRoster && asking && (
        <form
          class="confirm form"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => api.takeOffRoster(sn, code, reason));
          }}
        >
          <p>{t("roster_take_off_explain", { code })}</p>
          <label>
            {t("reason")}
            <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} data-testid="roster-reason" />
          </label>
          <div class="row">
            <button type="submit" class="danger" data-testid="roster-confirm">
              {t("roster_take_off_confirm")}
            </button>
            <button type="button" onClick={() => (setAsking(false), setError(""))}>
              {t("cancel")}
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="error" role="alert" data-testid="roster-error">
          {error}
        </p>
      )}
    </div>
  );
}
