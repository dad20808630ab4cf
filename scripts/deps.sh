#!/usr/bin/env bash
# Installs every Debian 12 package Symphony needs to build, test and run. Idempotent:
# packages already present are skipped, and nothing is fetched when all are installed.
# Needs root (or sudo) for apt-get.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git clang-format clang-tidy
  libboost1.81-dev libboost-system1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libssl-dev libsimdjson-dev libspdlog-dev libfmt-dev nlohmann-json3-dev zlib1g-dev
  libpqxx-dev libhiredis-dev libsqlite3-dev sqlite3 libsecp256k1-dev libcrypto++-dev libmsgpuck-dev
  libprotobuf-dev protobuf-compiler libcli11-dev libsystemd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql redis-server
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Services that come with packages (postgresql, redis) must not be started by the install:
# tests start their own servers on 127.0.0.1 in temporary directories.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: done"
