#!/usr/bin/env bash
# Applies a demo base plan: creates or removes the "network" record.
set -euo pipefail
mkdir -p "$DAYSHIFT_STATE_DIR"
if grep -q '"create"' "$1"; then
  printf '{"cidr":"10.42.0.0/16","environment":"%s"}\n' "$DAYSHIFT_ENVIRONMENT" > "$DAYSHIFT_STATE_DIR/network.json"
  echo "apply: network created"
elif grep -q '"delete"' "$1"; then
  rm -f "$DAYSHIFT_STATE_DIR/network.json"
  echo "apply: network removed"
else
  echo "apply: nothing to do"
fi
