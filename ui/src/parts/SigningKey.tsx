// This installation's signing key: the fingerprint to read out to whoever checks the
// reports it signs, and the name printed on them.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { KeyInfo } from "../bindings/KeyInfo";
import { useT } from "../i18n";

export function SigningKey() {
  const { t } = useT();
  const [key, setKey] = useState<KeyInfo | null>(null);
  const [name, setName] = useState("");
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    api.signingKey().then(
      // An unnamed key shows an empty field (its stand-in name is no name someone gave).
      (k) => (setKey(k), setName(k.named ? k.name : "")),
      (e) => setMsg({ ok: false, text: errorText(e, t) }),
    );
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    try {
      const k = await api.nameSigningKey(name);
      setKey(k);
      setName(k.name);
      setMsg({ ok: true, text: t("key_named", { name: k.name }) });
    } catch (err) {
      setMsg({ ok: false, text: errorText(err, t) });
    }
  };

  return (
    <form class="card form" onSubmit={save} data-testid="signing-key">
      <h2>{t("key_title")}</h2>
      <p class="muted">{t("key_hint")}</p>
      {msg && (
        <p class={msg.ok ? "ok" : "error"} role={msg.ok ? "status" : "alert"} data-testid="key-msg">
          {msg.text}
        </p>
      )}
      {key && (
        <>
          <p>
            {t("key_fingerprint")}: <strong class="fingerprint" data-testid="key-fingerprint">{key.fingerprint}</strong>
          </p>
          <label>
            {t("key_name")}
            <input
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              required
              maxLength={80}
              placeholder={t("key_name_placeholder")}
              data-testid="key-name"
            />
          </label>
          <button type="submit" class="primary" data-testid="key-save">
            {t("save")}
          </button>
          <p class="muted">
            {t("key_file")}: <code class="path">{key.path}</code>
          </p>
        </>
      )}
    </form>
  );
}
