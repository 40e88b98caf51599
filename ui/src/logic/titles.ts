// A module's title in the user's language: its Russian or Kazakh title where it has one,
// else the title as typed (English in the default curriculum). The core picks the same way
// for the report (`Lang::pick`).
import type { Lang } from "../i18n";

export interface Titled {
  title: string;
  title_ru?: string | null;
  title_kk?: string | null;
}

export function moduleTitle(m: Titled, lang: Lang): string {
  const own = lang === "ru" ? m.title_ru : lang === "kk" ? m.title_kk : null;
  return own && own.trim() ? own : m.title;
}
