#!/usr/bin/env bash
# Builds the libFuzzer harnesses (cmake --preset fuzz: clang-14, ASan + UBSan, core libraries only)
# and runs each for a bounded time. Fails on any finding; prints the totals as bench lines.
#   scripts/fuzz.sh [SECONDS_PER_HARNESS]     (or FLOWSCOPE_FUZZ_SECONDS; default 30: 6 harnesses
#                                              stay under 5 minutes together with the build)
# Corpora grow in build/fuzz/corpus between runs; this run's findings land in build/fuzz/findings.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FLOWSCOPE_FUZZ_SECONDS:-30}}
jobs=$(nproc)
scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

build=$PWD/build/fuzz
export TMPDIR=$build/tmp  # the harnesses' scratch files
symbolizer=/usr/lib/llvm-14/bin/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=$symbolizer  # stacks with file and line
mkdir -p "$TMPDIR"
rm -rf "$build/findings"  # this run's findings only; fixed ones live on in tests/data/bad
# harness:seed folder:dictionary
harnesses=(
  fuzz_adapters:adapters:json.dict
  fuzz_trade_file:trade_file:trade_file.dict
  fuzz_recording_reader:recording:recording.dict
  fuzz_frame_codec:frame_codec:json.dict
  fuzz_recording_roundtrip:roundtrip:recording.dict
  fuzz_rest_pages:rest:json.dict
)

execs_total=0
findings_total=0
for entry in "${harnesses[@]}"; do
  IFS=: read -r name seeds dict <<<"$entry"
  corpus=$build/corpus/$name
  findings=$build/findings/$name
  mkdir -p "$corpus" "$findings"
  log=$build/findings/$name.log
  echo "== fuzz: $name for ${seconds}s"
  status=0
  # A hang is a finding after 10 s on one input; so is more than 2 GB of memory.
  "$build/fuzz/$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="fuzz/$dict" -artifact_prefix="$findings/" "$corpus" "$build/fuzz/seeds/$seeds" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  found=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
  echo "   ${execs:-0} execs, $found findings"
  if [ "$found" -ne 0 ]; then
    grep -E 'fuzz finding|ERROR|SUMMARY|Test unit written' "$log" | head -n 20 || true
    echo "   full log: $log; reproduce with: $build/fuzz/$name <the input above>"
  fi
  execs_total=$((execs_total + ${execs:-0}))
  findings_total=$((findings_total + found))
done

echo "bench: fuzz_execs_total $execs_total execs"
echo "bench: fuzz_findings $findings_total findings"
[ "$findings_total" -eq 0 ]
