#!/usr/bin/env bash
# Brings an environment's runtime up (or applies its base with --phase base).
# Locally (default) it runs the lifecycle machine in the embedded engine with jobs on this host
# (scripts/dayshift); with --aws it starts the deployed Step Functions state machine with the AWS CLI
# and follows the execution to its end.
# Usage: scripts/start-infra.sh [--aws] [--phase base|runtime] [--reason TEXT] [--config FILE] ENV
# Exit codes: 0 ok, 1 the execution failed, 2 bad usage or refused input, 3 a missing tool (aws, terraform, JDK).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/lifecycle.sh
. "$root/scripts/lib/lifecycle.sh"
dayshift_infra up apply "$@"
