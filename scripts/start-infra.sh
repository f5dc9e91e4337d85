#!/usr/bin/env bash
# Brings an environment's runtime up (or applies its base with --phase base).
# Locally (default) it runs the lifecycle machine in the embedded engine with jobs on this host
# (scripts/dayshift up); with --aws it starts the deployed Step Functions state machine with the AWS CLI
# and follows the execution to its end.
# Usage: scripts/start-infra.sh [--aws] [--phase base|runtime] [--reason TEXT] [--config FILE] ENV
# Exit codes: 0 ok, 1 the execution failed, 2 bad usage or refused input, 3 a missing tool (aws, terraform, JDK).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/lifecycle.sh
. "$root/scripts/lib/lifecycle.sh"
usage() { echo "usage: scripts/start-infra.sh [--aws] [--phase base|runtime] [--reason TEXT] [--config FILE] ENV" >&2; exit 2; }
aws_mode=0 phase=runtime reason="" config="$root/dayshift.yaml" env=""
while [ $# -gt 0 ]; do
  case "$1" in
    --aws) aws_mode=1 ;;
    --phase) [ $# -ge 2 ] || usage; phase="$2"; shift ;;
    --reason) [ $# -ge 2 ] || usage; reason="$2"; shift ;;
    --config) [ $# -ge 2 ] || usage; config="$2"; shift ;;
    -h|--help) usage ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) [ -z "$env" ] || usage; env="$1" ;;
  esac
  shift
done
[ -n "$env" ] || usage
case "$phase" in base) action=apply ;; runtime) action=up ;; *) echo "--phase must be base or runtime" >&2; exit 2 ;; esac
if [ $aws_mode = 1 ]; then
  dayshift_aws_run "$env" "$phase" "$action" "$reason"
else
  if [ "$phase" = base ]; then
    exec "$root/scripts/dayshift" "$action" --env "$env" --phase base --reason "$reason" --config "$config"
  fi
  exec "$root/scripts/dayshift" "$action" --env "$env" --reason "$reason" --config "$config"
fi
