// One training session for many people: module, date, result, then tick attendees
// (a whole unit at once, then untick the absent). Saved in one transaction.
import { problemText } from "../problems";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { DashboardView } from "../bindings/DashboardView";
import type { Person } from "../bindings/Person";
import type { Outcome } from "../bindings/Outcome";
import { formatDate, useT } from "../i18n";
import { fullName } from "../logic/matrix";
import { attendeesView, tickedByUnit } from "../logic/attendees";
import { failedCount, individualResults, optionalNumber, sessionDate, todayNow, uncountedNote, weekday, toggleOne, toggleUnit, unitState, type Own } from "../logic/session";
import { IndividualResults } from "../parts/IndividualResults";
import { logDay } from "../logic/tour";
import { useFocusOnMount } from "../parts/useFocusOnMount";
import { moduleTitle } from "../logic/titles";

/** What was entered and not yet saved, per contingent: a click elsewhere (the dashboard, a
 *  person) and back must not lose a platoon ticked with its scores. Kept while the app
 *  runs; a save clears the ticks. */
interface Draft {
  module: string;
  date: string;
  result: Outcome;
  score: string;
  hours: string;
  instructor: string;
  notes: string;
  ticked: string[];
  own: [string, Own][];
}
const drafts = new Map<string, Draft>();

