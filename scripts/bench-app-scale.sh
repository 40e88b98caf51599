#!/usr/bin/env bash
# Measures the desktop app at a training centre's scale under Xvfb (100,000 people in 20
# rotations, the current one 10,000 strong) and prints the figures. Builds the UI, then the
# release app and command line (the figures are for what users run).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npx vite build --logLevel warn)
cargo build -q --release -p muster-cli -p muster-app
MUSTER_APP_BIN="$PWD/target/release/muster-app" xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo bench -q -p muster-e2e --bench app_scale 2>target/bench-app-scale.err
