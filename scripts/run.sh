#!/usr/bin/env bash
# Runs Muster with a working default and no configuration: installs what a fresh machine
# lacks, then starts the desktop app (its first screen offers the demo contingent or a new
# one). Without a display (a server, an SSH session) it shows the same data on the command
# line instead: creates the database, loads the demo contingent once, prints its readiness.
# The database is the per-user app-data file both front ends share.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >/dev/null
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec bash scripts/run-app.sh
fi
echo "(no display: showing the demo contingent on the command line; the desktop app needs one)" >&2
cargo build --release --quiet --bin muster
./target/release/muster init
./target/release/muster demo
./target/release/muster readiness DEMO
