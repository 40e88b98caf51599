// The UI's languages: the words of each live in its own file (en.ts, ru.ts, kk.ts: screen
// words and refusal sentences, typed complete against one key set, types.ts); here the
// translating function and dates the way each language writes them (dd.mm.yyyy in Russian
// and Kazakh).
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Lang } from "../bindings/Lang";
import { en } from "./en";
import { kk } from "./kk";
import { ru } from "./ru";
import type { Key, Language, Refusals, Words } from "./types";

export type { Key, Language, NotFound, RefusalKey, Refusals, Words } from "./types";

/** The core's one `Lang` (src/domain.rs), generated. */
export type { Lang };
export const LANGS: Lang[] = ["en", "ru", "kk"];
export const LANG_NAMES: Record<Lang, string> = { en: "English", ru: "Русский", kk: "Қазақша" };

export const LANGUAGES: Record<Lang, Language> = { en, ru, kk };
/** Each language's screen words. */
export const DICTS: Record<Lang, Words> = { en: en.words, ru: ru.words, kk: kk.words };
/** Each language's refusal sentences (problems.ts words a refusal with them). */
export const REFUSALS: Record<Lang, Refusals> = { en: en.refusals, ru: ru.refusals, kk: kk.refusals };

/** Translates a key; knows its language, for what is written differently per language. */
export type T = ((key: Key, params?: Record<string, string | number>) => string) & { lang: Lang };

export function makeT(lang: Lang): T {
  const d = DICTS[lang] ?? en.words;
  const t = (key: Key, params?: Record<string, string | number>) => fill(d[key] ?? en.words[key] ?? key, params, lang);
  return Object.assign(t, { lang });
}

/** A sentence with each `{name}` replaced by its value, and each `{name|row|rows}` by the
 *  form the number `name` takes in `lang`: the forms follow the language's plural
 *  categories in Unicode's order (zero, one, two, few, many, other), the last standing for
 *  any category left out ("1 row", "2 rows"). Russian and Kazakh sentences are worded
 *  "строк: 2" and need none. */
export function fill(sentence: string, params?: Record<string, string | number>, lang: Lang = "en"): string {
  let s = sentence;
  if (!params) return s;
  s = s.replace(/\{(\w+)\|([^{}]*)\}/g, (whole, name: string, forms: string) => {
    const n = Number(params[name]);
    return name in params && Number.isFinite(n) ? pluralForm(n, forms.split("|"), lang) : whole;
  });
  for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

const CATEGORY_ORDER: Intl.LDMLPluralRule[] = ["zero", "one", "two", "few", "many", "other"];

/** Each language's plural rules and its categories in Unicode's order, made once: a list
 *  of a thousand activity lines fills a sentence per line. */
const PLURALS = new Map<Lang, { rules: Intl.PluralRules; categories: Intl.LDMLPluralRule[] }>();

function pluralForm(n: number, forms: string[], lang: Lang): string {
  let p = PLURALS.get(lang);
  if (!p) {
    const rules = new Intl.PluralRules(lang);
    const held = rules.resolvedOptions().pluralCategories;
    p = { rules, categories: CATEGORY_ORDER.filter((c) => held.includes(c)) };
    PLURALS.set(lang, p);
  }
  const at = p.categories.indexOf(p.rules.select(n));
  return forms[Math.min(at < 0 ? forms.length - 1 : at, forms.length - 1)] ?? "";
}

export function asLang(s: string | undefined | null): Lang {
  return s === "ru" || s === "kk" ? s : "en";
}

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An ISO date (yyyy-mm-dd, as the core sends it) the way the language writes dates. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (lang === "en") return `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`;
  return `${d}.${mo}.${y}`;
}

/** A UTC timestamp from the core (RFC 3339) as local date and time. */
export function formatStamp(stamp: string | null | undefined, lang: Lang): string {
  if (!stamp) return "";
  const when = new Date(stamp);
  if (Number.isNaN(when.getTime())) return stamp;
  return `${formatDate(localIsoDay(when), lang)} ${pad2(when.getHours())}:${pad2(when.getMinutes())}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The local calendar day of a moment, as yyyy-mm-dd. */
export function localIsoDay(when: Date): string {
  return `${when.getFullYear()}-${pad2(when.getMonth() + 1)}-${pad2(when.getDate())}`;
}

export const I18n = createContext<{ t: T; lang: Lang }>({ t: makeT("en"), lang: "en" });
export const useT = () => useContext(I18n);
