# shellcheck shell=bash
# Shared by the scripts (sourced, not run): how they speak and compare versions.

# One line saying what a script is doing now, prefixed with the script's name.
say() { echo "$(basename "${0%.sh}"): $*"; }

# A failure: one line (or a few) on stderr, exit status 1.
die() {
  echo "$(basename "${0%.sh}"): $*" >&2
  exit 1
}

# True when dotted version $1 is at least $2 (1.92.0 ≥ 1.92; 18.20.4 ≥ 18.18).
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# `npm ci` in ui/, only when node_modules is not what package-lock.json says (a stamp of
# the lock's hash, written after a successful install, tells).
ensure_ui_deps() {
  local sum stamp=ui/node_modules/.muster-lock-sha256
  sum=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    say "installing the UI's npm packages (npm ci, about 30 seconds)"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    echo "$sum" >"$stamp"
  fi
}
