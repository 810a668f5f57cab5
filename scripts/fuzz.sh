#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang-14, ASan + UBSan; a separate CMake project in
# build-fuzz/, no CAF or SOCI needed) and runs each for a while on its corpus.
#
#   scripts/fuzz.sh [--seconds N] [--grow] [target...]
#
# Targets: parse_envelope, transform_job (default: both, one after the other, 60 s each).
# Each run writes its corpus to a temporary directory and reads fuzz/corpus/<target>/ as a
# read-only seed (libFuzzer writes and reduces only in its first corpus directory; the seed is
# not copied there too, which would run every seed twice at start-up), so a run never changes
# the checkout. With --grow, after a clean
# run the corpus is merged back into fuzz/corpus/<target>/ with -merge=1 (minimised: inputs that
# add no coverage are dropped; files kept keep their names, new ones are named by their SHA-1).
#
# Exits 1 when a target crashed, leaked, timed out, ran out of memory or a sanitizer reported
# anything (the input is kept in build-fuzz/artifacts/<target>/ with the command to reproduce),
# or when clang++-14 / libclang-rt-14-dev are missing; 2 on bad arguments.
# Logs: build-fuzz/logs/<target>.log. Environment: FUZZ_BUILD_DIR (default build-fuzz);
# FUZZ_JOBS (build parallelism, default nproc); FUZZ_CORPUS_MAX_BYTES (--grow: size budget of a
# corpus, default 3000000; over it, the merge keeps only the inputs that add coverage edges);
# ASAN_OPTIONS / UBSAN_OPTIONS given by the caller are appended to detect_leaks=1 and
# print_stacktrace=1:halt_on_error=1 (later ones win).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

all_targets=(parse_envelope transform_job)
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

seconds=60
grow=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) [ $# -ge 2 ] || { echo "fuzz.sh: --seconds needs a value" >&2; exit 2; }; seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#--seconds=}; shift ;;
    --grow) grow=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *)
      t=${1%_fuzzer}
      if [[ " ${all_targets[*]} " != *" $t "* ]]; then
        echo "fuzz.sh: unknown target '$1' (known: ${all_targets[*]})" >&2
        exit 2
      fi
      targets+=("$t"); shift ;;
  esac
done
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz.sh: --seconds wants a positive whole number, got '$seconds'" >&2
  exit 2
fi
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# ---- toolchain ----------------------------------------------------------------------------
missing_toolchain() {
  echo "fuzz.sh: $1" >&2
  echo "fuzz.sh: the fuzz targets need clang 14 with its sanitizer and libFuzzer runtimes;" \
       "on Debian 12: apt-get install clang-14 libclang-rt-14-dev" >&2
  exit 1
}
command -v clang++-14 >/dev/null 2>&1 || missing_toolchain "clang++-14 not found (package clang-14)"
command -v cmake >/dev/null 2>&1 || { echo "fuzz.sh: cmake not found (scripts/setup.sh installs it)" >&2; exit 1; }
rtdir=$(clang++-14 --print-runtime-dir 2>/dev/null || true)
arch=$(uname -m)
for rt in fuzzer asan ubsan_standalone; do
  [ -f "$rtdir/libclang_rt.$rt-$arch.a" ] ||
    missing_toolchain "libclang_rt.$rt-$arch.a not found in '${rtdir:-?}' (package libclang-rt-14-dev)"
done
probe=$(mktemp -d "${TMPDIR:-/tmp}/jobpilot-fuzz-probe.XXXXXX")
printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
  'extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }' >"$probe/p.cpp"
if ! clang++-14 -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" 2>"$probe/err"; then
  cat "$probe/err" >&2
  rm -rf "$probe"
  missing_toolchain "clang++-14 cannot link a -fsanitize=fuzzer,address,undefined program (see above)"
fi
rm -rf "$probe"

# ---- build ----------------------------------------------------------------------------------
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
case "$BUILD" in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S fuzz -B "$BUILD" -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}"
fi
cmake --build "$BUILD" -j "${FUZZ_JOBS:-$(nproc)}"

# ---- run ------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/jobpilot-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$BUILD/logs"

export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
flags=(-rss_limit_mb=2048 -timeout=10)
sanitizer_report='==[0-9]+==ERROR: |runtime error: |^SUMMARY: |INFO: a leak has been found|ERROR: libFuzzer'

