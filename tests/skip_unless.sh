#!/usr/bin/env bash
# Runs a test command only when what it needs is here; otherwise exits 77, which CTest
# reports as "skipped" (SKIP_RETURN_CODE), never as passed.
# usage: tests/skip_unless.sh root|shared-corpus -- command...
set -u
need=$1; shift
[ "${1:-}" = "--" ] && shift
case "$need" in
  root)
    if [ "$(id -u)" != 0 ]; then echo "skipped: these tests mount a small tmpfs and need root (CI runs as root)"; exit 77; fi ;;
  shared-corpus)
    dir=$(dirname "$0")/../../shared/data/jsearch-real
    if [ ! -d "$dir" ]; then echo "skipped: the shared corpus ($dir) is not beside this checkout"; exit 77; fi ;;
  *) echo "skip_unless.sh: unknown requirement '$need'" >&2; exit 2 ;;
esac
exec "$@"
