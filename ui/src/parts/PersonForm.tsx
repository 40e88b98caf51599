// Correcting a person's details: a promotion, another unit, a misspelt name. The service
// number is the identity and is not editable. The units already on the roster are offered,
// so a move to "2 взвод" does not create "2взвод" by a typo.
import { useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { Person } from "../bindings/Person";
import type { PersonCard } from "../bindings/PersonCard";
import type { Category } from "../bindings/Category";
import type { Gender } from "../bindings/Gender";
import { useT } from "../i18n";
import { useFocusOnMount } from "./useFocusOnMount";
import { CATEGORIES } from "../logic/matrix";

interface Props {
  person: Person;
  units: string[];
  saved: (card: PersonCard) => void;
  cancel: () => void;
}

export function PersonForm({ person, units, saved, cancel }: Props) {
  const { t } = useT();
  const [p, setP] = useState<Person>(person);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const first = useFocusOnMount<HTMLInputElement>();
  const set = (part: Partial<Person>) => setP({ ...p, ...part });

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      saved(await api.updatePerson({ ...p, patronymic: p.patronymic?.trim() ? p.patronymic : null }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: "family_name" | "given_name" | "rank" | "role", ref?: typeof first) => (
    <label>
      {t(key)}
      <input ref={ref} value={p[key]} onInput={(e) => set({ [key]: e.currentTarget.value })} data-testid={`pf-${key}`} />
    </label>
  );

  return (
    <form class="form grid3 person-form" onSubmit={save} data-testid="person-form">
      {text("family_name", first)}
      {text("given_name")}
      <label>
        {t("patronymic")}
        <input value={p.patronymic ?? ""} onInput={(e) => set({ patronymic: e.currentTarget.value })} data-testid="pf-patronymic" />
      </label>
      {text("rank")}
      <label>
        {t("category")}
        <select value={p.category} onChange={(e) => set({ category: e.currentTarget.value as Category })} data-testid="pf-category">
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`cat_${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("gender")}
        <select value={p.gender} onChange={(e) => set({ gender: e.currentTarget.value as Gender })} data-testid="pf-gender">
          <option value="F">{t("female")}</option>
          <option value="M">{t("male")}</option>
        </select>
      </label>
      {text("role")}
      <label>
        {t("unit")}
        <input value={p.unit} list="known-units" onInput={(e) => set({ unit: e.currentTarget.value })} data-testid="pf-unit" />
        <datalist id="known-units">
          {units.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
      </label>
      <div class="span3 row-actions">
        <button type="submit" class="primary" disabled={busy} data-testid="pf-save">
          {t("save")}
        </button>
        <button type="button" onClick={cancel}>
          {t("cancel")}
        </button>
        {error && (
          <span class="error" role="alert" data-testid="pf-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
