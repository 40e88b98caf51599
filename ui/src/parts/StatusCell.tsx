// One person's standing in one module: icon and word as well as colour, with the date.
import type { ModuleStatus } from "../bindings/ModuleStatus";
import { readingIcon, statusWord } from "../logic/matrix";
import { formatDate, useT } from "../i18n";

export function statusDate(m: ModuleStatus): string | null {
  if (m.status === "expiring" || m.status === "expired") return m.expires_on;
  if (m.status === "complete") return m.completed_on;
  if (m.status === "failed") return m.attempted_on;
  return null;
}

/** The core says whether an expired certificate is still valid on the day and lapses before
 *  deployment (`m.lapses_before_deployment`). A matrix cell is narrow, so there such a
 *  certificate says only "lapses" and its date; the icon and colour are those of expired,
 *  and the tooltip explains. `wide` spells it out. */
export function StatusCell({ m, wide }: { m: ModuleStatus | undefined; wide?: boolean }) {
  const { t, lang } = useT();
  if (!m) return <span class="st st-missing">?</span>;
  const date = statusDate(m);
  const key = statusWord(m);
  const word = key === "st_lapses" && !wide ? t("st_lapses_short") : t(key);
  return (
    <span class={`st st-${m.status}`} title={key === "st_lapses" ? t("st_lapses_title") : word}>
      <span aria-hidden="true">{readingIcon(m)}</span> {word}
      {date && <small> {formatDate(date, lang)}</small>}
    </span>
  );
}
