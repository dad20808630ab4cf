#!/usr/bin/env bash
# Checks docker/runtime-packages.txt against the built daemon: every shared library that
# `ldd symphonyd` resolves must come from a listed package, every listed package must be
# one of those or say why it is needed ("not linked: ..."), and the Dockerfile must
# install the list. Usage: runtime_packages_test.sh SYMPHONYD SOURCE_DIR
set -euo pipefail
binary="$1"
src="$2"
list="$src/docker/runtime-packages.txt"
fail=0

# A sanitizer build's runtimes are the build's, not the image's.
libs=$(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// && $1 !~ /^lib(asan|ubsan|tsan|lsan)\.so/ {print $3}')
needed=$(for lib in $libs; do
  pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || true)
  if [ -z "$pkg" ]; then
    echo "runtime-packages: no Debian package owns $lib (needed by $binary)" >&2
    echo "?unowned"
  else
    echo "${pkg%%:*}"
  fi
done | sort -u)
if grep -q '^?unowned$' <<<"$needed"; then fail=1; fi
[ -n "$needed" ] || { echo "runtime-packages: ldd found no libraries in $binary" >&2; exit 1; }

listed=$(sed 's/#.*//; s/[[:space:]]//g; /^$/d' "$list" | sort -u)
for p in $needed; do
  [ "$p" = "?unowned" ] && continue
  if ! grep -qx "$p" <<<"$listed"; then
    echo "runtime-packages: $binary links a library from $p, which $list does not install" >&2
    fail=1
  fi
done
for p in $listed; do
  grep -qx "$p" <<<"$needed" && continue
  if ! grep -Eq "^$p[[:space:]]+# not linked: .+" "$list"; then
    echo "runtime-packages: $list installs $p, which no library of $binary comes from; mark it" \
      "'# not linked: <why>' or drop it" >&2
    fail=1
  fi
  if ! dpkg-query -W "$p" >/dev/null 2>&1 && ! apt-cache show "$p" >/dev/null 2>&1; then
    echo "runtime-packages: $p is not a Debian package" >&2
    fail=1
  fi
done
if ! grep -q 'docker/runtime-packages.txt' "$src/docker/Dockerfile"; then
  echo "runtime-packages: docker/Dockerfile does not install docker/runtime-packages.txt" >&2
  fail=1
fi
[ "$fail" -eq 0 ] && echo "runtime-packages: $(wc -w <<<"$listed") packages cover every library of $binary"
exit "$fail"
