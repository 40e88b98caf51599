// The app's commands, typed with the types generated from the Rust core (src/bindings).
// Every call goes through `call`, so a failure always arrives as an ApiError with the
// core's problem, which `errorText` says in the user's language.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";
import type { AppError } from "./bindings/AppError";
import type { Problem } from "./bindings/Problem";
import type { T } from "./i18n";
import { problemText } from "./problems";
import type { Settings } from "./bindings/Settings";
import type { MergePlan } from "./bindings/MergePlan";
import type { Contingent } from "./bindings/Contingent";
import type { ContingentInput } from "./bindings/ContingentInput";
import type { DetailChanged } from "./bindings/DetailChanged";
import type { DashboardView } from "./bindings/DashboardView";
import type { MatrixFilter } from "./bindings/MatrixFilter";
import type { MatrixPage } from "./bindings/MatrixPage";
import type { Standing } from "./bindings/Standing";
import type { Module } from "./bindings/Module";
import type { SessionInput } from "./bindings/SessionInput";
import type { PersonCard } from "./bindings/PersonCard";
import type { Person } from "./bindings/Person";
import type { HistoryEntry } from "./bindings/HistoryEntry";
import type { AmendInput } from "./bindings/AmendInput";
import type { ImportRequest } from "./bindings/ImportRequest";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportRecord } from "./bindings/ImportRecord";
import type { UndoReport } from "./bindings/UndoReport";
import type { Band } from "./bindings/Band";
import type { DuePage } from "./bindings/DuePage";
import type { ActivityEntry } from "./bindings/ActivityEntry";
import type { Archived } from "./bindings/Archived";
import type { OffRoster } from "./bindings/OffRoster";
import type { SheetRequest } from "./bindings/SheetRequest";
import type { FileCheck } from "./bindings/FileCheck";
import type { SheetWritten } from "./bindings/SheetWritten";
import type { ReportView } from "./bindings/ReportView";
import type { SaveRequest } from "./bindings/SaveRequest";
import type { ValidationInput } from "./bindings/ValidationInput";
import type { DecisionRow } from "./bindings/DecisionRow";
import type { KeyInfo } from "./bindings/KeyInfo";
import type { TrustedKey } from "./bindings/TrustedKey";
import type { BundleWritten } from "./bindings/BundleWritten";
import type { BundleReport } from "./bindings/BundleReport";
import type { Peer } from "./bindings/Peer";
import type { ConflictsView } from "./bindings/ConflictsView";

export class ApiError extends Error {
  kind: string;
  problem: Problem;
  constructor(e: AppError) {
    super(e.message);
    this.kind = e.kind;
    this.problem = e.problem;
  }
}

