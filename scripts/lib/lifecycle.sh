# shellcheck shell=bash
# Sourced by start-infra.sh, stop-infra.sh and status.sh: the --aws path through the AWS CLI.
# The state machine is found by $DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN, else by its name
# ($DAYSHIFT_LIFECYCLE_STATE_MACHINE_NAME, default dayshift-ENV-lifecycle, the name the CDK app gives
# it) in the current account and region.

# dayshift_aws_machine_arn ENV
dayshift_aws_machine_arn() {
  if [ -n "${DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN:-}" ]; then
    echo "$DAYSHIFT_LIFECYCLE_STATE_MACHINE_ARN"
    return 0
  fi
  local name="${DAYSHIFT_LIFECYCLE_STATE_MACHINE_NAME:-dayshift-$1-lifecycle}" arn
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
  arn="$(dayshift_aws_machine_arn "$env")" || return $?
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

# dayshift_infra_args USAGE ARGS...: parses [--aws] [--phase base|runtime] [--reason TEXT] [--config FILE] ENV
# into aws_mode, phase, reason, config and env (exit 2 with USAGE on bad usage).
dayshift_infra_args() {
  local usage="$1"
  shift
  aws_mode=0 phase=runtime reason="" config="$root/dayshift.yaml" env=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --aws) aws_mode=1 ;;
      --phase) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; phase="$2"; shift ;;
      --reason) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; reason="$2"; shift ;;
      --config) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; config="$2"; shift ;;
      -h|--help) echo "$usage" >&2; exit 2 ;;
      -*) echo "unknown option $1" >&2; echo "$usage" >&2; exit 2 ;;
      *) [ -z "$env" ] || { echo "$usage" >&2; exit 2; }; env="$1" ;;
    esac
    shift
  done
  [ -n "$env" ] || { echo "$usage" >&2; exit 2; }
  case "$phase" in base|runtime) ;; *) echo "--phase must be base or runtime" >&2; exit 2 ;; esac
}

# dayshift_infra RUNTIME_ACTION BASE_ACTION ARGS...: what start-infra.sh (up/apply) and stop-infra.sh
# (down/destroy) do, locally or with --aws.
dayshift_infra() {
  local runtime_action="$1" base_action="$2" name action
  shift 2
  name="$(basename "$0")"
  dayshift_infra_args "usage: scripts/$name [--aws] [--phase base|runtime] [--reason TEXT] [--config FILE] ENV" "$@"
  if [ "$phase" = base ]; then action="$base_action"; else action="$runtime_action"; fi
  if [ "$aws_mode" = 1 ]; then
    dayshift_aws_run "$env" "$phase" "$action" "$reason"
  else
    if [ "$phase" = base ]; then
      exec "$root/scripts/dayshift" "$action" --env "$env" --phase base --reason "$reason" --config "$config"
    fi
    exec "$root/scripts/dayshift" "$action" --env "$env" --reason "$reason" --config "$config"
  fi
}
