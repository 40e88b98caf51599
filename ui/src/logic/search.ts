// Finding a soldier by name or service number typed in either script: a Latin query finds
// a Cyrillic name (and back) through a plain transliteration of Russian and Kazakh letters.
// The matrix searches in the core with the same fold (src/text/search.rs, the same cases
// in tests/search.rs); this one serves lists a screen already holds (a session's attendees).

const TO_LATIN: Record<string, string> = {
  а: "a", ә: "a", б: "b", в: "v", г: "g", ғ: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z",
  и: "i", й: "i", і: "i", к: "k", қ: "k", л: "l", м: "m", н: "n", ң: "n", о: "o", ө: "o",
  п: "p", р: "r", с: "s", т: "t", у: "u", ұ: "u", ү: "u", ф: "f", х: "kh", һ: "h", ц: "ts",
  ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "iu", я: "ia",
};

/** Lower case, no accents, Cyrillic spelled in Latin letters, spaces collapsed. */
export function fold(s: string): string {
  const lower = s.normalize("NFC").toLowerCase();
  let out = "";
  for (const ch of lower) out += TO_LATIN[ch] ?? ch;
  return out
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    // Common alternative Latin spellings fold together: y/i, kh/h, j/zh.
    .replace(/kh/g, "h")
    .replace(/zh/g, "j")
    .replace(/y/g, "i")
    .replace(/\s+/g, " ")
    .trim();
}

/** Every word of the query appears in the text (in either script). */
export function matches(haystack: string, query: string): boolean {
  const q = fold(query);
  if (!q) return true;
  const h = fold(haystack);
  return q.split(" ").every((w) => h.includes(w));
}
