#!/usr/bin/env bash
# Every check Muster has, as CI runs them: installs what a fresh machine lacks, then
# formatting, lints (Rust, the scripts, the release workflow, the icons), the core's unit,
# integration and CLI tests, the desktop app's checks (UI type check, lint and unit tests,
# the shell's tests, end-to-end tests in the real window under Xvfb), the UI's checks under
# Debian 12's own Node.js 18 in a throw-away bare Debian 12 root, and the Linux package:
# built, installed, started, removed. Prints a line per stage, the time each took, and
# ends with one line counting every test run.
#
# Needs a Rust toolchain (rustup, Rust 1.92 or newer) and root or sudo (apt-get, the bare
# root, dpkg). On a fresh machine the first run takes about 40 minutes on 2 cores; a warm
# one about 15. All logs: target/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
mkdir -p target

# A one-off build gains nothing from incremental caches, and they double target/'s size.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
# Say plainly when the disk is short: a build that dies half-way says only "os error 28".
avail_kb=$(df -Pk target | awk 'NR == 2 { print $4 }')
if [ "${avail_kb:-0}" -lt 8000000 ]; then
  echo "test: only $((avail_kb / 1024)) MB free under target/; a fresh run needs about 8 GB" >&2
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# One line per stage as it starts; its time is kept for the table at the end.
timings=()
stage_name=""
stage_start=$SECONDS
stage() {
  if [ -n "$stage_name" ]; then
    timings+=("$(printf '  %-92s %5d s' "$stage_name" $((SECONDS - stage_start)))")
  fi
  stage_name=${1:-}
  stage_start=$SECONDS
  if [ -n "$stage_name" ]; then echo "== $stage_name"; fi
}

stage "set-up: what is missing (first run: Debian packages ~1 min, npm packages and tauri-cli ~30 s)"
bash scripts/setup.sh --test
stage "cargo fmt --check"
cargo fmt --all -- --check
stage "lint the scripts (shellcheck), the release workflow (actionlint), the icons"
shellcheck -x scripts/*.sh .ci/run
"$(bash scripts/tools.sh actionlint)" .github/workflows/*.yml
bash scripts/icons.sh --check
stage "UI bundle (the app embeds ui/dist at compile time)"
(cd ui && npx vite build --logLevel warn)
stage "cargo clippy --workspace --all-targets (-D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
stage "core: unit, integration and CLI tests"
cargo test -p muster -p muster-cli --quiet 2>&1 | tee target/test-core.log
stage "desktop app: UI checks, shell tests, end-to-end tests"
bash scripts/test-app.sh
grep -h "^test result" target/test-app/app-tests.log target/test-app/e2e.log || true
stage "UI checks under Debian 12's own Node.js 18, in a bare Debian 12 root (~5 min)"
$SUDO bash scripts/test-bare-debian.sh
stage "Linux package: release build and .deb (first run ~10 min), installed, started, removed"
deb=$(bash scripts/package-deb.sh 2>target/package-deb.log) || {
  tail -n 40 target/package-deb.log >&2
  die "building the .deb failed (log: target/package-deb.log)"
}
bash scripts/test-package.sh "$deb"
stage

echo "== time per stage"
printf '%s\n' "${timings[@]}"
printf '  %-92s %5d s\n' "all" "$SECONDS"
# One closing line over every runner: cargo's "test result" lines and vitest's "Tests" line
# (colour codes stripped: vitest colours its summary when CI is set).
sed 's/\x1b\[[0-9;]*m//g' target/test-core.log target/test-app/vitest.log \
  target/test-app/app-tests.log target/test-app/e2e.log target/test-package/e2e.log | awk '
  /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
  /^ *Tests +[0-9]+ passed/ { p += $2 }
  END { printf "tests: %d passed, %d failed\n", p, f }
'
