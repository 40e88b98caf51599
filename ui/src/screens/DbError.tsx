// The database could not be opened (written by a newer Muster, damaged, unreadable): the
// window says why and what to do, and offers nothing that could write to it.
import type { Problem } from "../bindings/Problem";
import { useT } from "../i18n";
import { problemText } from "../problems";

export function DbError({ problem, path }: { problem: Problem; path: string }) {
  const { t } = useT();
  return (
    <main class="db-error" data-testid="db-error">
      <section class="card">
        <h1>{t("db_error_title")}</h1>
        <p class="error" role="alert" data-testid="db-error-text">
          {problemText(problem, t)}
        </p>
        <p>
          {t("database")}: <code class="path">{path}</code>
        </p>
        <p class="muted">{t("db_error_hint")}</p>
      </section>
    </main>
  );
}
