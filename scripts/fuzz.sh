#!/usr/bin/env bash
# Runs the libFuzzer harnesses (tests/fuzz), built with the `fuzz` preset (clang-14,
# ASan + UBSan). Seed corpora are made from tests/data; a harness's findings (crash-*
# files) land in build/fuzz/findings/NAME/.
#
#   scripts/fuzz.sh NAME [SECONDS]   run one harness, for SECONDS (default 600), on all cores
#   scripts/fuzz.sh --smoke [RUNS]   run every harness for RUNS executions each (default
#                                    20000, fixed seed): what CI does
#   scripts/fuzz.sh --list           the harnesses
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$PWD/build/.ccache}"
harnesses=(fuzz_decimal fuzz_url fuzz_aster_feed fuzz_aster_rest fuzz_llm_reply fuzz_config)
out=build/fuzz

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
if [ "$1" = "--list" ]; then printf '%s\n' "${harnesses[@]}"; exit 0; fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

# seeds NAME DIR: the harness's seed corpus from tests/data. `add TEXT` writes one seed;
# `addf BYTE FILE` one made of a leading selector byte (hex) and a file's content.
seeds() {
  local name="$1" dir="$2" d=tests/data i=0
  rm -rf "$dir" && mkdir -p "$dir"
  add() { printf '%s' "$1" >"$dir/seed-$((i++))"; }
  addf() { { printf "\\x$1"; cat "$2"; } >"$dir/seed-$((i++))"; }
  case "$name" in
    fuzz_decimal)
      for s in 0 1 -1 0.1 61800.20 0.00000001 -0.00000001 92233720368.54775807 1.000000000 +5 .5 5. 00012.340; do
        add "$s"
      done
      zcat "$d/binance-usdm/btcusdt_20240808.gz" | head -200 | grep -o '"[0-9.]*"' | tr -d '"' | sort -u | head -100 |
        while read -r v; do add "$v"; done ;;
    fuzz_url)
      for u in https://fapi.asterdex.com wss://fstream.asterdex.com/stream?streams=btcusdt@depth \
        https://127.0.0.1:8443/v1 "https://[::1]:9443/x?y=1" https://api.openai.com/v1/chat/completions \
        "https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?key=%41"; do add "$u"; done ;;
    fuzz_aster_feed)
      # Selector bit 0: snapshot; bit 1: parsed in place. Frames from the samples and the capture.
      local tmp; tmp=$(mktemp)
      for f in "$d"/aster/ws_*.json; do tr -d '\n' <"$f" >"$tmp"; addf 02 "$tmp"; addf 00 "$tmp"; done
      addf 01 "$d/aster/rest_depth.json"
      zcat "$d/binance-usdm/btcusdt_20240808.gz" | head -3000 | awk 'NR % 30 == 1 {sub(/^[0-9]+ /, ""); print}' |
        while IFS= read -r line; do printf '%s' "$line" >"$tmp"; addf 02 "$tmp"; done
      rm -f "$tmp" ;;
    fuzz_aster_rest)
      # Selector: which parser (0..16).
      for f in "$d"/aster/rest_*.json "$d"/aster/ws_user_*.json; do
        for k in $(seq 0 16); do addf "$(printf %02x "$k")" "$f"; done
      done ;;
    fuzz_llm_reply)
      # Selector bit 0: Gemini; bits 1-3: the HTTP status (0 = 200).
      for f in "$d"/openai/chat_completion_response_*.json; do addf 00 "$f"; done
      for f in "$d"/openai/error_*.json; do addf 0a "$f"; done
      for f in "$d"/gemini/*response*.json; do addf 01 "$f"; done
      for f in "$d"/gemini/error_*.json; do addf 0b "$f"; done
      add "$(printf '\x02'){\"action\":\"BUY\",\"confidence\":0.7,\"reason\":\"x\"}" ;;
    fuzz_config)
      for f in config/*.json; do add "$(cat "$f")"; done
      add '{}'
      add '{"risk": {"max_trades_per_day": 3}, "loop": {"period": "1s"}}' ;;
  esac
}

# run NAME ARGS...: one harness over its seeds and the corpus it has grown.
run() {
  local name="$1"; shift
  local corpus="$out/corpus/$name" seed="$out/seeds/$name" findings="$out/findings/$name"
  mkdir -p "$corpus" "$findings"
  seeds "$name" "$seed"
  "$out/tests/fuzz/$name" -artifact_prefix="$findings/" -print_final_stats=1 "$@" "$corpus" "$seed"
}

if [ "$1" = "--smoke" ]; then
  runs="${2:-20000}"
  mkdir -p "$out/findings"
  for h in "${harnesses[@]}"; do
    echo "=== $h: $runs runs"
    log="$out/findings/$h.log"
    # A fixed seed: the same inputs every run, so a smoke failure is never a flake (the
    # long runs of `fuzz.sh NAME` explore with fresh seeds).
    if ! run "$h" -seed=1 -runs="$runs" -max_total_time=120 >"$log" 2>&1; then
      grep -E 'fuzz_|runtime error|ERROR|SUMMARY|Test unit written' "$log" | head -20 >&2
      echo "fuzz: $h failed; the input is in $out/findings/$h/" >&2
      exit 1
    fi
    grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$log"
  done
  exit 0
fi

name="$1"
seconds="${2:-600}"
printf '%s\n' "${harnesses[@]}" | grep -qx "$name" || { echo "fuzz: no harness '$name' (see --list)" >&2; exit 2; }
run "$name" -max_total_time="$seconds"
