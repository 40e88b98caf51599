#!/usr/bin/env bash
# Proves that a truly fresh Debian 12 builds and checks the UI with Debian's own packages:
# builds a throw-away bare Debian 12 root (debootstrap --variant=minbase bookworm, from the
# mirror this machine's apt uses), runs `scripts/setup.sh --ui` in it (apt-get install
# nodejs npm: Node.js 18.20; then npm ci, refusing any package whose declared engines leave
# that Node out), then the UI's type check, lint, unit tests and bundle. Any "upgrade your
# Node.js" warning fails it too. The root is deleted afterwards; the downloaded .debs and
# npm's cache stay in target/bare-debian/ for the next run.
#
# Needs root (debootstrap, chroot, mounts); CI runs as root. All output: target/bare-debian/log.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap and chroot): run it as root or with sudo"
command -v debootstrap >/dev/null || die "debootstrap is missing: run scripts/setup.sh --test"

cache=$PWD/target/bare-debian
mkdir -p "$cache/debootstrap" "$cache/apt/partial" "$cache/npm"
log=$cache/log
: >"$log"

# The Debian mirrors this machine's apt uses, whatever the format of its sources.
mirror_of() {
  apt-cache policy | awk -v suite="$1/main" '$1 ~ /^[0-9]+$/ && $3 == suite { print $2; exit }'
}
mirror=$(mirror_of bookworm)
security=$(mirror_of bookworm-security)
[ -n "$mirror" ] || die "this machine's apt sources name no Debian 12 (bookworm) mirror"

root=$(mktemp -d "${TMPDIR:-/var/tmp}/muster-bookworm.XXXXXX")
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  # Never delete through a mount that is still there (it could be /dev or the cache).
  if grep -q " $root/" /proc/mounts; then
    echo "test-bare-debian: $root still has mounts; left in place" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT
bind() {
  mkdir -p "$root$2"
  mount --bind "$1" "$root$2"
  mounts+=("$root$2")
}

started=$SECONDS
start_epoch=$(date +%s)
say "building a bare Debian 12 root from $mirror (about 2 minutes; .debs cached in target/)"
debootstrap --variant=minbase --cache-dir="$cache/debootstrap" bookworm "$root" "$mirror" \
  >>"$log" 2>&1 || {
  tail -n 20 "$log" >&2
  die "debootstrap failed (log: $log)"
}
t_root=$((SECONDS - started))
{
  echo "deb $mirror bookworm main"
  echo "deb $mirror bookworm-updates main"
  [ -z "$security" ] || echo "deb $security bookworm-security main"
} >"$root/etc/apt/sources.list"
# This machine's name resolution and certificate authorities (a proxy's CA among them).
cp /etc/hosts /etc/resolv.conf "$root/etc/"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/host-ca-certificates.crt"
mount -t proc proc "$root/proc"
mounts+=("$root/proc")
bind /dev /dev
bind /dev/pts /dev/pts
bind "$cache/apt" /var/cache/apt/archives
bind "$cache/npm" /root/.npm
mkdir -p "$root/muster"
tar -c --exclude=node_modules --exclude=dist ui scripts | tar -x -C "$root/muster"

say "in the bare root: scripts/setup.sh --ui (Debian's nodejs and npm), npm ci, then tsc, eslint, vitest, vite build"
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    NODE_EXTRA_CA_CERTS=/etc/host-ca-certificates.crt npm_config_engine_strict=true \
    npm_config_update_notifier=false "$@"
}
# shellcheck disable=SC2016 # expanded in the root, not here
if ! in_root bash -c 'set -e
  cd /muster
  bash scripts/setup.sh --ui
  echo "node $(node --version), npm $(npm --version), $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "set-up done at $(date +%s)"
  cd ui
  npx tsc --noEmit
  npx eslint src
  npx vitest run
  npx vite build' >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  die "the UI's checks failed on Debian 12's own Node.js (log: $log)"
fi
if grep -n -i -E "upgrade your node|requires node|unsupported engine|EBADENGINE" "$log" >&2; then
  die "a UI tool warns about this Node.js version (log: $log)"
fi
node_line=$(grep -m 1 "^node v" "$log")
tests=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E "^ +Tests +[0-9]+ passed" | awk '{print $2}')
t_setup=$(($(sed -n 's/^set-up done at //p' "$log") - start_epoch - t_root))
say "$node_line: type check, lint, $tests unit tests and bundle pass"
say "took $((SECONDS - started)) s: bare root $t_root s, nodejs, npm and npm ci $t_setup s, checks $((SECONDS - started - t_root - t_setup)) s"
