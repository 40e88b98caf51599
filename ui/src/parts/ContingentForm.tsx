// A new contingent: code, name, mission, dates. The core checks every value.
import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import { useT } from "../i18n";

export function ContingentForm({ created }: { created: (code: string) => void }) {
  const { t } = useT();
  const [f, setF] = useState({
    code: "",
    name: "",
    mission: "UNIFIL",
    parent_unit: "",
    training_start: "",
    deploy_on: "",
    tour_months: "6",
  });
  const [error, setError] = useState("");
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const c = await api.addContingent({ ...f, tour_months: Number(f.tour_months) || 0 });
      created(c.code);
    } catch (err) {
      setError(errorText(err, t));
    }
  };

  return (
    <form class="card form" onSubmit={submit} data-testid="contingent-form">
      <h3>{t("new_contingent")}</h3>
      <div class="grid2">
        <label>
          {t("code")}
          <input value={f.code} onInput={set("code")} required data-testid="c-code" />
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
          <input value={f.tour_months} onInput={set("tour_months")} inputMode="numeric" required />
        </label>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" data-testid="c-create">
        {t("create")}
      </button>
    </form>
  );
}
