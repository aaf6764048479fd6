#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/all.sh — the whole test suite, as the README and CI run it:
#   1. every test under AddressSanitizer + UndefinedBehaviorSanitizer, leaks detected;
#   2. the shared-table thread test under ThreadSanitizer;
#   3. each fuzz target for FUZZ_SECONDS (default 30) from the project's own data;
#   4. every test in the normal build (last, so its summary closes the run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=2
echo "== 1/4 ASan + UBSan"
cmake -S . -B build-asan -DYIBAO_SANITIZE=ON >/dev/null
cmake --build build-asan -j$jobs >/dev/null
# A stage's full output is shown when it fails, its summary when it passes.
stage() { log=$1; shift; "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }; tail -3 "$log"; }
stage build-asan/ctest.log env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure
echo "== 2/4 ThreadSanitizer"
cmake -S . -B build-tsan -DYIBAO_TSAN=ON >/dev/null
cmake --build build-tsan -j$jobs --target check_threads >/dev/null
stage build-tsan/ctest.log env TSAN_OPTIONS=halt_on_error=1 \
  ctest --test-dir build-tsan -R threads --output-on-failure
echo "== 3/4 fuzzing"
bash fuzz/run.sh "${FUZZ_SECONDS:-30}"
echo "== 4/4 all tests"
cmake -S . -B build >/dev/null
cmake --build build -j$jobs >/dev/null
ctest --test-dir build --output-on-failure
