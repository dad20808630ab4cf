#!/usr/bin/env bash
# Builds symphonyd (release preset) and runs it in sim mode on the built-in simulated
# exchange: no keys, no network. By default the simulated clock runs 60× real time until
# Ctrl+C, then the report is printed. Extra arguments go to symphonyd and override those
# defaults, e.g.  bash scripts/run.sh --duration 6h --speed max
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
cmake --preset release >/dev/null
cmake --build --preset release

args=("$@")
has() { local f; for f in "${args[@]}"; do [ "$f" = "$1" ] && return 0; done; return 1; }
has --mode || args+=(--mode sim)
has --speed || args+=(--speed 60)
has --report || args+=(--report -)
exec ./build/release/src/app/symphonyd "${args[@]}"
