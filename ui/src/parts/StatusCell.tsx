// One person's standing in one module: icon and word as well as colour, with the date.
import type { ModuleStatus } from "../bindings/ModuleStatus";
import { STATUS_ICON } from "../logic/matrix";
import { formatDate, useT } from "../i18n";

export function statusDate(m: ModuleStatus): string | null {
  if (m.status === "expiring" || m.status === "expired") return m.expires_on;
  if (m.status === "complete") return m.completed_on;
  if (m.status === "failed") return m.attempted_on;
  return null;
}

export function StatusCell({ m, compact }: { m: ModuleStatus | undefined; compact?: boolean }) {
  const { t, lang } = useT();
  if (!m) return <span class="st st-missing">?</span>;
  const date = statusDate(m);
  const word = t(`st_${m.status}`);
  return (
    <span class={`st st-${m.status}`} title={word}>
      <span aria-hidden="true">{STATUS_ICON[m.status]}</span> {compact ? null : word}
      {date && <small> {formatDate(date, lang)}</small>}
    </span>
  );
}
