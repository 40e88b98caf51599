// The laptops this one has received bundles from: whose, when last, and what they added.
import type { Peer } from "../bindings/Peer";
import { formatStamp, useT } from "../i18n";
import { peerName } from "../logic/keys";

export function Peers({ peers }: { peers: Peer[] | null }) {
  const { t, lang } = useT();
  return (
    <section class="card" data-testid="sync-peers">
      <h2>{t("sync_peers_title")}</h2>
      {peers && peers.length === 0 && (
        <p class="muted" data-testid="sync-no-peers">
          {t("sync_no_peers")}
        </p>
      )}
      {peers && peers.length > 0 && (
        <div class="hscroll peers">
          <table class="plain">
            <thead>
              <tr>
                <th>{t("sync_col_name")}</th>
                <th>{t("sync_col_fingerprint")}</th>
                <th>{t("sync_col_last")}</th>
                <th class="num">{t("sync_col_bundles")}</th>
                <th class="num">{t("sync_col_added")}</th>
              </tr>
            </thead>
            <tbody>
              {peers.map((p) => (
                <tr key={p.fingerprint} data-fingerprint={p.fingerprint}>
                  <td data-label={t("sync_col_name")}>{peerName(p, t)}</td>
                  <td class="fingerprint" data-label={t("sync_col_fingerprint")}>
                    {p.fingerprint}
                  </td>
                  <td data-label={t("sync_col_last")}>{formatStamp(p.last_received, lang)}</td>
                  <td class="num" data-label={t("sync_col_bundles")}>
                    {p.bundles}
                  </td>
                  <td class="num" data-label={t("sync_col_added")}>
                    {p.records_added}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
