// Each language is typed complete against one key set. `npx tsc --noEmit` checks this file:
// each `@ts-expect-error` below fails the type check if its line is NOT an error, so a
// `Language` that lacked a key, or held one English does not have, would have to compile
// for this to break. At run time vitest checks the three languages hold the same keys.
import { describe, expect, it } from "vitest";
import { LANGUAGES, LANGS } from ".";
import { en } from "./en";
import type { Language, Refusals, Words } from "./types";

const lacking: Omit<Words, "st_expired"> = en.words;

// @ts-expect-error: a screen word missing from a language is a type error
export const missingWord: Language = { words: lacking, refusals: en.refusals, not_found: en.not_found };

export const extraWord: Language = {
  // @ts-expect-error: a screen word no other language has is a type error
  words: { ...en.words, st_brand_new: "brand new" },
  refusals: en.refusals,
  not_found: en.not_found,
};

const fewer: Omit<Refusals, "empty"> = en.refusals;
// @ts-expect-error: a refusal sentence missing from a language is a type error
export const missingRefusal: Language = { words: en.words, refusals: fewer, not_found: en.not_found };

export const extraRefusal: Language = {
  words: en.words,
  // @ts-expect-error: a refusal for a code the core does not have is a type error
  refusals: { ...en.refusals, no_such_code: "no such code" },
  not_found: en.not_found,
};

describe("one key set", () => {
  it("every language has exactly English's screen words and refusals", () => {
    for (const lang of LANGS) {
      expect(Object.keys(LANGUAGES[lang].words).sort()).toEqual(Object.keys(en.words).sort());
      expect(Object.keys(LANGUAGES[lang].refusals).sort()).toEqual(Object.keys(en.refusals).sort());
    }
  });
});
