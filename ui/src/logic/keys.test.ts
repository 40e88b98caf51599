import { describe, expect, it } from "vitest";
import { makeT } from "../i18n";
import { UNNAMED_KEY } from "../bindings/unnamed_key";
import { keyName, peerName } from "./keys";

describe("a key's name", () => {
  it("a key never named is said in the reader's language; a named one as it is", () => {
    expect(keyName(UNNAMED_KEY, makeT("kk"))).toBe("атауы жоқ Muster орнатымы");
    expect(keyName("1 взвод", makeT("kk"))).toBe("1 взвод");
  });
  it("a laptop heard from goes by the name it is trusted by, else by its own", () => {
    const t = makeT("ru");
    expect(peerName({ trusted_as: "Штаб", name: UNNAMED_KEY }, t)).toBe("Штаб");
    expect(peerName({ trusted_as: null, name: UNNAMED_KEY }, t)).toBe("установка Muster без имени");
  });
});
