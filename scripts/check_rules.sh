#!/usr/bin/env bash
# `promtool check rules` and `promtool test rules` on deploy/prometheus (a CTest entry).
set -euo pipefail
cd "$(dirname "$0")/../deploy/prometheus"
command -v promtool >/dev/null || { echo "check_rules.sh: promtool is missing (Debian package prometheus; scripts/setup.sh installs it)" >&2; exit 1; }
promtool check rules alerts.yml
promtool test rules alerts_test.yml
