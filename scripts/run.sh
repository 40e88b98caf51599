#!/usr/bin/env bash
# Runs Muster with a working default and no configuration: installs what a fresh machine
# lacks, creates the database in the per-user app-data folder, loads the demo contingent
# (once) and prints its readiness.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >/dev/null
cargo build --release --quiet --bin muster
./target/release/muster init
./target/release/muster demo
./target/release/muster readiness DEMO
