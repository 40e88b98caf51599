#!/usr/bin/env bash
# Measures the desktop app under Xvfb (start, matrix with 1,000 people, 40-person save)
# and prints the figures. Builds the UI and the app first.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npx vite build --logLevel warn)
cargo build -q -p muster-cli -p muster-app
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo bench -q -p muster-e2e --bench app 2>target/bench-app.err
