//! Every command runs off the main thread. A plain `#[tauri::command]` runs on the thread
//! that also drives the window, so a slow one (a report of 1,000 people, a big import)
//! would freeze typing and redrawing until it returned; `#[tauri::command(async)]` runs it
//! on the async runtime's threads instead. The Store's mutex still serialises them.

#[test]
fn every_command_is_declared_async() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut commands = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.starts_with("#[tauri::command") {
                commands += 1;
                assert_eq!(
                    line,
                    "#[tauri::command(async)]",
                    "{}:{}: declare the command async so it cannot block the window",
                    path.display(),
                    n + 1
                );
            }
        }
    }
    assert!(commands >= 25, "found only {commands} commands");
}
