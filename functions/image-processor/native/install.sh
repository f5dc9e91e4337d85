#!/usr/bin/env bash
# Installs libvips (the self-contained build that sharp ships on npm, pinned in package-lock.json beside
# this script) and copies it where the image processor loads it from: DEST/native/linux-<arch>/.
# Maven runs it at generate-resources, so the jar carries the library; see docs/adr/0001-image-libraries.md.
# Usage: install.sh WORK_DIR DEST_DIR CPU...   (CPU: x64 or arm64)
# Exit codes: 0 installed (or npm absent: a warning, and the image tests skip saying so), 1 npm failed,
#             2 bad usage.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 3 ] || { echo "usage: install.sh WORK_DIR DEST_DIR CPU..." >&2; exit 2; }
work="$1"; dest="$2"; shift 2
lib="libvips-cpp.so.8.18.7"

if ! command -v npm >/dev/null 2>&1; then
  echo "image-processor: npm is not installed, so libvips is not bundled; image tests will be skipped" >&2
  exit 0
fi

for cpu in "$@"; do
  case "$cpu" in
    x64) arch=x86_64 ;;
    arm64) arch=aarch64 ;;
    *) echo "install.sh: unknown CPU '$cpu' (expected x64 or arm64)" >&2; exit 2 ;;
  esac
  dir="$work/$cpu"
  src="$dir/node_modules/@img/sharp-libvips-linux-$cpu/lib/$lib"
  mkdir -p "$dir"
  # Reinstall only when the pinned versions changed.
  if [ ! -f "$src" ] || ! cmp -s "$here/package-lock.json" "$dir/package-lock.json"; then
    cp "$here/package.json" "$here/package-lock.json" "$dir/"
    if ! (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error \
          --cpu="$cpu" --os=linux --libc=glibc >&2); then
      echo "install.sh: npm ci failed for linux-$cpu" >&2
      exit 1
    fi
  fi
  mkdir -p "$dest/native/linux-$arch"
  cp -p "$src" "$dest/native/linux-$arch/$lib"
  cp -p "$dir/node_modules/@img/sharp-libvips-linux-$cpu/versions.json" "$dest/native/linux-$arch/versions.json"
done