corpus_summary() {  # dir -> "N files, B bytes"
  local n b
  n=$(find "$1" -maxdepth 1 -type f | wc -l)
  b=$(find "$1" -maxdepth 1 -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  echo "$n files, $b bytes"
}

# The end of a libFuzzer log without the "Recommended dictionary" block.
log_tail() { awk '/^###### Recommended dictionary/ {skip = 1} !skip {print} /^###### End of recommended/ {skip = 0}' "$1" | tail -n "$2"; }

# Minimised merge of the repo corpus and the run's corpus into the repo corpus.
grow_corpus() {
  local t=$1 bin=$2 corpus=$3 run_corpus=$4
  local merged=$work/$t.merged log=$BUILD/logs/$t.merge.log kept=0 dropped=0 added=0 f h size
  local budget=${FUZZ_CORPUS_MAX_BYTES:-3000000}
  local mode
  for mode in full edges; do
    rm -rf "$merged"
    mkdir -p "$merged"
    # full: keep every input that adds a feature (edges and hit-count buckets); edges: only
    # inputs that add an edge (-use_counters=0), far fewer: used when full is over the budget.
    if ! "$bin" -merge=1 "${flags[@]}" $([ $mode = edges ] && echo -use_counters=0) \
         -artifact_prefix="$BUILD/artifacts/$t/" "$merged" "$corpus" "$run_corpus" >"$log" 2>&1; then
      echo "fuzz.sh: $t: merge failed, fuzz/corpus/$t left as it was; log: $log" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    size=$(find "$merged" -maxdepth 1 -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
    [ "$size" -gt "$budget" ] || break
    if [ $mode = full ]; then
      echo "--- $t: merged corpus is $size bytes, over the budget of $budget (FUZZ_CORPUS_MAX_BYTES):" \
           "merging again keeping only inputs that add an edge"
    else
      echo "fuzz.sh: warning: $t: the corpus is still $size bytes, over the budget of $budget" >&2
    fi
  done
  for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    h=$(sha1sum <"$f" | cut -d' ' -f1)
    if [ -e "$merged/$h" ]; then
      rm -f "$merged/$h"; kept=$((kept + 1))
    else
      rm -f "$f"; dropped=$((dropped + 1))
    fi
  done
  for f in "$merged"/*; do
    [ -f "$f" ] || continue
    mv "$f" "$corpus/"; added=$((added + 1))
  done
  echo "--- $t: corpus merged into fuzz/corpus/$t: $kept kept, $added added, $dropped dropped;" \
       "now $(corpus_summary "$corpus")"
  grep -E '^MERGE-OUTER: [0-9]+ new files' "$log" | tail -n 1 || true
}

failed=()
for t in "${targets[@]}"; do
  bin=$BUILD/${t}_fuzzer
  corpus=$ROOT/fuzz/corpus/$t
  artifacts=$BUILD/artifacts/$t
  log=$BUILD/logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$work/$t"
  before=$(find "$artifacts" -type f | sort)
  echo "=== $t: ${seconds}s, seed fuzz/corpus/$t ($(corpus_summary "$corpus")), run corpus $work/$t; log: $log"
  rc=0
  "$bin" -max_total_time="$seconds" "${flags[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$work/$t" "$corpus" >"$log" 2>&1 || rc=$?
  new_artifacts=$(comm -13 <(echo "$before") <(find "$artifacts" -type f | sort) | sed '/^$/d')
  if [ $rc -ne 0 ] || [ -n "$new_artifacts" ] || grep -Eq "$sanitizer_report" "$log"; then
    failed+=("$t")
    echo "!!! $t FAILED (exit code $rc)"
    first=$(grep -En "$sanitizer_report|^==[0-9]+== ERROR: libFuzzer|Test unit written to" "$log" | head -n 1 | cut -d: -f1)
    if [ -n "$first" ]; then
      start=$((first > 3 ? first - 3 : 1))
      sed -n "${start},\$p" "$log" | head -n 150
    else
      log_tail "$log" 40
    fi
    for a in $new_artifacts; do echo "!!! input: $a  (reproduce: $bin $a)"; done
    [ $grow -eq 0 ] || echo "!!! $t: not merging the corpus of a failed run"
    continue
  fi
  echo "--- $t: last lines"
  log_tail "$log" 14
  if [ $grow -eq 1 ]; then grow_corpus "$t" "$bin" "$corpus" "$work/$t" || failed+=("$t (merge)"); fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${targets[*]}: no crash, leak or sanitizer report in ${seconds}s each"
