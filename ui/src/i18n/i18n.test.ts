import { describe, expect, it } from "vitest";
import { DICTS, REFUSALS, fill, formatDate, makeT, type Key } from ".";
import { en } from "./en";

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
  it("English counts take the singular for one and the plural otherwise", () => {
    const t = makeT("en");
    expect(t("commit_import", { n: 1 })).toBe("Import 1 row");
    expect(t("commit_import", { n: 0 })).toBe("Import 0 rows");
    expect(t("commit_import", { n: 21 })).toBe("Import 21 rows");
    expect(t("shown", { n: 1, total: 1 })).toBe("1 of 1 person");
    expect(t("did_roster", { rows: 1, new: 2, updated: 0 })).toBe("1 row: 2 new people, 0 updated");
    expect(fill(REFUSALS.en.unknown_columns, { count: 1, columns: "«x»" })).toBe(
      "1 column is not one Muster reads; it was ignored: «x»",
    );
    expect(fill(REFUSALS.en.unknown_columns, { count: 3, columns: "«x»" })).toBe(
      "3 columns are not ones Muster reads; they were ignored: «x»",
    );
  });
  it("plural forms follow each language's categories, the last form standing for the rest", () => {
    const forms = "{n|запись|записи|записей}";
    expect([1, 2, 5, 21, 111].map((n) => fill(forms, { n }, "ru"))).toEqual(["запись", "записи", "записей", "запись", "записей"]);
    expect(fill("{n|row|rows}", { n: "1" }, "en")).toBe("row");
    // A value that is no number, or none, leaves the forms as they are.
    expect(fill("{n|row|rows}", { n: "many" }, "en")).toBe("{n|row|rows}");
    expect(fill("{m|row|rows}", { n: 1 }, "en")).toBe("{m|row|rows}");
  });
  it("no English sentence says (s)", () => {
    for (const [key, text] of Object.entries(en.words)) expect(`${key}: ${text}`).not.toMatch(/\(s\)/);
    for (const [key, text] of Object.entries(en.refusals)) expect(`${key}: ${text}`).not.toMatch(/\(s\)/);
  });
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
    // The screens' words and the refusals' sentences alike.
    const kk = [...Object.values(DICTS.kk), ...Object.values(REFUSALS.kk)].join("\n");
    const ru = [...Object.values(DICTS.ru), ...Object.values(REFUSALS.ru)].join("\n");
    // The report's words: deployment «Орналастыру», the tour «миссия» in both.
    expect(kk).not.toMatch(/өрістет/i);
    expect(kk).not.toMatch(/іссапар/i);
    expect(ru).not.toMatch(/командировк/i);
    // A bundle file is «бума» in Kazakh, never «пакет» (the Sync screen had both); the
    // void button withdraws a record («күшін жою»), never deletes it (a bare «Жою»).
    expect(kk).not.toMatch(/пакет/i);
    // «Ноутбук» takes the back-vowel endings of its last syllable everywhere (the Sync
    // screen had «ноутбукта» beside «ноутбукте»); an installation is «орнатым».
    expect(kk).not.toMatch(/ноутбук(ке|те|тен|тер|тің)/i);
    expect(kk).not.toMatch(/орнатылым/i);
    expect(DICTS.kk.void).toBe("Күшін жою");
    expect(DICTS.kk.st_expired).toBe("мерзімі өткен");
    expect(DICTS.ru.st_expired).toBe("истёк");
  });
});
