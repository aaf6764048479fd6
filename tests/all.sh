#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/all.sh — the whole test suite, as the README and CI run it:
#   1. every test under AddressSanitizer + UndefinedBehaviorSanitizer, leaks detected;
#   2. the thread, library and HTTP server suites under ThreadSanitizer;
#   3. the library-level suites under Valgrind memcheck (unforked, leaks are errors);
#   4. each fuzz target for FUZZ_SECONDS (default 30) from the project's own data;
#   5. every test in the normal build (last, so its summary closes the run).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=2
echo "== 1/5 ASan + UBSan"
cmake -S . -B build-asan -DYIBAO_SANITIZE=ON >/dev/null
cmake --build build-asan -j$jobs >/dev/null
# A stage's full output is shown when it fails, its summary when it passes.
stage() { log=$1; shift; "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }; tail -3 "$log"; }
stage build-asan/ctest.log env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure
echo "== 2/5 ThreadSanitizer"
cmake -S . -B build-tsan -DYIBAO_TSAN=ON >/dev/null
cmake --build build-tsan -j$jobs --target check_threads check_library check_serve yibao_cli >/dev/null
stage build-tsan/ctest.log env TSAN_OPTIONS=halt_on_error=1 \
  ctest --test-dir build-tsan -R '^(threads|library|serve)$' --output-on-failure
echo "== 3/5 Valgrind memcheck"
cmake -S . -B build-vg -DYIBAO_VALGRIND=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-vg -j$jobs >/dev/null
stage build-vg/ctest.log ctest --test-dir build-vg -j$jobs --output-on-failure \
  -R '^memcheck__(dec|writer|tables|claims|engine|bad|faults|library)$'
echo "== 4/5 fuzzing"
bash fuzz/run.sh "${FUZZ_SECONDS:-30}"
echo "== 5/5 all tests"
cmake -S . -B build >/dev/null
cmake --build build -j$jobs >/dev/null
ctest --test-dir build --output-on-failure
