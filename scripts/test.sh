#!/usr/bin/env bash
# Every check Muster has, as CI runs them: installs what a fresh machine lacks, then
# formatting, lints, the UI's type check, unit, integration and CLI tests, and the
# end-to-end tests of the desktop app in a real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (-D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test --workspace --quiet

if [ -x scripts/test-app.sh ]; then
  echo "== desktop app: UI checks and end-to-end tests"
  bash scripts/test-app.sh
fi
echo "== all checks passed"
