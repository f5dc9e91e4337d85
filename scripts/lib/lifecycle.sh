# shellcheck shell=bash
# Sourced by start-infra.sh, stop-infra.sh and status.sh: the --aws path through the AWS CLI.
# The state machine is found by $DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN, else by its name
# ($DAYSHIFT_LIFECYCLE_STATE_MACHINE_NAME, default dayshift-lifecycle) in the current account and region.

dayshift_aws_machine_arn() {
  if [ -n "${DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN:-}" ]; then
    echo "$DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN"
    return 0
  fi
  local name="${DAYSHIFT_LIFECYCLE_STATE_MACHINE_NAME:-dayshift-lifecycle}" arn
  arn="$(aws stepfunctions list-state-machines --query "stateMachines[?name=='$name'].stateMachineArn | [0]" --output text)" || return 1
  if [ -z "$arn" ] || [ "$arn" = None ]; then
    echo "no state machine named $name (set DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN)" >&2
    return 2
  fi
  echo "$arn"
}

# dayshift_aws_run ENV PHASE ACTION REASON: starts the lifecycle machine and follows it to its end.
dayshift_aws_run() {
  local env="$1" phase="$2" action="$3" reason="$4" arn name input exec status
  command -v aws >/dev/null 2>&1 || { echo "the AWS CLI (aws) is not installed" >&2; return 3; }
  arn="$(dayshift_aws_machine_arn)" || return $?
  name="manual-$env-$action-$(date -u +%Y%m%dT%H%M%S)-$$"
  input="$(printf '{"environment":"%s","phase":"%s","action":"%s","trigger":"manual","requestedBy":"%s","reason":"%s"}' \
    "$env" "$phase" "$action" "${USER:-unknown}" "${reason//\"/\'}")"
  exec="$(aws stepfunctions start-execution --state-machine-arn "$arn" --name "$name" --input "$input" \
    --query executionArn --output text)" || return 1
  echo "started $exec"
  while true; do
    status="$(aws stepfunctions describe-execution --execution-arn "$exec" --query status --output text)" || return 1
    case "$status" in
      RUNNING) sleep 10 ;;
      SUCCEEDED) aws stepfunctions describe-execution --execution-arn "$exec" --query output --output text; return 0 ;;
      *)
        aws stepfunctions describe-execution --execution-arn "$exec" --query '[status,error,cause]' --output text >&2
        case "$(aws stepfunctions describe-execution --execution-arn "$exec" --query error --output text)" in
          Dayshift.InvalidInput|Dayshift.UnknownEnvironment|Dayshift.Protected) return 2 ;;
          Dayshift.MissingTool) return 3 ;;
          *) return 1 ;;
        esac ;;
    esac
  done
}
