#!/usr/bin/env bash
# Builds the UI bundle and starts the Muster desktop app (debug build).
# The database is the CLI's default: $MUSTER_DB, else <data dir>/org.muster.app/muster.sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_ui_deps
(cd ui && npx vite build --logLevel warn)
exec cargo run -q -p muster-app "$@"
