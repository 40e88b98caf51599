// What receiving a bundle would add, by kind, and where this laptop keeps its own version.
import type { BundleReport } from "../bindings/BundleReport";
import { useT } from "../i18n";
import { addedLines, decidedLine, keptLine } from "../logic/bundles";

export function BundleAdds({ report }: { report: BundleReport }) {
  const { t } = useT();
  const lines = addedLines(report.added);
  const changedUnlisted = report.added.details_changed - report.added.details_changed_listed.length;
  return (
    <div data-testid="sync-adds">
      <p>
        {t("sync_would_add")} —{" "}
        {lines.length === 0 ? (
          <span data-testid="sync-adds-nothing">{t("sync_nothing_new")}</span>
        ) : (
          lines.map(([k, n], i) => (
            <span key={k} data-kind={k}>
              {i > 0 && ", "}
              {t(k, { n })}
            </span>
          ))
        )}
      </p>
      {report.added.contested > 0 && (
        <p class="notice" data-testid="sync-adds-contested">
          {t("sync_would_contest", { n: report.added.contested })}
        </p>
      )}
      {report.added.details_changed > 0 && (
        // Open while short enough to read at a glance; a long list waits to be opened.
        <details open={report.added.details_changed <= 10} data-testid="sync-changes">
          <summary>{t("sync_would_change", { n: report.added.details_changed })}</summary>
          <ul>
            {report.added.details_changed_listed.map((c) => {
              const line = decidedLine(c, t);
              return <li key={line}>{line}</li>;
            })}
            {changedUnlisted > 0 && <li>{t("sync_changes_more", { n: changedUnlisted })}</li>}
          </ul>
        </details>
      )}
      {report.added.kept_here.length > 0 && (
        <details>
          <summary>
            {t("sync_kept_here")} ({report.added.kept_here.length})
          </summary>
          <ul>
            {report.added.kept_here.map((k) => {
              const line = keptLine(k, t);
              return <li key={line}>{line}</li>;
            })}
          </ul>
        </details>
      )}
      {report.added.look_alikes.length > 0 && (
        <details open data-testid="sync-look-alikes-added">
          <summary>
            {t("sync_look_alikes")} ({report.added.look_alikes.length})
          </summary>
          <ul>
            {report.added.look_alikes.map((l) => (
              <li key={l.service_number}>{t("sync_look_alike_line", { number: l.service_number, existing: l.looks_like })}</li>
            ))}
          </ul>
        </details>
      )}
      {report.added.decided.length > 0 && (
        <details data-testid="sync-decided">
          <summary>
            {t("sync_decided")} ({report.added.decided.length})
          </summary>
          <ul>
            {report.added.decided.map((d) => {
              const line = decidedLine(d, t);
              return <li key={line}>{line}</li>;
            })}
          </ul>
        </details>
      )}
    </div>
  );
}
