#!/usr/bin/env bash
# Applies a demo runtime plan: starts or stops the local service.
# Usage: apply.sh PLAN_JSON. A file "fault-next-apply" in DAYSHIFT_STATE_DIR makes this run fail once
# with exit 75 (a transient failure, which the lifecycle machine retries).
set -euo pipefail
plan="$1"
pidfile="$DAYSHIFT_STATE_DIR/service.pid"
mkdir -p "$DAYSHIFT_STATE_DIR"
if [ -f "$DAYSHIFT_STATE_DIR/fault-next-apply" ]; then
  rm -f "$DAYSHIFT_STATE_DIR/fault-next-apply"
  echo "apply: connection reset by peer (injected transient fault)" >&2
  exit 75
fi
if grep -q '"create"' "$plan"; then
  command -v python3 >/dev/null 2>&1 || { echo "apply: python3 is needed for the demo service" >&2; exit 3; }
  if (exec 3<>"/dev/tcp/127.0.0.1/$DAYSHIFT_VAR_PORT") 2>/dev/null; then
    echo "apply: port $DAYSHIFT_VAR_PORT is already in use (another demo runtime? try: scripts/dayshift down --env $DAYSHIFT_ENVIRONMENT)" >&2
    exit 1
  fi
  nohup python3 "$PWD/service.py" "$DAYSHIFT_ENVIRONMENT" "$DAYSHIFT_VAR_PORT" >"$DAYSHIFT_STATE_DIR/service.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$DAYSHIFT_VAR_PORT") 2>/dev/null; then
      echo "apply: service $(cat "$pidfile") listening on 127.0.0.1:$DAYSHIFT_VAR_PORT"
      exit 0
    fi
    sleep 0.05
  done
  echo "apply: the service did not start listening on port $DAYSHIFT_VAR_PORT" >&2
  exit 1
elif grep -q '"delete"' "$plan"; then
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    kill "$pid" 2>/dev/null || true
    # wait until the port is closed (the process may linger as a zombie until its parent reaps it)
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$DAYSHIFT_VAR_PORT") 2>/dev/null || break; sleep 0.02; done
    rm -f "$pidfile"
  fi
  echo "apply: service stopped"
else
  echo "apply: nothing to do"
fi
