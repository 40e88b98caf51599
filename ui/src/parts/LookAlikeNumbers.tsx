// People received from two laptops under service numbers that only look alike (KZ-470007
// and KZ470007, a Cyrillic К for a Latin K) and on one roster: most often one soldier
// entered twice. Listed until the wrong number is taken off the roster.
import type { ConflictsView } from "../bindings/ConflictsView";
import { useT } from "../i18n";
import { laptopNamer } from "../logic/bundles";

export function LookAlikeNumbers({ view, openPerson }: { view: ConflictsView; openPerson: (sn: string) => void }) {
  const { t } = useT();
  if (view.numbers.length === 0) return null;
  const laptop = laptopNamer(view, t);
  return (
    <section class="card" data-testid="sync-look-alikes">
      <h2>
        {t("look_alikes_title")} ({view.numbers.length})
      </h2>
      <p class="muted">{t("look_alikes_hint")}</p>
      {view.numbers.map((g) => (
        <div class="conflict" key={g.people.map((p) => p.service_number).join(" ")}>
          <ul>
            {g.people.map((p) => (
              <li key={p.service_number} data-sn={p.service_number}>
                <strong class="sn">{p.service_number}</strong>{" "}
                <button type="button" class="link" onClick={() => openPerson(p.service_number)}>
                  {p.name}
                </button>{" "}
                <span class="muted">
                  · {p.rosters.length > 0 ? t("look_alike_rosters", { codes: p.rosters.join(", ") }) : t("look_alike_no_roster")} ·{" "}
                  {t("look_alike_records", { n: p.records })} · {t("look_alike_added_on", { laptop: laptop(p.origin) })}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
