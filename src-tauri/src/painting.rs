//! How the window paints on Linux. WebKitGTK paints pages through Skia on the GPU. On a
//! machine with no GPU the web view can use (no DRM render node: a virtual machine, a
//! laptop whose graphics driver is missing) that GPU is Mesa's software OpenGL (llvmpipe),
//! and there the page waited for it: measured under Xvfb with 10,000 people, the page's
//! main thread slept 40–55 ms on Skia's GPU worker (`perf` of the scheduler) in every
//! first scroll of the matrix, one frame far over the 50 ms a smooth scroll allows, and
//! llvmpipe's threads took the second core from the start-up check (2.1 s to its end).
//! Painting with the CPU there (WebKit's own switch): no scroll step over 12 ms in 6 runs,
//! the check done in 1.7 s, every other figure the same. A machine with a render node
//! keeps the GPU; a user's own setting of the switch is left as it is.

use std::ffi::OsStr;
use std::path::Path;

/// WebKitGTK's switch to paint with the CPU instead of the GPU.
pub const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Called before the window exists (the web process inherits the environment).
pub fn choose() {
    let software = std::env::var_os("LIBGL_ALWAYS_SOFTWARE");
    if switch_to_cpu(
        std::env::var_os(CPU_RENDERING).as_deref(),
        software.as_deref(),
        Path::new("/dev/dri"),
    ) {
        // Before any other thread exists: nothing reads the environment meanwhile.
        std::env::set_var(CPU_RENDERING, "1");
    }
}

/// True when Muster should switch the CPU on: the user has not set the switch, and OpenGL
/// would be software (asked for by `LIBGL_ALWAYS_SOFTWARE`, or no render node under `dri`).
fn switch_to_cpu(chosen: Option<&OsStr>, always_software: Option<&OsStr>, dri: &Path) -> bool {
    if chosen.is_some() {
        return false;
    }
    if always_software.is_some_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    !has_render_node(dri)
}

fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dri_with(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for n in names {
            std::fs::write(dir.path().join(n), "").unwrap();
        }
        dir
    }

    #[test]
    fn a_gpu_with_a_render_node_keeps_painting() {
        let dri = dri_with(&["card0", "renderD128"]);
        assert!(!switch_to_cpu(None, None, dri.path()));
    }

    #[test]
    fn no_render_node_paints_with_the_cpu() {
        // A display-only card (no render node), an empty folder, no folder at all.
        let card = dri_with(&["card0"]);
        assert!(switch_to_cpu(None, None, card.path()));
        let empty = dri_with(&[]);
        assert!(switch_to_cpu(None, None, empty.path()));
        assert!(switch_to_cpu(None, None, &empty.path().join("missing")));
    }

    #[test]
    fn software_opengl_asked_for_paints_with_the_cpu() {
        let dri = dri_with(&["renderD128"]);
        assert!(switch_to_cpu(None, Some(OsStr::new("1")), dri.path()));
        assert!(switch_to_cpu(None, Some(OsStr::new("true")), dri.path()));
        assert!(!switch_to_cpu(None, Some(OsStr::new("0")), dri.path()));
        assert!(!switch_to_cpu(None, Some(OsStr::new("")), dri.path()));
    }

    #[test]
    fn the_users_own_choice_stands() {
        let empty = dri_with(&[]);
        assert!(!switch_to_cpu(Some(OsStr::new("0")), None, empty.path()));
        assert!(!switch_to_cpu(
            Some(OsStr::new("1")),
            Some(OsStr::new("1")),
            empty.path()
        ));
    }
}
