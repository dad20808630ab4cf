#!/usr/bin/env bash
# Builds and runs symphony_bench (release flags), then prints each benchmark as a ratio to
# the floor of the same shape measured in the same run. Extra arguments go to the
# benchmark binary, e.g.  bash scripts/bench.sh --benchmark_filter=Fixed
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
cmake --preset bench >/dev/null
cmake --build --preset bench --target symphony_bench
out=build/bench/bench-results.json
./build/bench/bench/symphony_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
python3 - "$out" <<'PY'
import json, sys
rows = {b["run_name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"}
floors = {
  "BM_FixedParse": "BM_FloorMulDiv64", "BM_FixedToString": "BM_FloorMulDiv64",
  "BM_FixedNotional128": "BM_FloorMulDiv64", "BM_FixedRoundToTick": "BM_FloorMulDiv64",
  "BM_SpscRingPushPop256": "BM_FloorMemcpyBook20", "BM_BookApplySnapshot20": "BM_FloorMemcpyBook20",
  "BM_BookMid": "BM_FloorAdd64",
}
print("\n%-26s %12s  %-22s %10s %8s" % ("benchmark", "median ns", "floor", "floor ns", "ratio"))
for name, floor in floors.items():
    if name in rows and floor in rows:
        a, f = rows[name]["real_time"], rows[floor]["real_time"]
        print("%-26s %12.2f  %-22s %10.2f %8.1f" % (name, a, floor, f, a / f))
for name, b in rows.items():
    if name not in floors and not name.startswith("BM_Floor"):
        print("%-26s %12.2f  (no floor: absolute)" % (name, b["real_time"]))
PY
