import { describe, expect, it } from "vitest";
import { fold, matches } from "./search";

describe("search by name or service number in either script", () => {
  it.each([
    ["Нұрқасов Аян Маратұлы", "нұрқасов"],
    ["Нұрқасов Аян Маратұлы", "НҰРҚАСОВ"],
    ["Нұрқасов Аян Маратұлы", "nurkasov"],
    ["Жолдасбаев Бауыржан", "zholdasbaev"],
    ["Жолдасбаев Бауыржан", "joldasbaev"],
    ["Жолдасбаев Бауыржан", "Бауыржан Жолдас"],
    ["Smith John KZ100101", "kz1001"],
    ["Ахметов Қанат", "akhmetov"],
    ["Ахметов Қанат", "ahmetov"],
    ["Иванова Юлия", "yuliya"],
    ["Қойшыбаев Ерлан", "Qoishybaev"],
    ["Қойшыбаев Ерлан", "Qoyshybaev"],
    ["Әбілқасымова Гүлнұр", "Äbilqasymova Gülnūr"],
    ["Шоқанов Шоқан", "Şoqanov"],
    ["Чапаев Ерғали", "Çapaev Erğali"],
    ["Ержанов Ержан", "Yerzhan"],
    ["Жолдасбаев Бауыржан", "Zholdasbayev"],
    ["Смағұлов Мирас", "Smaghulov"],
    ["Фёдоров Олег", "Fyodorov"],
  ])("%s is found by %s", (name, q) => expect(matches(name, q)).toBe(true));

  it.each([
    ["Нұрқасов Аян", "Жолдас"],
    ["Smith John", "smyth jon x"],
    ["KZ100101", "KZ100102"],
  ])("%s is not found by %s", (name, q) => expect(matches(name, q)).toBe(false));

  it("an empty query matches everyone", () => expect(matches("anyone", "   ")).toBe(true));
  it("folds Kazakh letters to their Latin base", () => expect(fold("ӘҒҚҢӨҰҮІ")).toBe("agknouui"));
});
