// The modules everyone is measured against: add one, change its validity or who takes
// it, retire it (its records stay).
import { useReadOnly } from "../readOnly";
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { Module } from "../bindings/Module";
import type { Category } from "../bindings/Category";
import { CATEGORIES } from "../logic/matrix";
import { useT } from "../i18n";
import { optionalNumber } from "../logic/session";
import { moduleTitle } from "../logic/titles";

const BLANK: Module = {
  code: "",
  title: "",
  title_ru: null,
  title_kk: null,
  per_rotation: true,
  validity_months: null,
  applies_to: [],
  hours: 0,
  pass_mark: null,
  retired: false,
};

export function Curriculum({ changed }: { changed: () => void }) {
  const { t } = useT();
  const readOnly = useReadOnly();
  const [mods, setMods] = useState<Module[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [rev, setRev] = useState(0);

  useEffect(() => {
    api.modules(true).then(setMods, (e) => setMsg({ ok: false, text: errorText(e, t) }));
  }, [rev]);

  const after = (text: string) => {
    setEditing(null);
    setMsg({ ok: true, text });
    setRev((n) => n + 1);
    changed();
  };

  const appliesText = (m: Module) =>
    m.applies_to.length === 0 ? t("everyone") : m.applies_to.map((c) => t(`cat_${c}`)).join(", ");

  // The modules could not be read: the error, and a way to ask again (never "Loading…" for good).
  if (!mods)
    return msg && !msg.ok ? (
      <div data-testid="curriculum">
        <p class="error" role="alert">
          {msg.text}
        </p>
        <button onClick={() => (setMsg(null), setRev((n) => n + 1))}>{t("try_again")}</button>
      </div>
    ) : (
      <p class="muted">{t("loading")}</p>
    );
  return (
    <div class="curriculum" data-testid="curriculum">
      <h1>{t("curriculum_title")}</h1>
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"}>
          {msg.text}
        </p>
      )}
      <div class="hscroll">
        <table class="plain stack-phone">
          <thead>
            <tr>
              <th>{t("code")}</th>
              <th>{t("title")}</th>
              <th>{t("validity")}</th>
              <th>{t("applies_to")}</th>
              <th class="opt">{t("per_rotation")}</th>
              <th class="num opt">{t("hours")}</th>
              <th class="num opt">{t("pass_mark")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {mods.map((m) =>
              editing === m.code ? (
                <tr key={m.code}>
                  <td colSpan={8}>
                    <ModuleForm
                      initial={m}
                      save={async (x) => (await api.updateModule(x), after(t("module_saved", { code: m.code })))}
                      retire={async (reason) => (await api.retireModule(m.code, reason), after(t("module_retired", { code: m.code })))}
                      cancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={m.code} class={m.retired ? "retired" : ""} data-module={m.code}>
                  <td>
                    <strong>{m.code}</strong>
                    {m.retired && <small> ({t("retired")})</small>}
                  </td>
                  <td class="row-head">{moduleTitle(m, t.lang)}</td>
                  <td data-label={t("validity")}>{m.validity_months ?? t("never_expires")}</td>
                  <td data-label={t("applies_to")}>{appliesText(m)}</td>
                  <td class="opt" data-label={t("per_rotation")}>
                    {m.per_rotation ? t("yes") : t("no")}
                  </td>
                  <td class="num opt" data-label={t("hours")}>
                    {m.hours}
                  </td>
                  <td class="num opt" data-label={m.pass_mark != null ? t("pass_mark") : undefined}>
                    {m.pass_mark ?? ""}
                  </td>
                  <td>
                    {!m.retired && !readOnly && (
                      <button onClick={() => setEditing(m.code)} data-testid={`edit-${m.code}`}>
                        {t("edit")}
                      </button>
                    )}
                    {m.retired && !readOnly && (
                      <RestoreModule code={m.code} restored={() => after(t("module_restored", { code: m.code }))} />
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
      {!readOnly && (
        <section class="card">
          <h2>{t("add_module")}</h2>
          <ModuleForm
            key={rev}
            initial={BLANK}
            isNew
            save={async (x) => (await api.addModule(x), after(t("module_saved", { code: x.code })))}
          />
        </section>
      )}
    </div>
  );
}

/** A module retired by mistake brought back, with a reason kept in the audit log. */
function RestoreModule({ code, restored }: { code: string; restored: () => void }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  if (!open) {
    return (
      <button onClick={() => setOpen(true)} data-testid={`restore-${code}`}>
        {t("restore_module")}
      </button>
    );
  }
  return (
    <span class="retire">
      <input
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
        placeholder={t("reason")}
        aria-label={t("reason")}
        data-testid={`restore-reason-${code}`}
      />
      <button
        data-testid={`restore-do-${code}`}
        onClick={() =>
          reason.trim()
            ? api.restoreModule(code, reason).then(restored, (e) => setError(errorText(e, t)))
            : setError(t("reason_required"))
        }
      >
        {t("restore_module_do")}
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

interface FormProps {
  initial: Module;
  isNew?: boolean;
  save: (m: Module) => Promise<void>;
  retire?: (reason: string) => Promise<void>;
  cancel?: () => void;
}

function ModuleForm({ initial, isNew, save, retire, cancel }: FormProps) {
  const { t } = useT();
  const [m, setM] = useState(initial);
  const [validity, setValidity] = useState(initial.validity_months == null ? "" : String(initial.validity_months));
  const [hours, setHours] = useState(String(initial.hours));
  const [passMark, setPassMark] = useState(initial.pass_mark == null ? "" : String(initial.pass_mark));
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");

  const submit = async (e: Event) => {
    e.preventDefault();
    const v = optionalNumber(validity);
    const h = optionalNumber(hours);
    const p = optionalNumber(passMark);
    if (v === "invalid" || (v !== null && (!Number.isInteger(v) || v < 0))) return setError(`${t("validity")}: ${validity}`);
    if (h === "invalid") return setError(`${t("hours")}: ${hours}`);
    if (p === "invalid") return setError(`${t("pass_mark")}: ${passMark}`);
    try {
      await save({ ...m, validity_months: v, hours: h ?? 0, pass_mark: p });
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  const toggleCat = (c: Category) =>
    setM({ ...m, applies_to: m.applies_to.includes(c) ? m.applies_to.filter((x) => x !== c) : [...m.applies_to, c] });

  return (
    <form class="inline-form module-form" onSubmit={submit}>
      <label>
        {t("code")}{" "}
        <input value={m.code} disabled={!isNew} onInput={(e) => setM({ ...m, code: e.currentTarget.value })} size={8} required />
      </label>
      <label>
        {t("title_en")}{" "}
        <input value={m.title} onInput={(e) => setM({ ...m, title: e.currentTarget.value })} required data-testid="m-title" />
      </label>
      <label>
        {t("title_ru")}{" "}
        <input
          lang="ru"
          value={m.title_ru ?? ""}
          placeholder={m.title}
          onInput={(e) => setM({ ...m, title_ru: e.currentTarget.value })}
          data-testid="m-title-ru"
        />
      </label>
      <label>
        {t("title_kk")}{" "}
        <input
          lang="kk"
          value={m.title_kk ?? ""}
          placeholder={m.title}
          onInput={(e) => setM({ ...m, title_kk: e.currentTarget.value })}
          data-testid="m-title-kk"
        />
      </label>
      <label>
        {t("validity")} <input
          value={validity}
          onInput={(e) => setValidity(e.currentTarget.value)}
          size={4}
          placeholder={t("never_expires")}
          data-testid="m-validity"
        />
      </label>
      <fieldset class="radios">
        <legend>
          {t("applies_to")} ({m.applies_to.length === 0 ? t("everyone") : m.applies_to.length})
        </legend>
        {CATEGORIES.map((c) => (
          <label class="inline" key={c}>
            <input type="checkbox" checked={m.applies_to.includes(c)} onChange={() => toggleCat(c)} /> {t(`cat_${c}`)}
          </label>
        ))}
      </fieldset>
      <label class="inline">
        <input type="checkbox" checked={m.per_rotation} onChange={() => setM({ ...m, per_rotation: !m.per_rotation })} />{" "}
        {t("per_rotation")}
      </label>
      <label>
        {t("hours")} <input value={hours} onInput={(e) => setHours(e.currentTarget.value)} size={4} />
      </label>
      <label>
        {t("pass_mark")} <input value={passMark} onInput={(e) => setPassMark(e.currentTarget.value)} size={4} />
      </label>
      <button type="submit" class="primary" data-testid={isNew ? "m-add" : "m-save"}>
        {isNew ? t("add") : t("save")}
      </button>
      {cancel && (
        <button type="button" onClick={cancel}>
          {t("cancel")}
        </button>
      )}
      {retire && (
        <span class="retire">
          <input
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
            placeholder={t("reason")}
            aria-label={t("reason")}
            data-testid="m-reason"
          />
          <button
            type="button"
            class="danger"
            data-testid="m-retire"
            onClick={() => (reason.trim() ? retire(reason).catch((e) => setError(errorText(e, t))) : setError(t("reason_required")))}
          >
            {t("retire")}
          </button>
        </span>
      )}
      {error && <span class="error" role="alert">{error}</span>}
    </form>
  );
}
