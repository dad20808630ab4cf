#!/usr/bin/env bash
# Conventions worth keeping, checked on every CI run:
#  1. clang-format leaves every C++ file unchanged;
#  2. modules include only the modules they may depend on (HACKING.md has the graph);
#  3. trading code reads time only through symphony::Clock;
#  4. Asio stays out of headers and out of core and market (adapter .cpp files may use it).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

mapfile -t files < <(git ls-files '*.hpp' '*.cpp' 2>/dev/null || find include src tests bench -name '*.[ch]pp')
if command -v clang-format >/dev/null; then
  bad=()
  # One process for all files (a process per file costs half a minute); name them only on failure.
  if ! clang-format --dry-run -Werror "${files[@]}" >/dev/null 2>&1; then
    for f in "${files[@]}"; do clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f"); done
  fi
  if [ ${#bad[@]} -gt 0 ]; then
    echo "check: clang-format would change: ${bad[*]}" >&2
    echo "check: run  clang-format -i \$(git ls-files '*.hpp' '*.cpp')" >&2
    fail=1
  fi
else
  echo "check: clang-format not installed" >&2
  fail=1
fi

# module -> modules it may include (besides itself)
declare -A allowed=(
  [core]=""
  [config]="core"
  [market]="core"
  [net]="core"
  [llm]="core net"
  [venue]="core config market net"
  [store]="core"
  [risk]="core market"
  [trading]="core market venue risk"
  [agents]="core config market llm"
  [analytics]="core store"
  [engine]="core market net venue store risk trading agents llm"
  [app]="core config market net venue store risk trading agents analytics engine llm"
)
for module in "${!allowed[@]}"; do
  for f in $(find "include/symphony/$module" "src/$module" -name '*.[ch]pp' 2>/dev/null); do
    while read -r dep; do
      [ "$dep" = "$module" ] && continue
      case " ${allowed[$module]} " in *" $dep "*) ;; *)
        echo "check: $f includes symphony/$dep, but $module may not depend on $dep" >&2
        fail=1 ;;
      esac
    # Public headers (<symphony/module/...>) and private ones ("module/..."), alike.
    done < <(grep -oE '#include (<symphony/|")[a-z_]+/' "$f" | sed -E 's@#include (<symphony/|")@@; s@/$@@' | sort -u)
  done
done
# Only app names a concrete venue adapter, and an adapter names no other adapter: each is
# its own node (venue/sim, venue/aster, ...), by public or private header.
adapters='sim|aster|hyperliquid|mexc'
while IFS=: read -r f inc; do
  own=$(echo "$f" | sed -nE "s@^(src|include/symphony)/venue/($adapters)/.*@\2@p")
  named=$(echo "$inc" | sed -nE "s@.*venue/($adapters)/.*@\1@p")
  case "$f" in src/app/* | include/symphony/app/*) continue ;; esac
  [ -n "$own" ] && [ "$own" = "$named" ] && continue
  echo "check: $f includes the $named adapter; only app (and the adapter itself) may" >&2
  fail=1
done < <(grep -rHoE "#include (<symphony/|\")venue/($adapters)/" include src --include='*.[ch]pp')

# Time comes from symphony::Clock; the exceptions measure CPU cost or pace a simulation.
# net times its sockets (deadlines, liveness) on the steady clock; trading time is the Clock.
clock_ok='^(src/core/clock.cpp|src/engine/trading_loop.cpp|src/engine/sim_driver.cpp|src/net/|tests/|bench/)'
if grep -rnE 'std::chrono::(system_clock|steady_clock|high_resolution_clock)|[^_]time\(nullptr\)|gettimeofday' \
    include src --include='*.[ch]pp' | grep -vE "$clock_ok"; then
  echo "check: read time through symphony::Clock, not the system clock" >&2
  fail=1
fi

# Asio may also be used in the .cpp files of venue adapters (linear flows as coroutines on
# the reactor's io_context: net/io_context.hpp, and the adapters' kit venue/coro.hpp),
# never in another header, core or market.
if grep -rlE '#include <boost/(asio|beast)' include src --include='*.[ch]pp' 2>/dev/null |
    grep -vE '^src/net/|^src/venue/[a-z_]+/[a-z_]+\.cpp$|^src/venue/coro\.hpp$'; then
  echo "check: Asio/Beast belong to src/net (compiled once there) and adapter .cpp files; headers and other modules use net's API" >&2
  fail=1
fi
if grep -rlE '#include <boost/beast' src/venue --include='*.cpp' 2>/dev/null; then
  echo "check: Beast stays in src/net (a Beast+SSL file costs ~30 s to compile)" >&2
  fail=1
fi

[ $fail -eq 0 ] && echo "check: ok"
exit $fail
