// Generated from src/signing/key.rs by src-tauri/src/bindings.rs (`UPDATE_BINDINGS=1 cargo test -p muster-app bindings`): do not edit.
// The name a key signs with until its owner names it.
export const UNNAMED_KEY = "Muster installation";
