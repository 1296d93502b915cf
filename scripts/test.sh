#!/usr/bin/env bash
# Builds flowscope and runs every test, twice: with warnings as errors, then under
# AddressSanitizer + UndefinedBehaviorSanitizer. Installs missing Debian packages first.
# --quick runs only the first stage (for day-to-day work).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)
started=$SECONDS
took() { echo "== $1 took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"; started=$SECONDS; }

echo "== stage 1: build with -Werror, run all tests"
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
ctest --preset ci -j "$jobs"
took "stage 1"

if [ "${1:-}" = "--quick" ]; then exit 0; fi

echo "== fuzz stage: every libFuzzer harness for a bounded time (ASan + UBSan), no finding allowed"
scripts/fuzz.sh
took "fuzz stage"

echo "== stage 2: build with ASan + UBSan, run all tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs"
took "stage 2"
