// A signing key's name as people read it. A key its owner never named signs as
// `Muster installation`, in English on every laptop (`signing::key::UNNAMED`): said in the
// reader's language, as the printed report says it.
import { UNNAMED_KEY } from "../bindings/unnamed_key";
import type { T } from "../i18n";

export function keyName(name: string, t: T): string {
  return name === UNNAMED_KEY ? t("unnamed_key") : name;
}
