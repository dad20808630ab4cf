#!/usr/bin/env bash
# The whole test suite, as CI runs it. Stages, in order, stopping at the first failure:
#   1. format and conventions (scripts/check.sh);
#   2. asan: AddressSanitizer + UndefinedBehaviorSanitizer (-O1): every test, the long
#      simulations (label `slow`), the benchmark smoke and the Docker package check;
#   3. tsan: ThreadSanitizer (-O1) on the programs that run more than one thread (label
#      `threads`: the network clients and fakes, the LLM thread, the store's writer, the
#      lock-free publication, and the daemon itself in the integration tests);
#   4. fuzz: every libFuzzer harness (clang-14) for a bounded number of runs.
# There is no separate optimised stage: every test runs under ASan anyway, and that build
# cost a third of the run (`cmake --workflow --preset ci` is the -O2 run, for developers).
# Prints each stage's duration and its ten slowest tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh

export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
# The test programs share a precompiled header; let ccache cache the files that use it.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
jobs="$(nproc)"
export CMAKE_BUILD_PARALLEL_LEVEL="$jobs"
# Twice as many tests as cores: the integration tests spend about a third of their time
# waiting on the daemon's real-time loop and the fakes (measured: asan's tests 103 s at
# -j2, 80 s at -j4 on 2 cores).
export CTEST_PARALLEL_LEVEL="$(( 2 * jobs ))"
mkdir -p build
start=$(date +%s)
summary=()

# stage NAME COMMAND...: runs one stage, teeing its output, and records its duration.
stage() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  echo
  echo "=== $name ($(( t0 - start ))s elapsed)"
  local log="build/stage-$name.log"
  if ! "$@" 2>&1 | tee "$log"; then
    echo "=== $name FAILED after $(( $(date +%s) - t0 ))s"
    exit 1
  fi
  local took=$(( $(date +%s) - t0 ))
  summary+=("$(printf '%-8s %5ss' "$name" "$took")")
  echo "=== $name: ${took}s"
  # CTest's result lines: "  12/480 Test  #37: Name ......   Passed    1.23 sec".
  if grep -q ' Test  *#[0-9]*: ' "$log"; then
    echo "--- $name: ten slowest tests"
    # awk takes the first ten and reads the rest (head would end the pipe early: SIGPIPE).
    sed -nE 's/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) .* ([0-9.]+) sec$/\2 \1/p' "$log" | sort -rn |
      awk 'NR <= 10 {printf "  %8.2f s  %s\n", $1, $2}'
  fi
}

workflow() { cmake --workflow --preset "$1"; }

stage check bash scripts/check.sh
stage asan workflow asan
stage tsan workflow tsan
stage fuzz bash scripts/fuzz.sh --smoke 20000

echo
echo "=== all passed in $(( $(date +%s) - start ))s"
printf '  %s\n' "${summary[@]}"
