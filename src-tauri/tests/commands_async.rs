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

/// A command the window may call must be in three lists besides its definition: the
/// handler, the build script's permission list and the window's capability. One missed
/// compiles fine and fails only when a user presses the button.
#[test]
fn every_command_is_registered_and_permitted() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut lines = src.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if line.starts_with("#[tauri::command") {
                let def = lines.next().unwrap_or_default();
                let name = def
                    .trim_start_matches("pub fn ")
                    .split(['(', '<'])
                    .next()
                    .unwrap()
                    .to_string();
                names.push(name);
            }
        }
    }
    let handler = read("src/commands.rs");
    let build = read("build.rs");
    let capability = read("capabilities/main.json");
    for name in &names {
        assert!(
            handler.contains(&format!("        {name},"))
                || handler.contains(&format!("::{name},")),
            "{name} is not in the handler (commands.rs)"
        );
        assert!(
            build.contains(&format!("\"{name}\"")),
            "{name} is not in build.rs"
        );
        let permission = format!("\"allow-{}\"", name.replace('_', "-"));
        assert!(
            capability.contains(&permission),
            "{permission} is not in capabilities/main.json"
        );
    }
    assert!(names.len() >= 30, "found only {} commands", names.len());
}
