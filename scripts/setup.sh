#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running jobpilot-etl needs.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # toolchain
  g++ make cmake ccache pkg-config
  # libraries (all from Debian; see README "Dependencies")
  libcaf-dev libboost1.81-dev libboost-json1.81-dev libboost-system1.81-dev libssl-dev
  libsoci-dev libpq-dev libsqlite3-dev libyaml-cpp-dev libcli11-dev libhnswlib-dev libspdlog-dev catch2
  libhowardhinnant-date-dev tzdata
  # running and testing: PostgreSQL server for the throwaway test cluster, openssl CLI for test certificates
  postgresql-15 postgresql-client-15 openssl ca-certificates
  # the cluster test: network namespaces and veth pairs (ip), the fake server's call count (curl)
  iproute2 curl
  # the service's tests: promtool and a real Prometheus server, headless Chromium for the dashboard, Python
  # (with numpy) reading a vector out of SQLite
  prometheus chromium python3 python3-numpy
  # fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
