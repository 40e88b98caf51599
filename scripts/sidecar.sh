#!/usr/bin/env bash
# Builds the `muster` command line (release) and puts it where Tauri's bundler takes it
# from (bundle.externalBin in src-tauri/tauri.bundle.json): target/sidecar/muster-TRIPLE,
# so every installer (.deb, AppImage, MSI, NSIS, dmg) carries it beside the app; the .deb
# installs it as /usr/bin/muster.
# Usage: scripts/sidecar.sh [TARGET_TRIPLE]   (default: this machine's)
set -euo pipefail
cd "$(dirname "$0")/.."

triple=${1:-$(rustc -vV | sed -n 's/^host: //p')}
ext=""
case $triple in *windows*) ext=.exe ;; esac
# The command line and the app in one cargo run, with the feature `tauri build` asks for:
# then they share every dependency's build, and tauri build after this only relinks the
# app. (The command line on its own unified features differently and built most of the
# dependencies a second time.)
args=(--release --locked --quiet -p muster-cli -p muster-app --bins --features tauri/custom-protocol)
if [ -n "${1:-}" ]; then
  cargo build "${args[@]}" --target "$triple"
  built=target/$triple/release/muster$ext
else
  cargo build "${args[@]}"
  built=target/release/muster$ext
fi
mkdir -p target/sidecar
cp "$built" "target/sidecar/muster-$triple$ext"
