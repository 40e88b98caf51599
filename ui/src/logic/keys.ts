// A signing key's name as people read it. A key its owner never named signs as
// `Muster installation`, in English on every laptop (`signing::key::UNNAMED`): said in the
// reader's language, as the printed report says it.
import { UNNAMED_KEY } from "../bindings/unnamed_key";
import type { T } from "../i18n";

export function keyName(name: string, t: T): string {
  return name === UNNAMED_KEY ? t("unnamed_key") : name;
}

/** A laptop heard from: the name this laptop trusts its key by, else the name it signs with. */
export function peerName(p: { trusted_as: string | null; name: string }, t: T): string {
  return p.trusted_as ?? keyName(p.name, t);
}
