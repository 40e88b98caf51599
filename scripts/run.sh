#!/usr/bin/env bash
# Runs Muster with a working default and no configuration: installs what a fresh machine
# lacks, then starts the desktop app (its first screen offers the demo contingent or a new
# one). Without a display (a server, an SSH session) it shows the same data on the command
# line instead: creates the database, loads the demo contingent once, prints its readiness.
# The database is the per-user app-data file both front ends share.
#
# Needs a Rust toolchain (rustup, Rust 1.92 or newer) and root or sudo for apt-get. On a
# fresh machine the first run takes about 10 minutes, most of it compiling; later runs
# start in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

say "checking what this machine has (a Rust toolchain, Debian packages, Node.js, the UI's npm packages)"
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  if [ ! -x target/debug/muster-app ]; then
    say "building the desktop app (about 6 minutes the first time, seconds after that)"
  fi
  exec bash scripts/run-app.sh
fi
say "no display: showing the demo contingent on the command line (the desktop app needs one)"
if [ ! -x target/release/muster ]; then
  say "building the muster command line (about 5 minutes the first time, seconds after that)"
fi
cargo build --release --quiet -p muster-cli
./target/release/muster init
./target/release/muster demo
./target/release/muster readiness DEMO