function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "message" in e && "kind" in e;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    const message = String(e);
    throw new ApiError(isAppError(e) ? e : { kind: "internal", message, problem: { code: "other", message } });
  }
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  saveSettings: (settings: Settings) => call<Settings>("save_settings", { settings }),
  contingents: () => call<Contingent[]>("contingents"),
  revision: () => call<string>("revision"),
  addContingent: (input: ContingentInput) => call<Contingent>("add_contingent", { input }),
  /** Corrects a contingent's details (its code stays); what changed, field by field. */
  editContingent: (input: ContingentInput) => call<DetailChanged[]>("edit_contingent", { input }),
  archivedContingents: () => call<Archived[]>("archived_contingents"),
  /** Returns the contingents still in use. */
  archiveContingent: (code: string, reason: string) => call<Contingent[]>("archive_contingent", { code, reason }),
  restoreContingent: (code: string) => call<Contingent[]>("restore_contingent", { code }),
  loadDemo: () => call<string>("load_demo"),
  /** Everything the dashboard shows (readiness, trend, retakes, taken off, sign-off), in one
   *  call, as of a day (yyyy-mm-dd; null: today on the core's clock). */
  dashboard: (code: string, lang: string, asOf: string | null) =>
    call<DashboardView>("dashboard", { code, lang, asOf }),
  /** Rows `offset..offset+limit` of the matrix under a filter, and how many pass it. */
  matrixPage: (code: string, asOf: string | null, filter: MatrixFilter, offset: number, limit: number) =>
    call<MatrixPage>("matrix_page", { code, asOf, filter, offset, limit }),
  /** Rows `offset..offset+limit` of one retake list the dashboard shows (a band, or null:
   *  what lapses in the tour once deployed), and how many it holds. */
  retakesPage: (code: string, asOf: string | null, band: Band | null, offset: number, limit: number) =>
    call<DuePage>("retakes_page", { code, asOf, band, offset, limit }),
  /** Everyone on the contingent's roster, by unit then name. */
  people: (code: string) => call<Person[]>("people", { code }),
  /** One person's standing in the contingent today and their retakes; null when not on its roster. */
  standing: (code: string, serviceNumber: string) => call<Standing | null>("standing", { code, serviceNumber }),
  activity: (limit: number) => call<ActivityEntry[]>("activity", { limit }),
  modules: (includeRetired: boolean) => call<Module[]>("modules", { includeRetired }),
  addModule: (module: Module) => call<Module>("add_module", { module }),
  updateModule: (module: Module) => call<Module>("update_module", { module }),
  retireModule: (code: string, reason: string) => call<null>("retire_module", { code, reason }),
  restoreModule: (code: string, reason: string) => call<null>("restore_module", { code, reason }),
  logSession: (session: SessionInput) => call<string[]>("log_session", { session }),
  person: (serviceNumber: string) => call<PersonCard>("person", { serviceNumber }),
  updatePerson: (person: Person) => call<PersonCard>("update_person", { person }),
  mergePerson: (from: string, into: string, reason: string, dryRun: boolean) =>
    call<MergePlan>("merge_person", { from, into, reason, dryRun }),
  takeOffRoster: (serviceNumber: string, code: string, reason: string) =>
    call<PersonCard>("take_off_roster", { serviceNumber, code, reason }),
  offRoster: (code: string) => call<OffRoster[]>("off_roster", { code }),
  putOnRoster: (serviceNumber: string, code: string) => call<PersonCard>("put_on_roster", { serviceNumber, code }),
  history: (serviceNumber: string) => call<HistoryEntry[]>("history", { serviceNumber }),
  amend: (id: string, fix: AmendInput, reason: string) => call<string>("amend", { id, fix, reason }),
  voidRecord: (id: string, reason: string) => call<null>("void_record", { id, reason }),
  importFile: (request: ImportRequest) => call<ImportReport>("import_file", { request }),
  sheetNames: (path: string) => call<string[]>("sheet_names", { path }),
  imports: () => call<ImportRecord[]>("imports"),
  undoImport: (id: number, reason: string) => call<UndoReport>("undo_import", { id, reason }),
  writeSheet: (request: SheetRequest) => call<SheetWritten>("write_sheet", { request }),
  backup: (dest: string | null) => call<string>("backup", { dest }),
  reportView: (code: string, asOf: string | null, lang: string) => call<ReportView>("report_view", { code, asOf, lang }),
  saveReport: (request: SaveRequest) => call<string>("save_report", { request }),
  validate: (code: string, input: ValidationInput, lang: string) => call<DecisionRow>("validate", { code, input, lang }),
  validations: (code: string, lang: string) => call<DecisionRow[]>("validations", { code, lang }),
  verifyFile: (path: string, lang: string) => call<FileCheck>("verify_file", { path, lang }),
  signingKey: () => call<KeyInfo>("signing_key"),
  nameSigningKey: (name: string) => call<KeyInfo>("name_signing_key", { name }),
  trustKey: (fingerprint: string, name: string) => call<TrustedKey>("trust_key", { fingerprint, name }),
  syncExport: (path: string, peer: string | null) => call<BundleWritten>("sync_export", { path, peer }),
  syncPreview: (path: string) => call<BundleReport>("sync_preview", { path }),
  syncReceive: (path: string, trust: string | null) => call<BundleReport>("sync_receive", { path, trust }),
  syncPeers: () => call<Peer[]>("sync_peers"),
  syncConflicts: () => call<ConflictsView>("sync_conflicts"),
  existingFile: (path: string, extensions: string[]) => call<string | null>("existing_file", { path, extensions }),
  keepDetail: (entity: string, key: string, field: string) => call<null>("keep_detail", { entity, key, field }),
};

/** A failure as one line in the user's language (the core's English for what has no translation). */
export function errorText(e: unknown, t: T): string {
  if (e instanceof ApiError) return problemText(e.problem, t);
  return e instanceof Error ? e.message : String(e);
}
