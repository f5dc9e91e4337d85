# shellcheck shell=bash
# Sourced by Dayshift's scripts: installs the pinned node tools of scripts/node (asl-validator,
# aws-cdk, @cdktf/hcl2json) into scripts/node/node_modules when they are missing or the lock file
# changed, and never globally. Returns 3 when node or npm is missing, or the registry cannot be reached.

dayshift_node_tools() {
  local root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  dir="$root/scripts/node"
  command -v node >/dev/null 2>&1 || { echo "dayshift: node is not installed" >&2; return 3; }
  command -v npm >/dev/null 2>&1 || { echo "dayshift: npm is not installed" >&2; return 3; }
  if [ ! -f "$dir/node_modules/.installed" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
    echo "dayshift: installing node tools into scripts/node (npm ci)..." >&2
    if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2); then
      echo "dayshift: npm ci failed in scripts/node (is the npm registry reachable?)" >&2
      return 3
    fi
    touch "$dir/node_modules/.installed"
  fi
  export DAYSHIFT_NODE_BIN="$dir/node_modules/.bin"
}
