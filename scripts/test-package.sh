#!/usr/bin/env bash
# Installs the Linux package on this machine and checks it as a user meets it: the files it
# holds, `muster` and `muster-app` on PATH with the right version, a valid desktop entry, the
# icon at every size, the installed app started under Xvfb on its first screen over the
# database the installed command line made (e2e/tests/installed.rs, through WebDriver);
# then removes the package and checks the user's database is still where it was, unchanged.
# Needs root or sudo (dpkg); CI runs as root. Usage: scripts/test-package.sh DEB
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

deb=${1:?usage: scripts/test-package.sh DEB}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
logs=$PWD/target/test-package
mkdir -p "$logs"

fail() { die "$*"; }
expect_eq() { # what, got, want
  [ "$2" = "$3" ] || fail "$1: got «$2», want «$3»"
}

pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
schema=$(sed -n 's/.*(database schema \([0-9]*\)).*/\1/p' <<<"$(target/release/muster --version)")
want_version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
expect_eq "package version" "$version" "$want_version"

# What the package holds, before installing it.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||; s|^|/|; s|/$||' >"$logs/contents"
for f in /usr/bin/muster-app /usr/bin/muster /usr/share/applications/Muster.desktop \
  /usr/share/icons/hicolor/scalable/apps/muster-app.svg; do
  grep -qx "$f" "$logs/contents" || fail "the package lacks $f (contents: $logs/contents)"
done
sizes=(16 24 32 48 64 128 256 512)
for s in "${sizes[@]}"; do
  grep -qx "/usr/share/icons/hicolor/${s}x${s}/apps/muster-app.png" "$logs/contents" ||
    fail "the package lacks the ${s}x${s} icon (contents: $logs/contents)"
done

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  fail "$pkg is already installed here: remove it first (dpkg -r $pkg)"
fi
say "installing $(basename "$deb") (dpkg -i)"
$SUDO dpkg -i "$deb" >"$logs/dpkg-install.log" 2>&1 || {
  cat "$logs/dpkg-install.log" >&2
  fail "dpkg -i failed"
}
installed=1
user=$(mktemp -d)
cleanup() {
  if [ "${installed:-0}" = 1 ]; then $SUDO dpkg -r "$pkg" >/dev/null 2>&1 || true; fi
  rm -rf "$user"
}
trap cleanup EXIT

# On PATH, as a new shell finds them; the version and schema say which Muster this is.
expect_eq "muster on PATH" "$(command -v muster)" /usr/bin/muster
expect_eq "muster-app on PATH" "$(command -v muster-app)" /usr/bin/muster-app
expect_eq "muster --version" "$(muster --version)" "muster $version (database schema $schema)"

# The desktop entry: valid, starting the installed app with its icon, in three languages.
entry=/usr/share/applications/Muster.desktop
desktop-file-validate "$entry" || fail "$entry is not a valid desktop entry"
for line in "Exec=muster-app" "Icon=muster-app" "Name=Muster" "Type=Application" "Categories=Office;"; do
  grep -qx "$line" "$entry" || fail "$entry lacks «$line»"
done
for lang in ru kk; do
  grep -q "^Comment\[$lang\]=" "$entry" || fail "$entry does not say what Muster is in $lang"
done
for s in "${sizes[@]}"; do
  icon=/usr/share/icons/hicolor/${s}x${s}/apps/muster-app.png
  file "$icon" | grep -q "PNG image data, $s x $s, 8-bit/color RGBA" ||
    fail "$icon is not a ${s}x${s} RGBA PNG: $(file -b "$icon")"
done

# The user's database, made by the installed command line where it puts it by default.
export XDG_DATA_HOME=$user/data XDG_CONFIG_HOME=$user/config XDG_CACHE_HOME=$user/cache
unset MUSTER_DB
db=$XDG_DATA_HOME/org.muster.app/muster.sqlite3
muster init >/dev/null
muster demo >/dev/null
[ -f "$db" ] || fail "muster init did not make $db"

say "starting the installed app under Xvfb (e2e/tests/installed.rs)"
if ! MUSTER_USER_HOME=$user xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -q -p muster-e2e --test installed -- --ignored --test-threads=1 \
  >"$logs/e2e.log" 2>&1; then
  grep -A 6 "panicked at" "$logs/e2e.log" | head -n 40 >&2 || true
  tail -n 30 "$logs/e2e.log" >&2
  fail "the installed app failed its check (log: $logs/e2e.log)"
fi
before=$(sha256sum "$db" | cut -d' ' -f1)
today=$(date +%F)
readiness=$(muster readiness DEMO --as-of "$today")

say "removing the package (dpkg -r, then dpkg -P)"
$SUDO dpkg -r "$pkg" >"$logs/dpkg-remove.log" 2>&1
$SUDO dpkg -P "$pkg" >>"$logs/dpkg-remove.log" 2>&1
installed=0
for f in /usr/bin/muster /usr/bin/muster-app "$entry"; do
  [ ! -e "$f" ] || fail "$f is still there after removing the package"
done
[ -f "$db" ] || fail "removing the package took the user's database ($db)"
expect_eq "the database after removal" "$(sha256sum "$db" | cut -d' ' -f1)" "$before"
expect_eq "readiness read from the database after removal" \
  "$(target/release/muster --db "$db" readiness DEMO --as-of "$today")" "$readiness"
say "the package installs, runs and leaves the user's database when removed"
grep -h "^test result" "$logs/e2e.log" || true
