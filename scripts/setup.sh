#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine lacks to build, run and test Muster:
# the WebKitGTK stack Tauri links against, Xvfb for the real window, the WebDriver
# bridge for end-to-end tests, PDF tools for checking reports, and the UI's npm packages.
# Idempotent: a warm machine skips what it already has.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
for pkg in libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
  libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver imagemagick dbus-x11 \
  poppler-utils pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# The UI is built with Vite 7, which needs Node.js 20.19 or newer.
if ! command -v node >/dev/null 2>&1; then
  echo "setup: installing nodejs and npm"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js $(node --version) is too old for the UI build (Vite 7 needs 20.19+)" >&2
fi

if [ -f ui/package.json ]; then
  (cd ui && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi)
fi
