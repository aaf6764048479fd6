#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# fuzz/run.sh [SECONDS] — builds the fuzz targets with clang (libFuzzer + ASan + UBSan),
# seeds each from the project's own data, and runs each for SECONDS (default 60).
# Any crash, leak, sanitizer report or abort fails the run; the input that did it is kept
# in build-fuzz/crashes/ and should become a regression test under tests/bad/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
CC=clang cmake -S . -B build-fuzz -DYIBAO_FUZZ=ON -DYIBAO_SANITIZE=ON -DYIBAO_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j2 --target fuzz_table fuzz_claim fuzz_estimate fuzz_batch fuzz_api >/dev/null
mkdir -p build-fuzz/crashes build-fuzz/corpus/table build-fuzz/corpus/claim build-fuzz/corpus/batch build-fuzz/corpus/api
cp tables/*.json build-fuzz/corpus/table/
# The claims of the published examples, one per file.
python3 - <<'PY'
import json, glob, os
n = 0
for f in sorted(glob.glob("tests/examples/*.json")):
    for v in json.load(open(f)).get("visits", []):
        if "claim" in v:
            n += 1
            open(f"build-fuzz/corpus/claim/{n:04d}.json", "w").write(json.dumps(v["claim"], ensure_ascii=False))
# Batch inputs: a format byte, then a few claims a line, a blank line, a NUL, a bad line.
claims = [json.dumps(v["claim"], ensure_ascii=False) for f in sorted(glob.glob("tests/examples/*.json"))
          for v in json.load(open(f)).get("visits", []) if "claim" in v][:40]
for k in range(8):
    body = "\n".join(claims[k * 5:(k + 1) * 5]) + "\n\n{\"a\":\x001}\n[1,\n"
    open(f"build-fuzz/corpus/batch/{k:02d}.jsonl", "wb").write(bytes([k]) + body.encode())
# API requests: method byte (bit 2: JSON), path, query, body (fuzz/fuzz_api.c).
reqs = [(0, "/healthz", "", ""), (0, "/v1/filing", "insured=宁波&treated=上海&reason=转诊", ""),
        (0, "/v1/contrib", "region=深圳&base=1000&date=2025-06-01", ""), (0, "/v1/places", "q=ning&max=5", ""),
        (0, "/v1/regions/宁波", "date=2025-06-01", ""), (0, "/", "", "")]
reqs += [(5, "/v1/estimate", "explain=1", c) for c in claims[:6]]
reqs += [(5, "/v1/compare", "", '{"claim": %s, "vary": {"insured.filing": ["none", "referral"]}}' % c) for c in claims[6:9]]
for k, (m, p, q, b) in enumerate(reqs):
    open(f"build-fuzz/corpus/api/{k:02d}.req", "wb").write(bytes([m]) + f"{p}\n{q}\n{b}".encode())
PY
for t in table claim estimate batch api; do
  corpus=build-fuzz/corpus/$t
  [ "$t" = estimate ] && corpus=build-fuzz/corpus/claim
  echo "fuzz_$t: ${secs}s"
  ASAN_OPTIONS=detect_leaks=1 build-fuzz/fuzz/fuzz_$t -max_total_time="$secs" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 \
    "$corpus" 2>build-fuzz/fuzz_$t.log || { tail -40 build-fuzz/fuzz_$t.log; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss" build-fuzz/fuzz_$t.log | tr '\n' ' '; echo
done
echo "fuzz: no crash"
