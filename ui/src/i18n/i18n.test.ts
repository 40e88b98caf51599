import { describe, expect, it } from "vitest";
import { DICTS, formatDate, makeT, type Key } from ".";

describe("dates", () => {
  it("Russian and Kazakh write dd.mm.yyyy", () => {
    expect(formatDate("2026-03-07", "ru")).toBe("07.03.2026");
    expect(formatDate("2026-03-07", "kk")).toBe("07.03.2026");
  });
  it("English spells the month", () => expect(formatDate("2026-03-07", "en")).toBe("7 Mar 2026"));
  it("no date is empty", () => expect(formatDate(null, "ru")).toBe(""));
});

describe("translations", () => {
  it("fill parameters", () => expect(makeT("ru")("ready_of", { ready: 3, total: 5 })).toBe("готовы 3 из 5"));
  it("every language differs from English on the main screens", () => {
    for (const k of ["nav_dashboard", "nav_matrix", "nav_log", "st_missing", "nav_reports", "reports_title", "changed_since", "freeze_explain", "decision_not_validated"] as const) {
      expect(makeT("ru")(k)).not.toBe(makeT("en")(k));
      expect(makeT("kk")(k)).not.toBe(makeT("en")(k));
    }
  });
});

/** Words that read the same in every language: the product's name, file formats, keys on
 * the keyboard, commands typed as they are, and sentences of values alone. Keep it small. */
const SAME_IN_EVERY_LANGUAGE = new Set<Key>(["app_name", "percent", "off_roster_line"]);
/** Latin-letter words a Russian or Kazakh sentence may hold: names of things that have no
 * other name (the product, file formats, keys, a command a user types). */
const LATIN_ALLOWED = new Set([
  "Muster", "muster", "check", "verify", // the product and its commands
  "CSV", "Excel", "ODS", "PDF", "HTML", "JSON", "XLSX", "SHA", // file formats, the hash
  "Tab", "Ctrl", "Enter", // keys
]);

describe("every word in the user's language", () => {
  const keys = Object.keys(DICTS.en) as Key[];
  it("every key has Russian and Kazakh text of its own", () => {
    const same = keys.flatMap((k) =>
      (["ru", "kk"] as const)
        .filter((lang) => !SAME_IN_EVERY_LANGUAGE.has(k) && (!DICTS[lang][k]?.trim() || DICTS[lang][k] === DICTS.en[k]))
        .map((lang) => `${lang}.${k}`),
    );
    expect(same).toEqual([]);
    expect(keys.length).toBeGreaterThan(300);
  });
  it("no English word is left in a Russian or Kazakh sentence", () => {
    const latin = keys.flatMap((k) =>
      (["ru", "kk"] as const).flatMap((lang) =>
        (DICTS[lang][k].replace(/\{\w+\}/g, "").match(/[A-Za-z]+(?:-[A-Za-z]+)*/g) ?? [])
          .filter((w) => !LATIN_ALLOWED.has(w))
          .map((w) => `${lang}.${k}: ${w}`),
      ),
    );
    expect(latin).toEqual([]);
  });
  it("one word for one thing: deployment and expired read as in the report", () => {
    const kk = Object.values(DICTS.kk).join("\n");
    const ru = Object.values(DICTS.ru).join("\n");
    // The report's words: deployment «Орналастыру», the tour «миссия» in both.
    expect(kk).not.toMatch(/өрістет/i);
    expect(kk).not.toMatch(/іссапар/i);
    expect(ru).not.toMatch(/командировк/i);
    expect(DICTS.kk.st_expired).toBe("мерзімі өткен");
    expect(DICTS.ru.st_expired).toBe("истёк");
  });
});
