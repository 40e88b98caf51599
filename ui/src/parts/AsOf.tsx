// The date the dashboard and the matrix are shown as of: typed, or one of the days that
// matter (training start, today, deployment day, the last validation). Said plainly when
// it is not today, since every figure under it follows it.
import { problemText } from "../problems";
import { useEffect, useState } from "preact/hooks";
import { formatDate, useT } from "../i18n";
import { asOfChoices, typedDay } from "../logic/tour";

export function AsOf({
  value,
  today,
  contingent,
  lastValidation,
  set,
}: {
  value: string;
  today: string;
  contingent: { training_start: string; deploy_on: string };
  lastValidation: string | null;
  set: (iso: string) => void;
}) {
  const { t, lang } = useT();
  const [typed, setTyped] = useState(formatDate(value, "ru"));
  // Why the typed day is none: not written as a date, or not in the calendar.
  const [bad, setBad] = useState<"" | "unclear" | "not_in_calendar">("");
  useEffect(() => {
    setTyped(formatDate(value, "ru"));
    setBad("");
  }, [value]);
  const apply = (e?: Event) => {
    e?.preventDefault();
    // An emptied field asks for today, as it began.
    if (typed.trim() === "") {
      setBad("");
      setTyped(formatDate(today, "ru"));
      if (today !== value) set(today);
      return;
    }
    const day = typedDay(typed);
    setBad("problem" in day ? day.problem : "");
    if ("iso" in day && day.iso !== value) set(day.iso);
  };
  return (
    <form class="as-of" onSubmit={apply} data-testid="as-of">
      <label>
        {t("as_of_label")}{" "}
        <input
          value={typed}
          size={10}
          placeholder={t("date_hint")}
          onInput={(e) => setTyped(e.currentTarget.value)}
          aria-invalid={bad !== ""}
          data-testid="as-of-date"
        />
      </label>
      <button type="submit">{t("as_of_show")}</button>
      <span class="as-of-choices">
        {asOfChoices(contingent, today, lastValidation).map((c) => (
          <button
            type="button"
            key={c.key}
            class={c.iso === value ? "chip-btn on" : "chip-btn"}
            aria-pressed={c.iso === value}
            onClick={() => set(c.iso)}
            data-testid={c.key}
            title={formatDate(c.iso, lang)}
          >
            {t(c.key)}
          </button>
        ))}
      </span>
      {bad !== "" && (
        <p class="error" role="alert" data-testid="as-of-bad">
          {bad === "not_in_calendar" ? problemText({ code: "date_not_in_calendar", value: typed.trim() }, t) : t("as_of_bad")}
        </p>
      )}
      {value !== today && (
        <p class="as-of-note" role="status" data-testid="as-of-note">
          {t("as_of_not_today", { date: formatDate(value, lang) })}
          {value < contingent.training_start &&
            ` ${t("as_of_before_training", { date: formatDate(contingent.training_start, lang) })}`}
        </p>
      )}
    </form>
  );
}
