#!/usr/bin/env bash
# Installs libvips (the self-contained build that sharp ships on npm, pinned in package-lock.json beside
# this script) and copies it where the image processor loads it from: DEST/native/linux-<arch>/.
# Maven runs it at generate-resources, so the jar carries the library; see docs/adr/0001-image-libraries.md.
# The npm install is kept in a cache shared by every checkout on this machine, keyed by the lock file's
# hash: ${DAYSHIFT_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/dayshift}/libvips/<sha256 of package-lock.json>/<cpu>/.
# A fresh clone with an unchanged lock file copies from there instead of running npm (npm ci verifies
# the packages' integrity when it fills the cache).
# With DAYSHIFT_LIBVIPS_LAYER_ROOT set, it also stages each architecture's Lambda layer as
# $DAYSHIFT_LIBVIPS_LAYER_ROOT/libvips-layer-<arch>/lib/ (the layer's /opt/lib), which bootstrap-cdk deploys
# beside the image processor (whose deployable jars do not carry the library).
# Usage: install.sh WORK_DIR DEST_DIR CPU...   (CPU: x64 or arm64; WORK_DIR is used when the cache cannot be)
# Exit codes: 0 installed (or npm absent: a warning, and the image tests skip saying so), 1 npm failed,
#             2 bad usage.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 3 ] || { echo "usage: install.sh WORK_DIR DEST_DIR CPU..." >&2; exit 2; }
work="$1"; dest="$2"; shift 2
lib="libvips-cpp.so.8.18.7"

lock_hash() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$here/package-lock.json"; else shasum -a 256 "$here/package-lock.json"; fi | cut -c1-64
}
cache="${DAYSHIFT_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/dayshift}/libvips/$(lock_hash)"
if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
  cache="$work/cache"   # no writable cache directory: the build's own
  mkdir -p "$cache"
fi

for cpu in "$@"; do
  case "$cpu" in
    x64) arch=x86_64 ;;
    arm64) arch=aarch64 ;;
    *) echo "install.sh: unknown CPU '$cpu' (expected x64 or arm64)" >&2; exit 2 ;;
  esac
  pkg="$cache/$cpu/node_modules/@img/sharp-libvips-linux-$cpu"
  if [ ! -f "$pkg/lib/$lib" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "image-processor: npm is not installed, so libvips is not bundled; image tests will be skipped" >&2
      exit 0
    fi
    # Installed beside the cache entry, then moved into place in one rename: concurrent builds never
    # see half an install.
    tmp="$(mktemp -d "$cache/.install-$cpu.XXXXXX")"
    chmod 755 "$tmp"
    cp "$here/package.json" "$here/package-lock.json" "$tmp/"
    if ! (cd "$tmp" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error \
          --cpu="$cpu" --os=linux --libc=glibc >&2); then
      rm -rf "$tmp"
      echo "install.sh: npm ci failed for linux-$cpu" >&2
      exit 1
    fi
    [ -f "$pkg/lib/$lib" ] || rm -rf "${cache:?}/$cpu"   # a broken entry (an interrupted copy by hand)
    if [ ! -e "$cache/$cpu" ]; then mv "$tmp" "$cache/$cpu" 2>/dev/null || true; fi
    rm -rf "$tmp"   # still there when another build got in first: its install is the same
  fi
  mkdir -p "$dest/native/linux-$arch"
  cp -p "$pkg/lib/$lib" "$dest/native/linux-$arch/$lib"
  cp -p "$pkg/versions.json" "$dest/native/linux-$arch/versions.json"
  if [ -n "${DAYSHIFT_LIBVIPS_LAYER_ROOT:-}" ]; then
    layer="$DAYSHIFT_LIBVIPS_LAYER_ROOT/libvips-layer-$arch/lib"
    mkdir -p "$layer"
    cp -p "$pkg/lib/$lib" "$layer/$lib"
    cp -p "$pkg/versions.json" "$layer/libvips-versions.json"
  fi
done
