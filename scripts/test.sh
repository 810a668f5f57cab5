#!/usr/bin/env bash
# README command (b): install what is needed, build, run every test (a throwaway
# PostgreSQL cluster is started and stopped by the CTest fixture "pg").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD=${BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$BUILD" -j "$(nproc)"
cd "$BUILD"
ctest --output-on-failure --no-tests=error -j 2 --timeout 900
