#!/usr/bin/env bash
# Runs the Dayshift CDK app with plain java (no Maven), for cdk.json's "app" and scripts/synth.
# It needs the module built once (target/classes and target/classpath.txt):
#   mvn -B -DskipTests package -pl bootstrap-cdk -am     (from the repository root)
# Exit codes: those of dev.dayshift.cdk.DayshiftApp (0 ok, 1 cdk-nag errors, 2 bad configuration,
# 3 something not built or no JDK >= 21).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../scripts/lib/java.sh
. "$here/../scripts/lib/java.sh"
dayshift_find_java || exit 3
if [ ! -f "$here/target/classpath.txt" ] || [ ! -d "$here/target/classes/dev/dayshift/cdk" ]; then
  echo "bootstrap-cdk: not built; run from the repository root: mvn -B -DskipTests package -pl bootstrap-cdk -am (or use scripts/synth)" >&2
  exit 3
fi
# jsii warns on every start that node 20 is past its end of life; the synth itself works on it.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=1 JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
exec "$JAVA" --sun-misc-unsafe-memory-access=allow -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  dev.dayshift.cdk.DayshiftApp "$@"
