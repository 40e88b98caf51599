#!/usr/bin/env bash
# Checks the desktop app: the UI's type check, lint and unit tests, a fresh UI bundle, the
# app build, then the end-to-end tests that drive the real app window under Xvfb.
# Quiet on success; on failure prints the failing step's log (all logs: target/test-app/).
set -euo pipefail
cd "$(dirname "$0")/.."
logs=target/test-app
mkdir -p "$logs"

step() {
  local name=$1
  shift
  if ! "$@" >"$logs/$name.log" 2>&1; then
    echo "test-app: $name failed (log: $logs/$name.log)" >&2
    # The assertion that failed first, then the end of the log (a backtrace can hide it).
    grep -A 6 "panicked at" "$logs/$name.log" | head -n 40 >&2 || true
    tail -n 60 "$logs/$name.log" >&2
    exit 1
  fi
}

step npm-ci bash -c 'source scripts/lib.sh; ensure_ui_deps'
step tsc bash -c 'cd ui && npx tsc --noEmit'
step lint bash -c 'cd ui && npx eslint src'
step vitest bash -c 'cd ui && npx vitest run'
step vite bash -c 'cd ui && npx vite build'
# The shell's own tests (generated bindings up to date, commands over IPC on the mock
# runtime) run first: they build the app with test features, the e2e needs the plain one.
step app-tests cargo test -p muster-app
step cargo-build cargo build -p muster-cli -p muster-app
step e2e xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p muster-e2e --tests -- --test-threads=1
