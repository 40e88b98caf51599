#!/usr/bin/env bash
# Renders Muster's icon, src-tauri/icons/muster.svg (the source, drawn for Muster), to the
# files the installers use (bundle.icon in tauri.conf.json): PNGs at 16 to 512 px for Linux
# desktops, icon.ico for Windows, icon.icns for macOS. Uses Tauri's own renderer
# (`tauri icon`; tauri-cli from scripts/tools.sh), the one the release workflow runs
# for the Android and iOS icons; python3 puts icon.icns in a stable order. With --check, renders them afresh into a temporary folder
# and fails if a committed file differs: the SVG changed without a new rendering, or a
# rendered file was edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

check=0
[ "${1:-}" = --check ] && check=1
tauri=$(bash scripts/tools.sh tauri-cli)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
svg=src-tauri/icons/muster.svg
"$tauri" icon "$svg" --output "$out/default" >"$out/log" 2>&1 ||
  die "tauri icon failed: $(cat "$out/log")"
"$tauri" icon "$svg" --output "$out/sizes" --png 16,24,48,256 >>"$out/log" 2>&1 ||
  die "tauri icon failed: $(cat "$out/log")"

# tauri icon writes the elements of icon.icns in a random order; macOS reads them in any
# order, so they are sorted here to make the file the same on every rendering.
python3 - "$out/default/icon.icns" <<'PY'
import struct, sys
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:4] == b"icns", path
parts, i = [], 8
while i < len(data):
    size = struct.unpack(">I", data[i + 4:i + 8])[0]
    parts.append(data[i:i + size])
    i += size
body = b"".join(sorted(parts))
open(path, "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY

files=(default/icon.png default/32x32.png default/64x64.png default/128x128.png
  default/icon.ico default/icon.icns sizes/16x16.png sizes/24x24.png sizes/48x48.png
  sizes/256x256.png)
stale=()
for f in "${files[@]}"; do
  name=$(basename "$f")
  if [ $check = 1 ]; then
    cmp -s "$out/$f" "src-tauri/icons/$name" || stale+=("$name")
  else
    cp "$out/$f" "src-tauri/icons/$name"
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  die "icons differ from a fresh rendering of $svg: ${stale[*]} (run scripts/icons.sh and commit them)"
fi
[ $check = 1 ] || say "rendered $svg to ${#files[@]} files in src-tauri/icons"
