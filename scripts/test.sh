#!/usr/bin/env bash
# The whole test suite, as CI runs it: install dependencies, build with the `ci` preset
# (-Werror) and run every test, check formatting and conventions, then build with
# AddressSanitizer + UndefinedBehaviorSanitizer, and with ThreadSanitizer, and run every test
# again under each. The ci run includes a smoke run of the benchmarks (label bench_smoke).
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh

export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
jobs="$(nproc)"
export CMAKE_BUILD_PARALLEL_LEVEL="$jobs"
export CTEST_PARALLEL_LEVEL="$jobs"

start=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - start ))s elapsed)"; }

step "format and conventions"
bash scripts/check.sh

step "build and test: ci preset"
cmake --workflow --preset ci

step "build and test: asan preset (address + undefined)"
cmake --workflow --preset asan

step "build and test: tsan preset"
cmake --workflow --preset tsan

step "all passed"
