#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and run Muster: the WebKitGTK
# stack Tauri links against, Node.js and npm from Debian (18.20 on Debian 12) and the UI's
# npm packages. `--ui` installs only Node.js, npm and the UI's packages. `--test` adds what only the test command needs: Xvfb and the WebDriver
# bridge for the real window, PDF tools, debootstrap for the bare-Debian check, Tauri's
# bundler (tauri-cli) and actionlint. A warm machine skips everything it already has.
#
# Needs, before anything else: a Rust toolchain (rustup's stable, at least the
# rust-version in Cargo.toml), and root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

mode=${1:-run}
case $mode in run | --ui | --test) ;; *) die "usage: scripts/setup.sh [--ui|--test]" ;; esac

# -- What must already be there -----------------------------------------------------------
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
# A function, not inline: the UI-only set-up (a bare root) has no Rust and needs none.
check_rust() {
  local need have
  need=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
  if ! command -v cargo >/dev/null 2>&1 || ! command -v rustc >/dev/null 2>&1; then
    die "Muster needs a Rust toolchain first (Rust $need or newer; Debian 12's own rustc is too old):
  curl --proto '=https' -sSf https://sh.rustup.rs | sh    # then open a new shell"
  fi
  have=$(rustc --version | awk '{print $2}')
  version_at_least "$have" "$need" ||
    die "Rust $have is too old: Muster needs $need or newer (rustup update stable)"
}
[ "$mode" = --ui ] || check_rust

# -- Debian packages ------------------------------------------------------------------------
apt_pkgs=(ca-certificates)
if [ "$mode" != --ui ]; then
  apt_pkgs+=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
    libayatana-appindicator3-dev librsvg2-dev pkg-config)
fi
# A machine whose Node.js comes from elsewhere (a newer one) keeps it.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt_pkgs+=(nodejs npm)
fi
if [ "$mode" = --test ]; then
  apt_pkgs+=(xvfb xauth webkit2gtk-driver imagemagick dbus-x11 poppler-utils debootstrap
    desktop-file-utils python3-venv shellcheck time)
fi
need_apt=()
for pkg in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    die "installing Debian packages needs root or sudo: ${need_apt[*]}"
  fi
  say "installing ${#need_apt[@]} Debian packages (about 1 minute on a fresh machine): ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${need_apt[@]}" >/dev/null
fi

# -- Node.js --------------------------------------------------------------------------------
need_node=$(sed -n 's/.*"node": ">=\([0-9.]*\)".*/\1/p' ui/package.json)
have_node=$(node --version | tr -d v)
if ! version_at_least "$have_node" "$need_node"; then
  die "Node.js $have_node is too old for the UI's tools: they need $need_node or newer"
fi

# -- The UI's npm packages: `npm ci` only when node_modules is not what the lock says -------
ensure_ui_deps

# -- Tools only the test command uses --------------------------------------------------------
if [ "$mode" = --test ]; then
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    say "installing tauri-driver (about 30 seconds)"
    cargo install tauri-driver --locked --quiet
  fi
  bash scripts/tools.sh tauri-cli >/dev/null
  bash scripts/tools.sh actionlint >/dev/null
fi
