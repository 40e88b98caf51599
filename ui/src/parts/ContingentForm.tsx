// A contingent's code, name, mission, dates: a new one, or (`editing`) one on file whose
// details need correcting (a deployment that slipped, a longer tour; the code stays). The
// core checks every value.
import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { Contingent } from "../bindings/Contingent";
import type { DetailChanged } from "../bindings/DetailChanged";
import { formatDate, useT, type T } from "../i18n";
import { fieldLabel } from "../problems";

export function ContingentForm({
  created,
  editing,
  edited,
  cancel,
}: {
  created?: (code: string) => void;
  editing?: Contingent;
  /** After an edit: what changed (none when the form said what was on file). */
  edited?: (changed: DetailChanged[]) => void;
  /** Closes the form without a change (editing only). */
  cancel?: () => void;
}) {
  const { t } = useT();
  const [f, setF] = useState(
    editing
      ? {
          code: editing.code,
          name: editing.name,
          mission: editing.mission,
          parent_unit: editing.parent_unit,
          // Dates as they are typed: dd.mm.yyyy.
          training_start: formatDate(editing.training_start, "ru"),
          deploy_on: formatDate(editing.deploy_on, "ru"),
          tour_months: String(editing.tour_months),
        }
      : {
          code: "",
          name: "",
          mission: "UNIFIL",
          parent_unit: "",
          training_start: "",
          deploy_on: "",
          tour_months: "6",
        },
  );
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError("");
    try {
      const input = { ...f, tour_months: Number(f.tour_months) || 0 };
      if (editing) {
        edited?.(await api.editContingent(input));
      } else {
        const c = await api.addContingent(input);
        created?.(c.code);
      }
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" onSubmit={submit} data-testid={editing ? "contingent-edit-form" : "contingent-form"}>
      <h3>{editing ? t("edit_contingent", { code: editing.code }) : t("new_contingent")}</h3>
      {editing && <p class="muted">{t("edit_contingent_hint")}</p>}
      <div class="grid2">
        <label>
          {t("code")}
          <input value={f.code} onInput={set("code")} required disabled={!!editing} data-testid="c-code" />
        </label>
        <label>
          {t("name")}
          <input value={f.name} onInput={set("name")} required data-testid="c-name" />
        </label>
        <label>
          {t("mission")}
          <input value={f.mission} onInput={set("mission")} required />
        </label>
        <label>
          {t("parent_unit")}
          <input value={f.parent_unit} onInput={set("parent_unit")} />
        </label>
        <label>
          {t("training_start")}
          <input value={f.training_start} onInput={set("training_start")} placeholder={t("date_hint")} required data-testid="c-start" />
        </label>
        <label>
          {t("deploy_on")}
          <input value={f.deploy_on} onInput={set("deploy_on")} placeholder={t("date_hint")} required data-testid="c-deploy" />
        </label>
        <label>
          {t("tour_months")}
          <input value={f.tour_months} onInput={set("tour_months")} inputMode="numeric" required data-testid="c-tour" />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <span class="row">
        <button type="submit" class="primary" disabled={busy} data-testid={editing ? "c-save" : "c-create"}>
          {editing ? t("save") : t("create")}
        </button>
        {cancel && (
          <button type="button" onClick={cancel}>
            {t("cancel")}
          </button>
        )}
      </span>
    </form>
  );
}

/** What an edit changed, a line each: "Deployment date: 6 Mar 2027 → 20 Mar 2027". */
export function changedLines(changed: DetailChanged[], t: T): string[] {
  const shown = (v: string) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, t.lang) : v);
  return changed.map((c) => `${fieldLabel(c.field, t)}: ${shown(c.was)} → ${shown(c.now)}`);
}
