#!/usr/bin/env bash
# Plans the demo runtime: one local service. Writes the plan as `terraform show -json` would.
# Usage: plan.sh OUT_JSON   (DAYSHIFT_MODE deploy|destroy, DAYSHIFT_STATE_DIR, DAYSHIFT_VAR_PORT,
# DAYSHIFT_SOURCE_VERSION: the version of this directory the job runs)
# A running service of another version is replaced (the release changed, or a rollback re-applies an
# older one).
set -euo pipefail
out="$1"
pidfile="$DAYSHIFT_STATE_DIR/service.pid"
running=no
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then running=yes; fi
deployed=""
if [ -f "$DAYSHIFT_STATE_DIR/service.version" ]; then deployed="$(cat "$DAYSHIFT_STATE_DIR/service.version")"; fi
change() { # address actions
  printf '{"address":"%s","mode":"managed","type":"local_service","name":"app","change":{"actions":%s,"before":%s,"after":%s}}' \
    "$1" "$2" "$3" "$4"
}
tags='"tags":{"Phase":"runtime","Environment":"'"$DAYSHIFT_ENVIRONMENT"'"}'
before='{"port":'"$DAYSHIFT_VAR_PORT"',"version":"'"$deployed"'",'"$tags"'}'
after='{"port":'"$DAYSHIFT_VAR_PORT"',"version":"'"${DAYSHIFT_SOURCE_VERSION:-}"'",'"$tags"'}'
changes=""
if [ "$DAYSHIFT_MODE" = deploy ] && [ $running = no ]; then
  changes="$(change local_service.app '["create"]' null "$after")"
elif [ "$DAYSHIFT_MODE" = deploy ] && [ "$deployed" != "${DAYSHIFT_SOURCE_VERSION:-}" ]; then
  changes="$(change local_service.app '["delete","create"]' "$before" "$after")"
elif [ "$DAYSHIFT_MODE" = destroy ] && [ $running = yes ]; then
  changes="$(change local_service.app '["delete"]' "$before" null)"
fi
printf '{"format_version":"1.2","terraform_version":"dayshift-demo","resource_changes":[%s]}\n' "$changes" > "$out"
echo "plan: service running=$running version=${deployed:-none} mode=$DAYSHIFT_MODE -> $([ -n "$changes" ] && echo 1 || echo 0) change(s)"
