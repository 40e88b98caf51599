// One soldier: who they are, where they stand in each module, and every record ever made
// about them, including corrected and voided ones, with who, when and why.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { DashboardView } from "../bindings/DashboardView";
import type { Standing } from "../bindings/Standing";
import type { PersonCard } from "../bindings/PersonCard";
import type { HistoryEntry } from "../bindings/HistoryEntry";
import type { Outcome } from "../bindings/Outcome";
import type { Due } from "../bindings/Due";
import type { ModuleTally } from "../bindings/ModuleTally";
import { formatDate, formatStamp, useT } from "../i18n";
import { fullName } from "../logic/matrix";
import { optionalNumber, uncountedNote } from "../logic/session";
import { shortId } from "../logic/ids";
import { bandClass } from "../logic/retakes";
import { retakeLine } from "../logic/tour";
import { StatusCell } from "../parts/StatusCell";
import { ServiceRecord } from "../parts/ServiceRecord";
import { PersonForm } from "../parts/PersonForm";
import { useReadOnly } from "../readOnly";
import { DetailChanges } from "../parts/DetailChanges";
import { RosterPlace } from "../parts/RosterPlace";
import { moduleTitle } from "../logic/titles";
import { operatorName } from "../logic/operator";
import { typedDay } from "../logic/tour";

interface Props {
  sn: string;
  /** The contingent shown: its code, modules and units. */
  d: DashboardView;
  changed: () => void;
  back: () => void;
}

