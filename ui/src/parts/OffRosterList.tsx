// People taken off the contingent's roster (injured, replaced, an import undone): no
// longer counted, still on file, and one click from their screen, where they can be put back.
import type { OffRoster } from "../bindings/OffRoster";
import { formatStamp, useT } from "../i18n";
import { fullName } from "../logic/matrix";

export function OffRosterList({ list, openPerson }: { list: OffRoster[]; openPerson: (sn: string) => void }) {
  const { t, lang } = useT();
  if (list.length === 0) return null;
  return (
    <section class="card wide" data-testid="off-roster">
      <h2>
        {t("off_roster_title")} ({list.length})
      </h2>
      <ul class="blockers">
        {list.map((o) => (
          <li key={o.person.service_number} data-sn={o.person.service_number}>
            <button class="link" onClick={() => openPerson(o.person.service_number)}>
              {o.person.rank} {fullName(o.person)}
            </button>{" "}
            <span class="muted">
              {o.person.unit} · {t("off_roster_line", { when: formatStamp(o.ended_at, lang), by: o.ended_by, reason: o.reason })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
