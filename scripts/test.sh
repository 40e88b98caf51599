#!/usr/bin/env bash
# Every check Muster has, as CI runs them: installs what a fresh machine lacks, then
# formatting, lints, the core's unit, integration and CLI tests, and the desktop app's
# checks (UI type check, lint and unit tests, the shell's tests, end-to-end tests in the
# real window under Xvfb). Ends with one line counting every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target

# A one-off build gains nothing from incremental caches, and they double target/'s size.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
# Say plainly when the disk is short: a build that dies half-way says only "os error 28".
avail_kb=$(df -Pk target | awk 'NR == 2 { print $4 }')
if [ "${avail_kb:-0}" -lt 5000000 ]; then
  echo "test: only $((avail_kb / 1024)) MB free under target/; a fresh build needs about 4 GB" >&2
fi

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== UI bundle (the app embeds ui/dist at compile time)"
(cd ui && npx vite build --logLevel warn)
echo "== cargo clippy --workspace --all-targets (-D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== core: unit, integration and CLI tests"
cargo test -p muster --quiet 2>&1 | tee target/test-core.log
echo "== desktop app: UI checks, shell tests, end-to-end tests"
bash scripts/test-app.sh
grep -h "^test result" target/test-app/app-tests.log target/test-app/e2e.log || true

# One closing line over every runner: cargo's "test result" lines and vitest's "Tests" line
# (colour codes stripped: vitest colours its summary when CI is set).
sed 's/\x1b\[[0-9;]*m//g' target/test-core.log target/test-app/vitest.log \
  target/test-app/app-tests.log target/test-app/e2e.log | awk '
  /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
  /^ *Tests +[0-9]+ passed/ { p += $2 }
  END { printf "tests: %d passed, %d failed\n", p, f }
'