export function PersonScreen({ sn, d, changed, back }: Props) {
  const { t, lang } = useT();
  const readOnly = useReadOnly();
  const [card, setCard] = useState<PersonCard | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState("");
  const [rev, setRev] = useState(0);
  const [editing, setEditing] = useState(false);
  const [savedMsg, setSavedMsg] = useState(false);

  // This person only: details, records, and where they stand in the contingent shown
  // (with their retakes), never the whole contingent's.
  const code = d.contingent.code;
  const [mine, setMine] = useState<Standing | null>(null);
  // A correction dated before training start of a module taken again each rotation counts
  // for no one in this contingent: the amend form says so, as the Log form does.
  const [perRotation, setPerRotation] = useState<Set<string>>(new Set());
  useEffect(() => {
    api.modules(false).then(
      (ms) => setPerRotation(new Set(ms.filter((m) => m.per_rotation).map((m) => m.code))),
      () => {},
    );
  }, []);
  const uncounted = (iso: string, module: string) => uncountedNote(iso, module, d.contingent.training_start, perRotation, t);
  useEffect(() => {
    let live = true;
    Promise.all([api.person(sn), api.history(sn), api.standing(code, sn)])
      .then(([c, h, s]) => {
        if (!live) return;
        setCard(c);
        setHistory(h);
        setMine(s);
      })
      .catch((e) => live && setError(errorText(e, t)));
    return () => {
      live = false;
    };
  }, [sn, code, rev]);

  const standing = mine?.person;
  // Retakes this person must plan, by module.
  const retakes = new Map<string, Due>((mine?.retakes ?? []).map((x) => [x.module, x]));
  const refresh = () => {
    setRev((n) => n + 1);
    changed();
  };

  if (error)
    return (
      <div class="person" data-testid="person-error">
        <button class="link" onClick={back}>
          ← {t("back")}
        </button>
        <p class="error" role="alert">
          {error}
        </p>
      </div>
    );
  if (!card || !history) return <p class="muted">{t("loading")}</p>;
  const p = card.person;

  return (
    <div class="person" data-testid="person">
      <button class="link" onClick={back}>
        ← {t("back")}
      </button>
      <h1 data-testid="person-name">
        {p.rank} {fullName(p)}
      </h1>
      <section class="card">
        <div class="card-head">
          <h2>{t("details")}</h2>
          {!editing && !readOnly && (
            <button onClick={() => (setEditing(true), setSavedMsg(false))} data-testid="edit-person">
              {t("edit_details")}
            </button>
          )}
        </div>
        {savedMsg && (
          <p class="ok" role="status" data-testid="person-saved">
            {t("details_saved")}
          </p>
        )}
        {editing ? (
          <PersonForm
            person={p}
            units={d.units}
            saved={(c) => {
              setCard(c);
              setEditing(false);
              setSavedMsg(true);
              refresh();
            }}
            cancel={() => setEditing(false)}
          />
        ) : (
          <dl class="details">
            <dt>{t("service_number")}</dt>
            <dd data-testid="person-sn">{p.service_number}</dd>
            <dt>{t("rank")}</dt>
            <dd data-testid="person-rank">{p.rank}</dd>
            <dt>{t("category")}</dt>
            <dd>{t(`cat_${p.category}`)}</dd>
            <dt>{t("gender")}</dt>
            <dd>{p.gender === "F" ? t("female") : t("male")}</dd>
            <dt>{t("role")}</dt>
            <dd>{p.role}</dd>
            <dt>{t("unit")}</dt>
            <dd data-testid="person-unit">{p.unit}</dd>
            <dt>{t("contingent")}</dt>
            <dd>{card.contingents.join(", ") || "—"}</dd>
          </dl>
        )}
        <DetailChanges changes={card.changes} readsOtherwise={card.reads_otherwise} />
        <RosterPlace
          readOnly={readOnly}
          card={card}
          code={code}
          saved={(c) => {
            setCard(c);
            refresh();
          }}
        />
      </section>
      {standing && (
        <section class="card">
          <h2>
            {t("status_by_module")}: {standing.ready ? `✓ ${t("ready_yes")}` : `✗ ${t("ready_no")}`}
          </h2>
          <table class="plain" data-testid="person-status">
            <thead>
              <tr>
                <th>{t("module")}</th>
                <th>{t("status")}</th>
                <th class="opt">{t("completed")}</th>
                <th class="opt">{t("expires")}</th>
              </tr>
            </thead>
            <tbody>
              {d.modules.map((m) => {
                const s = standing.modules[m.code];
                return (
                  <tr key={m.code} data-module={m.code}>
                    <td>
                      <strong>{m.code}</strong> <span class="muted">{moduleTitle(m, t.lang)}</span>
                    </td>
                    <td>
                      <StatusCell m={s} wide />
                      {retakes.has(m.code) && <RetakeNote d={retakes.get(m.code)!} />}
                    </td>
                    <td class="opt">{formatDate(s?.completed_on, lang)}</td>
                    <td class="opt">{formatDate(s?.expires_on, lang)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <ServiceRecord rotations={card.rotations} />
      <section class="card">
        <h2>{t("history")}</h2>
        {history.length === 0 ? (
          <p>{t("no_history")}</p>
        ) : (
          <div class="hscroll">
            <table class="plain history" data-testid="history">
              <thead>
                <tr>
                  <th>{t("date")}</th>
                  <th>{t("module")}</th>
                  <th>{t("result")}</th>
                  <th>{t("score")}</th>
                  <th>{t("instructor")}</th>
                  <th>{t("recorded")}</th>
                  <th>{t("state")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {[...history].reverse().map((h) => (
                  <HistoryRow h={h} key={h.id} refresh={refresh} uncounted={uncounted} modules={d.modules} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

type Uncounted = (iso: string, module: string) => string | null;

function HistoryRow({
  h,
  refresh,
  uncounted,
  modules,
}: {
  h: HistoryEntry;
  refresh: () => void;
  uncounted: Uncounted;
  modules: ModuleTally[];
}) {
  const { t, lang } = useT();
  const readOnly = useReadOnly();
  const [mode, setMode] = useState<"" | "amend" | "void">("");
  const short = (id: string | null) => (id ? shortId(id) : "");
  const note = h.state === "active" ? uncounted(h.date, h.module) : null;
  return (
    <>
      <tr class={`rec rec-${h.state}`} data-id={h.id} data-state={h.state}>
        <td>{formatDate(h.date, lang)}</td>
        <td>{h.module}</td>
        <td>{h.result === "pass" ? `✓ ${t("pass")}` : `✗ ${t("fail")}`}</td>
        {/* On a phone each cell is labelled: a label with nothing after it says nothing. */}
        <td data-label={h.score != null ? t("score") : undefined}>{h.score ?? ""}</td>
        <td data-label={h.instructor ? t("instructor") : undefined}>{h.instructor}</td>
        <td data-label={t("recorded")}>
          {operatorName(h.recorded_by, t)}
          <br />
          <small class="muted">{formatStamp(h.recorded_at, lang)}</small>
        </td>
        <td class="state">
          {/* A correction that lost a conflict was never amended: it does not count. */}
          <strong>{t(h.overruled ? "state_overruled" : `state_${h.state}`)}</strong>
          {h.supersedes && (
            <small class="why"> {t("amends", { id: short(h.supersedes), reason: h.reason ?? "" })}</small>
          )}
          {h.superseded_by && (
            <small class="why"> {t(h.overruled ? "overruled_by_record" : "amended_by_record", { id: short(h.superseded_by) })}</small>
          )}
          {h.voided && (
            <small class="why">
              {" "}
              {t("voided_info", { by: operatorName(h.voided.voided_by, t), at: formatStamp(h.voided.voided_at, lang), reason: h.voided.reason })}
            </small>
          )}
          {note && (
            <small class="why" data-testid="uncounted">
              {" "}
              {note}
            </small>
          )}
          <small class="muted id"> {short(h.id)}</small>
        </td>
        <td class="actions">
          {h.state === "active" && !readOnly && (
            <>
              <button onClick={() => setMode(mode === "amend" ? "" : "amend")} data-testid="amend">
                {t("amend")}
              </button>
              <button onClick={() => setMode(mode === "void" ? "" : "void")} data-testid="void">
                {t("void")}
              </button>
            </>
          )}
        </td>
      </tr>
      {mode && (
        <tr class="editrow">
          <td colSpan={8}>
            {mode === "amend" ? (
              <AmendForm h={h} done={() => (setMode(""), refresh())} cancel={() => setMode("")} uncounted={uncounted} modules={modules} />
            ) : (
              <VoidForm h={h} done={() => (setMode(""), refresh())} cancel={() => setMode("")} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function AmendForm({
  h,
  done,
  cancel,
  uncounted,
  modules,
}: {
  h: HistoryEntry;
  done: () => void;
  cancel: () => void;
  uncounted: Uncounted;
  modules: ModuleTally[];
}) {
  const { t, lang } = useT();
  // Every field a record has, the module too: a whole session logged under the wrong
  // module is put right record by record, not voided and logged again.
  const [module, setModule] = useState(h.module);
  const [date, setDate] = useState(formatDate(h.date, lang === "en" ? "ru" : lang));
  const day = typedDay(date);
  const note = "iso" in day ? uncounted(day.iso, module) : null;
  const [result, setResult] = useState<Outcome>(h.result);
  const [score, setScore] = useState(h.score == null ? "" : String(h.score));
  const [hours, setHours] = useState(h.hours == null ? "" : String(h.hours));
  const [instructor, setInstructor] = useState(h.instructor);
  const [notes, setNotes] = useState(h.notes);
  const codes = modules.some((m) => m.code === h.module) ? modules.map((m) => m.code) : [h.module, ...modules.map((m) => m.code)];
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t("reason_required"));
    const sc = optionalNumber(score);
    if (sc === "invalid") return setError(`${t("score")}: ${score}`);
    const hr = optionalNumber(hours);
    if (hr === "invalid") return setError(`${t("hours")}: ${hours}`);
    try {
      await api.amend(h.id, { module, date, result, score: sc, hours: hr, instructor, notes }, reason);
      done();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} data-testid="amend-form">
      <label>
        {t("module")}{" "}
        <select value={module} onChange={(e) => setModule(e.currentTarget.value)} data-testid="amend-module">
          {codes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("date")} <input value={date} onInput={(e) => setDate(e.currentTarget.value)} data-testid="amend-date" />
        {note && (
          <small class="error" data-testid="amend-date-uncounted">
            {note}
          </small>
        )}
      </label>
      <label>
        {t("result")}{" "}
        <select value={result} onChange={(e) => setResult(e.currentTarget.value as Outcome)} data-testid="amend-result">
          <option value="pass">{t("pass")}</option>
          <option value="fail">{t("fail")}</option>
        </select>
      </label>
      <label>
        {t("score")} <input value={score} onInput={(e) => setScore(e.currentTarget.value)} size={5} data-testid="amend-score" />
      </label>
      <label>
        {t("hours")} <input value={hours} onInput={(e) => setHours(e.currentTarget.value)} size={4} data-testid="amend-hours" />
      </label>
      <label>
        {t("instructor")} <input value={instructor} onInput={(e) => setInstructor(e.currentTarget.value)} />
      </label>
      <label>
        {t("notes")} <input value={notes} onInput={(e) => setNotes(e.currentTarget.value)} data-testid="amend-notes" />
      </label>
      <label>
        {t("reason")} <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} autoFocus data-testid="amend-reason" />
      </label>
      <button type="submit" class="primary" data-testid="amend-save">
        {t("save_amend")}
      </button>
      <button type="button" onClick={cancel}>
        {t("cancel")}
      </button>
      {error && <span class="error" role="alert">{error}</span>}
    </form>
  );
}

function VoidForm({ h, done, cancel }: { h: HistoryEntry; done: () => void; cancel: () => void }) {
  const { t } = useT();
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t("reason_required"));
    try {
      await api.voidRecord(h.id, reason);
      done();
    } catch (err) {
      setError(errorText(err, t));
    }
  };
  return (
    <form class="inline-form" onSubmit={submit} data-testid="void-form">
      {h.supersedes && (
        // The record it corrected stays superseded (rule 1): voiding a wrong correction
        // leaves this module with no record from that session, which the officer undoing
        // a slip does not expect. Amending the correction to the right value is the way.
        <p class="notice" role="note" data-testid="void-correction-note">
          {t("void_correction_note")}
        </p>
      )}
      <label>
        {t("reason")} <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} autoFocus data-testid="void-reason" />
      </label>
      <button type="submit" class="danger" data-testid="void-save">
        {t("confirm_void")}
      </button>
      <button type="button" onClick={cancel}>
        {t("cancel")}
      </button>
      {error && <span class="error" role="alert">{error}</span>}
    </form>
  );
}

/** When this certificate must be retaken to last the tour, and not before when. */
function RetakeNote({ d }: { d: Due }) {
  const { t, lang } = useT();
  // A retake only while its last day is ahead; a passed deadline reads as the lapse it is.
  const line = retakeLine(d);
  return (
    <div class="retake-note" data-testid={`retake-${d.module}`} data-line={line.key}>
      <span class={`chip ${bandClass(d.band)}`}>{t(line.key, { date: formatDate(line.date, lang) })}</span>
      {d.not_before && (
        <span class="muted"> {t("retake_window", { date: formatDate(d.not_before, lang) })}</span>
      )}
    </div>
  );
}
