// The status words of every language, from the core's one glossary (src/glossary.rs,
// generated to ../bindings/glossary_words.ts), so that a status reads on screen as in the
// report. Each word is written as it reads inside a sentence; `capitalised` is the core's
// one rule of position (a word that opens a heading, a column title, a cell or a sentence
// starts with a capital: its first letter upper-cased, the rest as written), the same rule
// the report applies in `glossary::capitalised`.
import type { Glossary } from "../bindings/Glossary";
import type { Lang } from "../bindings/Lang";
import { GLOSSARY } from "../bindings/glossary_words";

export { GLOSSARY };

/** The rule of position: the first letter upper-cased (locale-free, as the core does). */
export function capitalised(word: string): string {
  const [first = "", ...rest] = [...word];
  return first.toUpperCase() + rest.join("");
}

function headingsOf(g: Glossary): Glossary {
  return Object.fromEntries(Object.entries(g).map(([k, w]) => [k, capitalised(w)])) as Glossary;
}

/** Each language's status words as a heading, a column title or a cell opens with them. */
export const HEADINGS: Record<Lang, Glossary> = {
  en: headingsOf(GLOSSARY.en),
  ru: headingsOf(GLOSSARY.ru),
  kk: headingsOf(GLOSSARY.kk),
};
