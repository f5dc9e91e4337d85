#!/usr/bin/env bash
# Plans the demo base: a "network" that the runtime would read. Tagged Phase=base, so the plan guard
# refuses any runtime plan that would delete or replace it.
set -euo pipefail
out="$1"
exists=no
[ -f "$DAYSHIFT_STATE_DIR/network.json" ] && exists=yes
tags='{"Phase":"base","Environment":"'"$DAYSHIFT_ENVIRONMENT"'"}'
changes=""
if [ "$DAYSHIFT_MODE" = deploy ] && [ $exists = no ]; then
  changes='{"address":"local_network.main","mode":"managed","type":"local_network","name":"main","change":{"actions":["create"],"before":null,"after":{"tags":'"$tags"'}}}'
elif [ "$DAYSHIFT_MODE" = destroy ] && [ $exists = yes ]; then
  changes='{"address":"local_network.main","mode":"managed","type":"local_network","name":"main","change":{"actions":["delete"],"before":{"tags":'"$tags"'},"after":null}}'
fi
printf '{"format_version":"1.2","terraform_version":"dayshift-demo","resource_changes":[%s]}\n' "$changes" > "$out"
echo "plan: network exists=$exists mode=$DAYSHIFT_MODE"
