// Records between laptops that are never networked: this laptop's key (the fingerprint a
// receiver compares), a bundle made for the others, a bundle received from one of them
// (who sent it and what it adds shown before anything is written), and who was heard from.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import type { KeyInfo } from "../bindings/KeyInfo";
import type { Peer } from "../bindings/Peer";
import { localIsoDay, useT } from "../i18n";
import { useReadOnly } from "../readOnly";
import { bundleFileName } from "../logic/bundles";
import { ReceiveBundle } from "../parts/ReceiveBundle";
import { Peers } from "../parts/Peers";
import { Conflicts } from "../parts/Conflicts";
import { DetailConflicts } from "../parts/DetailConflicts";
import { LookAlikeNumbers } from "../parts/LookAlikeNumbers";
import { LeftBehind } from "../parts/LeftBehind";
import { SaveTo } from "../parts/SaveTo";
import type { ConflictsView } from "../bindings/ConflictsView";
import type { MergePlan } from "../bindings/MergePlan";
import { peerName } from "../logic/keys";

export function SyncScreen({ changed, openPerson }: { changed: () => void; openPerson: (sn: string) => void }) {
  const { t } = useT();
  const readOnly = useReadOnly();
  const [key, setKey] = useState<KeyInfo | null>(null);
  const [peers, setPeers] = useState<Peer[] | null>(null);
  const [conflicts, setConflicts] = useState<ConflictsView | null>(null);
  const [rev, setRev] = useState(0);
  const [error, setError] = useState("");
  // What the last merge did: the card it was made on is gone once it settles.
  const [done, setDone] = useState("");
  const mergedHere = (p: MergePlan) => {
    setDone(t("merge_done", { from: p.from, into: p.into, n: p.moved.length + p.duplicates.length }));
    changedHere();
  };
  // Records were received or merged: everything shown is read again.
  const changedHere = () => {
    setRev((n) => n + 1);
    changed();
  };

  useEffect(() => {
    api.signingKey().then(setKey, (e) => setError(errorText(e, t)));
  }, []);
  useEffect(() => {
    api.syncPeers().then(setPeers, (e) => setError(errorText(e, t)));
    api.syncConflicts().then(setConflicts, (e) => setError(errorText(e, t)));
  }, [rev]);

  return (
    <div class="sync" data-testid="sync" data-conflicts={conflicts?.conflicts.length}>
      <h1>{t("sync_title")}</h1>
      <p class="muted">{t("sync_intro")}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="ok" role="status" data-testid="sync-merge-done">
          {done}
        </p>
      )}
      <section class="card" data-testid="sync-this">
        <h2>{t("sync_this")}</h2>
        {key && (
          <p>
            {key.named && (
              <>
                <strong data-testid="sync-key-name">{key.name}</strong> ·{" "}
              </>
            )}
            <strong class="fingerprint" data-testid="sync-key-fingerprint">
              {key.fingerprint}
            </strong>
          </p>
        )}
        {key && !key.named && (
          <p class="notice" data-testid="sync-key-unnamed">
            {t("sync_unnamed")}
          </p>
        )}
        <p class="muted">{t("sync_this_hint")}</p>
      </section>
      <MakeBundle keyName={key?.name ?? ""} peers={peers ?? []} />
      {!readOnly && (
        <ReceiveBundle received={changedHere} />
      )}
      {conflicts && <Conflicts view={conflicts} openPerson={openPerson} />}
      {conflicts && <DetailConflicts view={conflicts} openPerson={openPerson} readOnly={readOnly} kept={changedHere} />}
      {conflicts && (
        <LookAlikeNumbers
          view={conflicts}
          openPerson={openPerson}
          readOnly={readOnly}
          merged={mergedHere}
        />
      )}
      {conflicts && (
        <LeftBehind
          view={conflicts}
          openPerson={openPerson}
          readOnly={readOnly}
          merged={mergedHere}
        />
      )}
      <Peers peers={peers} />
    </div>
  );
}

function MakeBundle({ keyName, peers }: { keyName: string; peers: Peer[] }) {
  const { t } = useT();
  // A laptop's fingerprint, or "" for everyone.
  const [peer, setPeer] = useState("");
  const make = async (path: string) => {
    const w = await api.syncExport(path, peer || null);
    const c = w.counts;
    const written = t("sync_written", { path: w.path, people: c.people, records: c.attempts, voidings: c.voidings, signoffs: c.validations });
    if (w.peer === null) return written;
    return `${written} ${t(w.partial ? "sync_written_for" : "sync_written_for_all", { peer: w.peer })}`;
  };

  return (
    <section class="card form" data-testid="sync-make">
      <h2>{t("sync_make_title")}</h2>
      <p class="muted">{t("sync_make_hint")}</p>
      {/* "For" is offered once a laptop has been heard from: the hint names it only then. */}
      {peers.length > 0 && <p class="muted">{t("sync_make_for_hint")}</p>}
      {peers.length > 0 && (
        <label>
          {t("sync_for")}
          <select data-testid="sync-for" value={peer} onChange={(e) => setPeer((e.target as HTMLSelectElement).value)}>
            <option value="">{t("sync_for_everyone")}</option>
            {peers.map((p) => (
              <option key={p.fingerprint} value={p.fingerprint}>
                {peerName(p, t)} ({p.fingerprint})
              </option>
            ))}
          </select>
        </label>
      )}
      <SaveTo
        suggested={bundleFileName(keyName, localIsoDay(new Date()))}
        filter={{ name: "Muster", extensions: ["muster"] }}
        action={t("sync_make")}
        write={make}
        ids={{ path: "sync-out", run: "sync-make-run", msg: "sync-make-msg" }}
      />
    </section>
  );
}