export function LogSession({ d, today, saved }: { d: DashboardView; today: string; saved: () => void }) {
  const { t, lang } = useT();
  const draft = drafts.get(d.contingent.code);
  const [module, setModule] = useState(draft?.module ?? d.modules[0]?.code ?? "");
  // Today, or the eve of deployment once the training period is over (logDay says why).
  const start = useMemo(() => logDay(todayNow(today), d.contingent), [today, d.contingent]);
  // Whom a session can list: the roster's names and units, not their standing. Null until
  // they arrive, so the screen says it is loading rather than showing an empty roster.
  const [personnel, setPersonnel] = useState<Person[] | null>(null);
  const [loadError, setLoadError] = useState("");
  useEffect(() => {
    let live = true;
    api
      .people(d.contingent.code)
      .then((ps) => live && setPersonnel(ps))
      .catch((e) => live && setLoadError(errorText(e, t)));
    return () => {
      live = false;
    };
  }, [d.contingent.code]);
  const [date, setDate] = useState(draft?.date ?? formatDate(start.iso, "ru"));
  const [result, setResult] = useState<Outcome>(draft?.result ?? "pass");
  const [score, setScore] = useState(draft?.score ?? "");
  const [hours, setHours] = useState(draft?.hours ?? "");
  const [instructor, setInstructor] = useState(draft?.instructor ?? "");
  const [notes, setNotes] = useState(draft?.notes ?? "");
  const [ticked, setTicked] = useState<Set<string>>(new Set(draft?.ticked ?? []));
  const [own, setOwn] = useState<Map<string, Own>>(new Map(draft?.own ?? []));
  const [restored] = useState((draft?.ticked.length ?? 0) > 0);
  useEffect(() => {
    drafts.set(d.contingent.code, { module, date, result, score, hours, instructor, notes, ticked: [...ticked], own: [...own] });
  }, [d.contingent.code, module, date, result, score, hours, instructor, notes, ticked, own]);
  const [query, setQuery] = useState("");
  // Units whose names are drawn on a large roster (folded by default there).
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useFocusOnMount<HTMLSelectElement>();
  // Modules taken again each rotation: one dated before training start does not count.
  const [perRotation, setPerRotation] = useState<Set<string>>(new Set());
  // Each module's planned hours: a new module's session starts from them.
  const [planned, setPlanned] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    api.modules(false).then(
      (ms) => {
        setPerRotation(new Set(ms.filter((m) => m.per_rotation).map((m) => m.code)));
        setPlanned(new Map(ms.map((m) => [m.code, m.hours])));
        // A new form starts from the first module's planned hours; a draft keeps its own.
        const first = ms.find((m) => m.code === module)?.hours;
        if (first) setHours((h) => h || String(first));
      },
      () => {},
    );
  }, []);
  // Another module is another session: the score typed for the last one does not carry
  // over (80 in PATROL is not 80 in CULT), and the hours start from the new module's plan.
  const chooseModule = (code: string) => {
    setModule(code);
    setScore("");
    const h = planned.get(code);
    setHours(h ? String(h) : "");
  };

  const byUnit = useMemo(() => {
    const m = new Map<string, Person[]>();
    for (const p of personnel ?? []) {
      const list = m.get(p.unit);
      if (list) list.push(p);
      else m.set(p.unit, [p]);
    }
    return [...m.entries()];
  }, [personnel]);

  const save = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    const sc = optionalNumber(score);
    const hr = optionalNumber(hours);
    if (sc === "invalid") return setMsg({ ok: false, text: problemText({ code: "not_a_number", field: "score", value: score.trim() }, t) });
    if (hr === "invalid") return setMsg({ ok: false, text: problemText({ code: "not_a_number", field: "hours", value: hours.trim() }, t) });
    if ("problem" in day) return setMsg({ ok: false, text: `${t("date")}: ${dayProblem(day.problem)}` });
    if (ticked.size === 0) return setMsg({ ok: false, text: t("choose_attendees") });
    const individual = individualResults(ticked, own);
    if ("invalid" in individual)
      return setMsg({ ok: false, text: t("individual_score_bad", { sn: individual.invalid, score: individual.score }) });
    const failed = failedCount(ticked, own, result);
    setBusy(true);
    try {
      const ids = await api.logSession({
        module,
        date,
        result,
        score: sc,
        hours: hr,
        instructor,
        notes,
        attendees: [...ticked],
        individual: individual.ok,
      });
      const n = ids.length;
      setMsg({ ok: true, text: failed ? t("session_saved_failed", { n, module, failed }) : t("session_saved", { n, module }) });
      setTicked(new Set());
      setOwn(new Map());
      saved();
    } catch (err) {
      setMsg({ ok: false, text: errorText(err, t) });
    } finally {
      setBusy(false);
    }
  };

  const dayProblem = (p: "unclear" | "not_in_calendar" | "future") =>
    p === "future" ? t("date_future") : p === "not_in_calendar" ? problemText({ code: "date_not_in_calendar", value: date.trim() }, t) : t("date_unclear");
  const failedNow = failedCount(ticked, own, result);
  const view = useMemo(() => attendeesView(byUnit, query, opened), [byUnit, query, opened]);
  const day = sessionDate(date, todayNow(today));
  const uncounted = "iso" in day ? uncountedNote(day.iso, module, d.contingent.training_start, perRotation, t) : null;

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) save(e);
  };

  return (
    // A refusal speaks of the form as it was saved: any change to it (a date put right, a
    // box ticked) takes the refusal away, so it never stands beside a field it no longer fits.
    <form class="log" onSubmit={save} onKeyDown={onKey} onInput={() => msg && !msg.ok && setMsg(null)} data-testid="log-session">
      <h1>{t("nav_log")}</h1>
      <p class="muted">{t("log_keys")}</p>
      {restored && ticked.size > 0 && (
        // Ticks kept from before may sit in a unit folded out of sight: said where, with a
        // way to start afresh, so no one absent is saved as present.
        <p class="notice" role="status" data-testid="log-restored">
          {t("log_restored", { n: ticked.size })}{" "}
          {tickedByUnit(byUnit, ticked)
            .map(([unit, n]) => `${unit}: ${n}`)
            .join(", ")}{" "}
          <button type="button" class="link" onClick={() => (setTicked(new Set()), setOwn(new Map()))} data-testid="log-clear-ticks">
            {t("log_clear_ticks")}
          </button>
        </p>
      )}
      <div class="card form grid3">
        <label>
          {t("module")}
          <select value={module} onChange={(e) => chooseModule(e.currentTarget.value)} ref={first} data-testid="log-module">
            {d.modules.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} — {moduleTitle(m, t.lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("date")}
          <input value={date} onInput={(e) => setDate(e.currentTarget.value)} placeholder={t("date_hint")} data-testid="log-date" />
          <small class={"iso" in day ? "muted" : "error"} data-testid="log-date-note">
            {"iso" in day ? `${weekday(day.iso, lang)}, ${formatDate(day.iso, lang)}` : dayProblem(day.problem)}
          </small>
          {uncounted && (
            <small class="error" data-testid="log-date-uncounted">
              {uncounted}
            </small>
          )}
          {start.note && "iso" in day && day.iso === start.iso && (
            <small class="muted" data-testid="log-date-why">
              {start.note === "eve" ? t("log_date_eve") : t("log_date_before", { date: formatDate(d.contingent.training_start, lang) })}
            </small>
          )}
        </label>
        <fieldset class="radios">
          <legend>{t("result")}</legend>
          {(["pass", "fail"] as Outcome[]).map((o) => (
            <label key={o} class="inline">
              <input type="radio" name="result" checked={result === o} onChange={() => setResult(o)} data-testid={`log-${o}`} />{" "}
              {t(o)}
            </label>
          ))}
        </fieldset>
        <label>
          {t("score")}
          <input value={score} onInput={(e) => setScore(e.currentTarget.value)} inputMode="decimal" data-testid="log-score" />
        </label>
        <label>
          {t("hours")}
          <input value={hours} onInput={(e) => setHours(e.currentTarget.value)} inputMode="decimal" data-testid="log-hours" />
        </label>
        <label>
          {t("instructor")}
          <input value={instructor} onInput={(e) => setInstructor(e.currentTarget.value)} data-testid="log-instructor" />
        </label>
        <label class="span3">
          {t("notes")}
          <input value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </label>
      </div>

      <div class="attendees-head">
        <h2>
          {t("attendees")} <span class="muted" data-testid="selected">{t("selected", { n: ticked.size })}</span>
        </h2>
        <input
          type="search"
          placeholder={t("filter_people")}
          aria-label={t("filter_people")}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </div>
      {loadError && (
        <p class="error" role="alert">
          {loadError}
        </p>
      )}
      {personnel === null && !loadError && (
        <p class="muted" data-testid="people-loading">
          {t("loading")}
        </p>
      )}
      <div class="units">
        {view.units.map(({ unit, members, shown, folded }) => {
          const sns = members.map((p) => p.service_number);
          const state = unitState(sns, ticked);
          return (
            <fieldset class="unit card" key={unit}>
              <legend>
                <label class="inline">
                  <input
                    type="checkbox"
                    checked={state === "all"}
                    indeterminate={state === "some"}
                    onChange={() => setTicked(toggleUnit(sns, ticked))}
                    data-testid={`unit-${unit}`}
                  />{" "}
                  <strong>{unit}</strong> ({t("whole_unit")}, {members.length})
                </label>
                {view.large && !query.trim() && (
                  <button
                    type="button"
                    class="link"
                    aria-expanded={!folded}
                    onClick={() => setOpened(toggleOne(unit, opened))}
                    data-testid={`unit-names-${unit}`}
                  >
                    {folded ? t("show_names") : t("hide_names")}
                  </button>
                )}
              </legend>
              {folded && state === "some" && (
                <p class="muted">{t("ticked_in_unit", { n: sns.filter((sn) => ticked.has(sn)).length })}</p>
              )}
              {shown.map((p) => (
                <label class="inline person-tick" key={p.service_number}>
                  <input
                    type="checkbox"
                    checked={ticked.has(p.service_number)}
                    onChange={() => setTicked(toggleOne(p.service_number, ticked))}
                    data-sn={p.service_number}
                  />{" "}
                  {p.rank} {fullName(p)} <small class="muted">{p.service_number}</small>
                </label>
              ))}
            </fieldset>
          );
        })}
        {view.more > 0 && (
          <p class="muted" data-testid="more-matches">
            {t("more_matches", { n: view.more })}
          </p>
        )}
      </div>
      <IndividualResults
        people={(personnel ?? []).filter((p) => ticked.has(p.service_number))}
        session={result}
        sessionScore={score}
        own={own}
        setOwn={setOwn}
        failed={failedNow}
      />
      <div class="savebar">
        <button type="submit" class="primary" disabled={busy} data-testid="log-save">
          {t("save_session")} ({ticked.size}
          {failedNow > 0 && `, ${t("individual_failed", { n: failedNow })}`})
        </button>
        {msg && (
          <span class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="log-msg">
            {msg.text}
          </span>
        )}
      </div>
    </form>
  );
}
