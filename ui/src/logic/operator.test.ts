import { describe, expect, it } from "vitest";
import { makeT } from "../i18n";
import { operatorName } from "./operator";

describe("operatorName", () => {
  it("names the stand-ins in the user's language and keeps typed names", () => {
    expect(operatorName("unknown operator", makeT("ru"))).toBe("оператор не указан");
    expect(operatorName("Muster app", makeT("kk"))).toBe("оператор көрсетілмеген");
    expect(operatorName("майор Тұрсынов Ә.", makeT("kk"))).toBe("майор Тұрсынов Ә.");
    expect(operatorName(null, makeT("en"))).toBe("");
  });
});
