// Finding a soldier by name or service number typed in either script: a Latin query finds
// a Cyrillic name (and back) through a plain transliteration of Russian and Kazakh letters.
// The matrix searches in the core (src/text/search.rs); this applies the same steps to the
// lists a screen already holds (a session's attendees), with the core's tables (generated,
// bindings/transliteration.ts), and is held to the same cases (tests/search.rs).
import { SPELLINGS, TO_LATIN } from "../bindings/transliteration";

/** Lower case, no accents, Cyrillic spelled in Latin letters, spaces collapsed; common
 *  alternative Latin spellings folded together (the core's `SPELLINGS`). */
export function fold(s: string): string {
  const lower = s.normalize("NFC").toLowerCase();
  let out = "";
  for (const ch of lower) out += TO_LATIN[ch] ?? ch;
  let bare = out.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  for (const [from, to] of SPELLINGS) bare = bare.split(from).join(to);
  return bare.replace(/\s+/g, " ").trim();
}

/** Every word of the query appears in the text (in either script). */
export function matches(haystack: string, query: string): boolean {
  const q = fold(query);
  if (!q) return true;
  const h = fold(haystack);
  return q.split(" ").every((w) => h.includes(w));
}
