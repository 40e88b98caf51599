// The few attendees whose result or score differs from the session's: a failure, or a
// person's own test score. Folded away by default, so the usual session stays one screen.
import type { Outcome } from "../bindings/Outcome";
import type { Person } from "../bindings/Person";
import { useT } from "../i18n";
import { fullName } from "../logic/matrix";
import type { Own } from "../logic/session";

interface Props {
  people: Person[]; // the ticked attendees, in roster order
  session: Outcome;
  sessionScore: string;
  own: Map<string, Own>;
  setOwn: (next: Map<string, Own>) => void;
  failed: number;
}

export function IndividualResults({ people, session, sessionScore, own, setOwn, failed }: Props) {
  const { t } = useT();
  const change = (sn: string, part: Partial<Own>) => {
    const next = new Map(own);
    next.set(sn, { ...(own.get(sn) ?? { result: null, score: "" }), ...part });
    setOwn(next);
  };
  return (
    <details class="card individual" data-testid="individual">
      <summary>
        <strong>{t("individual_title")}</strong>{" "}
        <span class={failed ? "error" : "muted"} data-testid="failed-count">
          {t("individual_failed", { n: failed })}
        </span>
      </summary>
      <p class="muted">{t("individual_hint")}</p>
      {people.length === 0 ? (
        <p class="muted">{t("choose_attendees")}</p>
      ) : (
        <table class="plain">
          <thead>
            <tr>
              <th>{t("person")}</th>
              <th>{t("result")}</th>
              <th>{t("score")}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => {
              const mine = own.get(p.service_number);
              const result = mine?.result ?? session;
              return (
                <tr key={p.service_number} class={result === "fail" ? "row-failed" : undefined}>
                  <td>
                    {p.rank} {fullName(p)} <small class="muted">{p.service_number}</small>
                  </td>
                  <td>
                    <select
                      value={result}
                      aria-label={`${t("result")}: ${fullName(p)}`}
                      onChange={(e) => change(p.service_number, { result: e.currentTarget.value as Outcome })}
                      data-testid={`own-result-${p.service_number}`}
                    >
                      <option value="pass">{t("pass")}</option>
                      <option value="fail">{t("fail")}</option>
                    </select>
                  </td>
                  <td>
                    <input
                      class="score"
                      value={mine?.score ?? ""}
                      placeholder={sessionScore}
                      inputMode="decimal"
                      aria-label={`${t("score")}: ${fullName(p)}`}
                      onInput={(e) => change(p.service_number, { score: e.currentTarget.value })}
                      data-testid={`own-score-${p.service_number}`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </details>
  );
}
