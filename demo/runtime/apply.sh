#!/usr/bin/env bash
# Applies a demo runtime plan: stops the local service (delete), starts this directory's release of it
# (create), or both (replace). Usage: apply.sh PLAN_JSON. A file "fault-next-apply" in
# DAYSHIFT_STATE_DIR makes this run fail once with exit 75 (a transient failure, which the lifecycle
# machine retries).
set -euo pipefail
plan="$1"
pidfile="$DAYSHIFT_STATE_DIR/service.pid"
mkdir -p "$DAYSHIFT_STATE_DIR"
if [ -f "$DAYSHIFT_STATE_DIR/fault-next-apply" ]; then
  rm -f "$DAYSHIFT_STATE_DIR/fault-next-apply"
  echo "apply: connection reset by peer (injected transient fault)" >&2
  exit 75
fi
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$DAYSHIFT_VAR_PORT") 2>/dev/null; }
if grep -q '"delete"' "$plan"; then
  if [ -f "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    # wait until the port is closed (the process may linger as a zombie until its parent reaps it)
    for _ in $(seq 1 100); do listening || break; sleep 0.02; done
    rm -f "$pidfile" "$DAYSHIFT_STATE_DIR/service.version"
  fi
  echo "apply: service stopped"
fi
if grep -q '"create"' "$plan"; then
  command -v python3 >/dev/null 2>&1 || { echo "apply: python3 is needed for the demo service" >&2; exit 3; }
  if listening; then
    echo "apply: port $DAYSHIFT_VAR_PORT is already in use (another demo runtime? try: scripts/dayshift down --env $DAYSHIFT_ENVIRONMENT)" >&2
    exit 1
  fi
  nohup python3 "$PWD/service.py" "$DAYSHIFT_ENVIRONMENT" "$DAYSHIFT_VAR_PORT" >"$DAYSHIFT_STATE_DIR/service.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 100); do
    if listening; then
      printf '%s\n' "${DAYSHIFT_SOURCE_VERSION:-}" > "$DAYSHIFT_STATE_DIR/service.version"
      echo "apply: service $(cat "$pidfile") (release $(python3 -c 'import json;print(json.load(open("release.json"))["release"])')) listening on 127.0.0.1:$DAYSHIFT_VAR_PORT"
      exit 0
    fi
    sleep 0.05
  done
  echo "apply: the service did not start listening on port $DAYSHIFT_VAR_PORT" >&2
  exit 1
fi
grep -q '"delete"' "$plan" || echo "apply: nothing to do"
