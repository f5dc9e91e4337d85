#!/usr/bin/env bash
# Shows what Dayshift knows about an environment: recorded state, lock, approval, overrides, next change.
# Locally (default): scripts/dayshift status. With --aws: the state table's items for the environment
# ($DAYSHIFT_STATE_TABLE, default dayshift-ENV-state as the CDK app names it) and the lifecycle machine's latest executions.
# Usage: scripts/status.sh [--aws] [--config FILE] ENV
# Exit codes: 0 ok, 2 bad usage, 3 a missing tool (aws, JDK).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/lifecycle.sh
. "$root/scripts/lib/lifecycle.sh"
dayshift_infra_args "usage: scripts/status.sh [--aws] [--config FILE] ENV" "$@"
if [ $aws_mode = 0 ]; then
  exec "$root/scripts/dayshift" status --env "$env" --config "$config"
fi
command -v aws >/dev/null 2>&1 || { echo "the AWS CLI (aws) is not installed" >&2; exit 3; }
table="${DAYSHIFT_STATE_TABLE:-dayshift-$env-state}"
echo "records of $env in $table:"
aws dynamodb query --table-name "$table" --key-condition-expression "pk = :pk" \
  --expression-attribute-values "{\":pk\":{\"S\":\"env#$env\"}}" \
  --query 'Items[?!(starts_with(sk.S, `history#`)) && !(starts_with(sk.S, `decision#`))].[sk.S, json.S]' --output text
arn="$(dayshift_aws_machine_arn "$env")"
echo "latest executions of $arn:"
aws stepfunctions list-executions --state-machine-arn "$arn" --max-results 10 \
  --query "executions[?contains(name, '-$env-')].[startDate,status,name]" --output text
