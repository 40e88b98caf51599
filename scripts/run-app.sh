#!/usr/bin/env bash
# Builds the UI bundle and starts the Muster desktop app (debug build).
# The database is the CLI's default: $MUSTER_DB, else <data dir>/org.muster.app/muster.sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
(
  cd ui
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --silent
  fi
  npx vite build --logLevel warn
)
exec cargo run -q -p muster-app "$@"
