// One word for one status on every screen and in the report. The chain: the screens'
// status words are the generated glossary's (this test); the generated glossary is the
// core's (src-tauri/src/bindings.rs fails when ../bindings/glossary_words.ts is stale); the
// report prints the core's glossary capitalised (report::i18n's test).
import { describe, expect, it } from "vitest";
import type { Status } from "../bindings/Status";
import { DICTS, LANGS } from ".";
import { capitalised, GLOSSARY, HEADINGS } from "./glossary";

const STATUSES: Status[] = ["complete", "expiring", "expired", "failed", "missing", "not_required"];

describe("the glossary", () => {
  it("every status reads on screen as the core's glossary words it, in every language", () => {
    for (const lang of LANGS) {
      for (const st of STATUSES) expect(DICTS[lang][`st_${st}`]).toBe(GLOSSARY[lang][st]);
      expect(DICTS[lang].st_lapses).toBe(GLOSSARY[lang].lapses);
      expect(DICTS[lang].ready).toBe(capitalised(GLOSSARY[lang].ready));
      expect(DICTS[lang].blockers).toBe(capitalised(GLOSSARY[lang].not_ready));
    }
  });
  it("a heading is the word capitalised, as the report prints it", () => {
    // The report's words (report::i18n pins the same on the Rust side).
    expect(HEADINGS.kk.expired).toBe("Мерзімі өткен");
    expect(HEADINGS.ru.failed).toBe("Не сдан");
    expect(HEADINGS.en.not_required).toBe("Not required");
    expect(HEADINGS.ru.ready).toBe("Готовы");
    expect(DICTS.kk.st_expired).toBe("мерзімі өткен");
    expect(DICTS.kk.blockers).toBe("Дайын емес");
  });
  it("the rule of position upper-cases the first letter only", () => {
    expect(capitalised("мерзімі өткен")).toBe("Мерзімі өткен");
    expect(capitalised("өтті")).toBe("Өтті");
    expect(capitalised("")).toBe("");
  });
});
