// A list of lines that can run to hundreds (every record changed since a sign-off, after
// one platoon's session): the first few shown, the rest behind "Show all", so the figures
// under it stay within reach, on a phone above all.
import { useT } from "../i18n";

/** How many lines show before the rest fold away. */
export const SHOWN_LINES = 5;

export type Line = { text: string; sn?: string };

export function FoldedLines({ lines, shown = SHOWN_LINES, class: cls }: { lines: Line[]; shown?: number; class?: string }) {
  const { t } = useT();
  const item = (l: Line, i: number) => (
    <li key={i} data-sn={l.sn}>
      {l.text}
    </li>
  );
  const rest = lines.slice(shown);
  return (
    <>
      <ul class={cls}>{lines.slice(0, shown).map(item)}</ul>
      {rest.length > 0 && (
        <details class="more-lines" data-testid="more-lines">
          <summary>{t("show_all", { n: lines.length })}</summary>
          <ul class={cls}>{rest.map((l, i) => item(l, i + shown))}</ul>
        </details>
      )}
    </>
  );
}

/** At most `max` of `items` joined, and how many more: "KZ1, KZ2, … (+27)". */
export function someOf(items: string[], max = 10): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")}, … (+${items.length - max})`;
}
