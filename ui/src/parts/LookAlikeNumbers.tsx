// People received from two laptops under service numbers that only look alike (KZ-470007
// and KZ470007, a Cyrillic К for a Latin K) and on one roster: most often one soldier
// entered twice. Listed until the wrong number leaves the roster; merging moves its records
// and roster places to the right number (Store::merge_person), seen first in a preview.
import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { MergePlan } from "../bindings/MergePlan";
import { formatDate, useT } from "../i18n";
import { laptopNamer } from "../logic/bundles";

export function LookAlikeNumbers({
  view,
  openPerson,
  merged,
  readOnly,
}: {
  view: ConflictsView;
  openPerson: (sn: string) => void;
  merged: (plan: MergePlan) => void;
  readOnly: boolean;
}) {
  const { t } = useT();
  if (view.numbers.length === 0) return null;
  const laptop = laptopNamer(view, t);
  return (
    <section class="card" data-testid="sync-look-alikes">
      <h2>
        {t("look_alikes_title")} ({view.numbers.length})
      </h2>
      <p class="muted">{t("look_alikes_hint")}</p>
      {view.numbers.map((g) => (
        <div class="conflict" key={g.people.map((p) => p.service_number).join(" ")}>
          <ul>
            {g.people.map((p) => (
              <li key={p.service_number} data-sn={p.service_number}>
                <strong class="sn">{p.service_number}</strong>{" "}
                <button type="button" class="link" onClick={() => openPerson(p.service_number)}>
                  {p.name}
                </button>{" "}
                <span class="muted">
                  · {p.rosters.length > 0 ? t("look_alike_rosters", { codes: p.rosters.join(", ") }) : t("look_alike_no_roster")} ·{" "}
                  {t("look_alike_records", { n: p.records })} · {t("look_alike_added_on", { laptop: laptop(p.origin) })}
                </span>
              </li>
            ))}
          </ul>
          {!readOnly && !g.settled && <MergeForm numbers={g.people.map((p) => p.service_number)} {...mergeGuess(g.people.map((p) => p.service_number))} merged={merged} />}
        </div>
      ))}
    </section>
  );
}

/** Which number to keep, offered first: the one written only in Latin capitals and digits
 *  (as rosters write service numbers), not one with a separator or a Cyrillic or Greek
 *  letter that looks Latin, and of those the one with the fewest letters (a letter O for a
 *  zero); the person merging can choose otherwise. */
export function mergeGuess(numbers: string[]): { from: string; into: string } {
  const letters = (n: string) => n.replace(/[^A-Z]/g, "").length;
  const plain = numbers.filter((n) => /^[A-Z0-9]+$/.test(n));
  const into = plain.reduce<string | undefined>((best, n) => (best === undefined || letters(n) < letters(best) ? n : best), undefined) ?? numbers[0];
  const from = numbers.find((n) => n !== into) ?? numbers[numbers.length - 1];
  return { from, into };
}

/** One soldier, two numbers: which number is wrong, which to keep, why; a preview of
 *  what moves, then the merge. `from` and `into` are chosen first; `numbers` are the
 *  choices (one each when the two are known, as for a merge made again). */
export function MergeForm(p: { numbers: string[]; from: string; into: string; merged: (plan: MergePlan) => void; openLabel?: string }) {
  const { t, lang } = useT();
  const { numbers, merged } = p;
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(p.from);
  const [into, setInto] = useState(p.into);
  const [reason, setReason] = useState("");
  const [plan, setPlan] = useState<MergePlan | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async (dryRun: boolean) => {
    setError("");
    setBusy(true);
    try {
      const p = await api.mergePerson(from, into, reason, dryRun);
      if (dryRun) {
        setPlan(p);
      } else {
        setPlan(null);
        setOpen(false);
        merged(p);
      }
    } catch (e) {
      setPlan(null);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const pick = (set: (v: string) => void) => (e: Event) => {
    set((e.currentTarget as HTMLSelectElement).value);
    setPlan(null);
  };

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid="merge-open">
        {p.openLabel ?? t("merge_open")}
      </button>
    );
  }
  return (
    <form
      class="confirm form"
      data-testid="merge-form"
      onSubmit={(e) => {
        e.preventDefault();
        run(plan === null);
      }}
    >
      <p>{t("merge_explain")}</p>
      <NumberChoice label={t("merge_from")} numbers={numbers} value={from} onChange={pick(setFrom)} testid="merge-from" />
      <NumberChoice label={t("merge_into")} numbers={numbers} value={into} onChange={pick(setInto)} testid="merge-into" />
      <label>
        {t("reason")}
        <input
          value={reason}
          onInput={(e) => (setReason(e.currentTarget.value), setPlan(null))}
          data-testid="merge-reason"
        />
      </label>
      {plan && (
        <ul class="merge-plan" data-testid="merge-plan">
          {plan.moved.map((r) => (
            <li key={r.id}>{t("merge_moves", { module: r.module, date: formatDate(r.date, lang), result: t(r.result), into: plan.into })}</li>
          ))}
          {plan.duplicates.map((r) => (
            <li key={r.id}>{t("merge_voids", { module: r.module, date: formatDate(r.date, lang), result: t(r.result), into: plan.into })}</li>
          ))}
          {plan.rosters.map((r) => (
            <li key={r.contingent}>
              {t(r.restored ? "merge_restores" : r.into_already_on ? "merge_leaves" : "merge_replaces", { from: plan.from, into: plan.into, code: r.contingent })}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p class="error" role="alert" data-testid="merge-error">
          {error}
        </p>
      )}
      <div class="savebar">
        <button class="primary" type="submit" disabled={busy} data-testid={plan ? "merge-commit" : "merge-preview"}>
          {plan ? t("merge_commit", { from: plan.from, into: plan.into }) : t("merge_preview")}
        </button>
        <button type="button" onClick={() => (setOpen(false), setPlan(null), setError(""))}>
          {t("cancel")}
        </button>
      </div>
    </form>
  );
}

function NumberChoice(p: { label: string; numbers: string[]; value: string; onChange: (e: Event) => void; testid: string }) {
  return (
    <label>
      {p.label}
      <select value={p.value} onChange={p.onChange} data-testid={p.testid}>
        {p.numbers.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
