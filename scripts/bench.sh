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
# Repetitions in random order: a benchmark and its floor then share the machine's moods
# (it is shared and noisy) instead of running minutes apart.
./build/bench/bench/symphony_bench --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true \
  --benchmark_min_time=0.2 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
python3 - "$out" <<'PY'
import json, sys
rows = {b["run_name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"}
floors = {
  "BM_BookParsePrice": "BM_FloorMulDiv64", "BM_BookFormatPrice": "BM_FloorMulDiv64",
  "BM_BookNotional128": "BM_FloorMulDiv64", "BM_BookRoundToTick": "BM_FloorMulDiv64",
  "BM_BookLoadSnapshot1000": "BM_FloorMemcpyBook20", "BM_BookApplySnapshot20": "BM_FloorMemcpyBook20",
  "BM_BookApplyDiff/1": "BM_FloorLowerBound1000x10", "BM_BookApplyDiff/10": "BM_FloorLowerBound1000x10",
  "BM_BookApplyDiff/100": "BM_FloorLowerBound1000x10", "BM_BookReplayBinanceDiffs": "BM_FloorLowerBound1000x10",
  "BM_BookTopOfBook": "BM_FloorAdd64", "BM_BookMicroprice": "BM_FloorMulDiv64",
  "BM_BookImbalance10": "BM_FloorAdd64", "BM_BookCostToFill25Levels": "BM_FloorMulDiv64",
  "BM_BookWalls50": "BM_FloorAdd64",
  "BM_AsterParseCaptureAndApply": "BM_FloorSimdjsonAsterCapture",
  "BM_AsterParseDepth": "BM_FloorSimdjsonAsterDepth", "BM_AsterParseBookTicker": "BM_FloorSimdjsonAsterBookTicker",
  "BM_AsterParseTrade": "BM_FloorSimdjsonAsterTrade",
  "BM_SnapshotPublish": "BM_FloorMemcpySnapshot", "BM_SnapshotRead": "BM_FloorMemcpySnapshot",
  "BM_SnapshotTradeEventEndToEnd": "BM_FloorMemcpySnapshot",
  "BM_SnapshotEventRingPushPop": "BM_FloorMemcpySnapshot", "BM_SnapshotRingPushPop256": "BM_FloorMemcpyBook20",
}
print("\n%-32s %12s  %-26s %10s %8s" % ("benchmark", "median ns", "floor", "floor ns", "ratio"))
for name in rows:
    if name.startswith("BM_Indicator") or name.startswith("BM_Pattern"):
        floors.setdefault(name, "BM_FloorFma")
for name, floor in floors.items():
    if name in rows and floor in rows:
        a, f = rows[name]["real_time"], rows[floor]["real_time"]
        print("%-32s %12.2f  %-26s %10.2f %8.1f" % (name, a, floor, f, a / f))
for name, b in rows.items():
    if name not in floors and not name.startswith("BM_Floor"):
        print("%-32s %12.2f  (no floor: absolute)" % (name, b["real_time"]))
PY
