#!/usr/bin/env bash
# The randomized fault campaign: TRIALS seeded trials (default 500) of the real engine on
# the simulated venue through the fault layer (delayed, duplicated, reordered and corrupt
# fills and updates; blank, stale and reordered account snapshots; dropped cancels;
# refused stop replacements; absurd marks; store failures), each watched by the invariant
# checker (tests/support/fault_layer.hpp). Trials run in parallel, one chunk per core.
#
#   scripts/fault-campaign.sh [TRIALS] [FIRST_SEED] [HOURS]
#
# Then FAULT_ASTER_TRIALS (default 5) real-time trials of 15 s run against the fake Aster
# (the real adapter over loopback HTTPS + WSS), through the same layer and checker.
#
# Prints each chunk's summary, every finding with its seed, and the totals; exits 1 if
# any invariant broke. A finding is replayed alone with
#   FAULT_SEED=N FAULT_TRIALS=1 build/ci/tests/fault_campaign_tests
# CI runs the test's default (8 trials of 4 simulated hours) as part of the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-500}"
first="${2:-1}"
hours="${3:-4}"
for v in "$trials" "$first" "$hours"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "fault-campaign: '$v' is not a positive integer" >&2; exit 2; }
done

bash scripts/deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
cmake --preset ci >/dev/null
cmake --build build/ci --target fault_campaign_tests

jobs=$(nproc)
[ "$jobs" -gt "$trials" ] && jobs="$trials"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
per=$(( (trials + jobs - 1) / jobs ))
seed="$first"
left="$trials"
pids=()
for ((j = 0; j < jobs && left > 0; j++)); do
  n=$(( left < per ? left : per ))
  FAULT_SEED="$seed" FAULT_TRIALS="$n" FAULT_HOURS="$hours" \
    build/ci/tests/fault_campaign_tests --gtest_brief=1 --gtest_filter=FaultCampaign.NoInvariantBreaksUnderSeededFaults \
    >"$out/chunk-$j.log" 2>&1 &
  pids+=($!)
  seed=$((seed + n))
  left=$((left - n))
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
FAULT_SEED="$first" FAULT_ASTER_TRIALS="${FAULT_ASTER_TRIALS:-5}" \
  build/ci/tests/fault_campaign_tests --gtest_brief=1 --gtest_filter=FaultCampaign.TheFakeAsterThroughTheFaultLayer \
  >"$out/aster.log" 2>&1 || status=1

grep -h '^fault campaign:' "$out"/chunk-*.log || true
grep -h '^fault campaign on the fake Aster:' "$out"/aster.log || true
grep -h -e '^seed [0-9]* at ' -e '^aster seed ' "$out"/chunk-*.log "$out"/aster.log || true
# Totals over the chunks: "name=count" pairs after "faults:" and after "findings:".
grep -h '^fault campaign:' "$out"/chunk-*.log | awk '
  {
    part = ""
    for (i = 1; i <= NF; i++) {
      if ($i == "faults:") { part = "f"; continue }
      if ($i == "findings:") { part = "x"; continue }
      if ($i ~ /^trades;$/) trades += $(i - 1)
      if (split($i, kv, "=") == 2 && kv[2] ~ /^[0-9]+;?$/) {
        sub(/;$/, "", kv[2])
        if (part == "f") faults[kv[1]] += kv[2]; else if (part == "x") found[kv[1]] += kv[2]
      }
    }
  }
  END {
    printf "totals (simulated venue): %d trades; faults:", trades
    for (k in faults) printf " %s=%d", k, faults[k]
    printf "; findings:"
    n = 0
    for (k in found) { printf " %s=%d", k, found[k]; n++ }
    if (n == 0) printf " none"
    printf "\n"
  }'
if [ "$status" -ne 0 ]; then
  echo "fault-campaign: invariants broke (details above; full logs were in $out)" >&2
  grep -h -B2 -A8 'Failure' "$out"/chunk-*.log "$out"/aster.log | grep -v '^\[20' | head -60 >&2 || true
fi
exit "$status"
