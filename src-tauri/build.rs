//! Declares the app's own commands so each is a permission a capability must grant.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(muster_commands())),
    )
    .expect("tauri build script failed");
}

/// Every `#[tauri::command]` in src/ (commands.rs, reports.rs, sheets.rs, keys.rs); a command missing here cannot be invoked.
fn muster_commands() -> &'static [&'static str] {
    &[
        "app_info",
        "revision",
        "save_settings",
        "contingents",
        "add_contingent",
        "edit_contingent",
        "archived_contingents",
        "archive_contingent",
        "restore_contingent",
        "load_demo",
        "dashboard",
        "matrix_page",
        "retakes_page",
        "people",
        "standing",
        "write_sheet",
        "verify_file",
        "activity",
        "take_off_roster",
        "put_on_roster",
        "merge_person",
        "off_roster",
        "modules",
        "add_module",
        "update_module",
        "retire_module",
        "restore_module",
        "log_session",
        "person",
        "update_person",
        "history",
        "amend",
        "void_record",
        "import_file",
        "sheet_names",
        "imports",
        "undo_import",
        "backup",
        "report_view",
        "save_report",
        "validate",
        "validations",
        "validation_status",
        "signing_key",
        "name_signing_key",
        "trust_key",
        "sync_export",
        "sync_preview",
        "sync_receive",
        "sync_peers",
        "sync_conflicts",
        "keep_detail",
        "existing_file",
    ]
}
