#!/usr/bin/env bash
# Builds the Linux package with Tauri's bundler: target/release/bundle/deb/Muster_VERSION_ARCH.deb,
# holding the desktop app (release build) as /usr/bin/muster-app, the command line as
# /usr/bin/muster, the icon at the sizes desktop environments use (and as SVG), and a
# desktop entry. Prints the package's path (and nothing else) on stdout; says what it does
# on stderr. About 20 minutes the first time on 2 cores (a release build of
# everything; 21 in stop 18's CI), a minute or two when warm.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh >&2
tauri=$(bash scripts/tools.sh tauri-cli)  # from npm: after set-up has installed it
say "building the UI bundle" >&2
(cd ui && npx vite build --logLevel warn) >&2
say "building the command line and the desktop app (release; about 12 minutes the first time)" >&2
bash scripts/sidecar.sh >&2
say "bundling the .deb (tauri build)" >&2
rm -rf target/release/bundle/deb
"$tauri" build --ci --bundles deb --config src-tauri/tauri.bundle.json >&2
deb=$(ls target/release/bundle/deb/*.deb)
say "built $deb" >&2
echo "$deb"
