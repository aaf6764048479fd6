#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh — builds the benchmark programs and runs every measurement of bench/README.md:
#   (a) yb_settle vs the int64 kernel, and the cost of reading results (yibao_bench --n N_BIG)
#   (i) instructions a claim (callgrind): yb_settle; a claim's parse vs json_loadb of it
#   (b) `yibao batch --format csv|compact|jsonl` vs the parse-only floor and the JSON floor
#   (c) `yibao batch --format csv` vs Python decimal (reference.py; results compared)
#   (d) `yibao estimate` startup vs an empty program linked with the same libraries
#   (e) peak RSS of `yibao batch` on N_SMALL and N_BIG claims
#   (f) `yibao batch --jobs 2` vs `--jobs 1` on N_BIG claims
#   (g) `yibao serve`: requests per second to POST /v1/estimate (2 keep-alive clients,
#       N_HTTP requests) next to `yibao batch --jobs 2`'s claims per second, same claims
# and prints one summary table. `run.sh --profile` also writes the callgrind profiles.
# Timings of (b) and (c) are CPU seconds (user + system), best of REPEAT rounds, each round
# running every one of those commands once in turn.
#
# Environment: BUILD (default <repo>/build), DATA (default /tmp/yibao-bench), N_SMALL
# (100000), N_BIG (1000000), REPEAT (5: rounds of the N_SMALL timings), F_ROUNDS (5:
# rounds of (f)), RUNS (200 startup runs), SEED (1). Needs cmake, python3, GNU date and
# /usr/bin/time (apt-get install time); uses hyperfine for (d) when installed, else a shell
# loop.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
DATA=${DATA:-/tmp/yibao-bench}
N_SMALL=${N_SMALL:-100000}
N_BIG=${N_BIG:-1000000}
REPEAT=${REPEAT:-5}
F_ROUNDS=${F_ROUNDS:-5}
RUNS=${RUNS:-200}
SEED=${SEED:-1}
PROFILE=0
for a in "$@"; do
  case $a in
    --profile) PROFILE=1 ;;
    *) echo "usage: bench/run.sh [--profile]   (settings: see the header)" >&2; exit 2 ;;
  esac
done

YIBAO=$BUILD/yibao
BENCH=$BUILD/bench/yibao_bench
FLOOR=$BUILD/bench/yibao_floor
EMPTY=$BUILD/bench/yibao_empty
REF=$ROOT/bench/reference.py
TIME=/usr/bin/time
[ -x $TIME ] || { echo "run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

say() { printf '%s\n' "$*" >&2; }
now() { date +%s%N; }
# awk does the arithmetic on the figures (the C programs use none).
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# best_of_rounds VAR 'CMD' [VAR 'CMD']…: REPEAT rounds, each running every CMD once in
# turn (stdout to /dev/null); VAR = the least CPU time (user + system) of its CMD, in ns,
# and VAR_R<i> its time in round i (for median_ratio).
# CPU, not wall time: this machine's other tenants move wall times by a third from run to
# run, a single-threaded run's CPU time much less. In rounds, not each CMD REPEAT times in a
# row: the machine also has slow spells of a minute or more (every figure 1.5x), and a
# spell must hit every CMD alike for their ratios to hold.
best_of_rounds() {
  local -a vars=() cmds=() best=() all=()
  local i k t ret
  while [ $# -gt 0 ]; do vars+=("$1"); cmds+=("$2"); shift 2; done
  for ((i = 0; i < REPEAT; i++)); do
    for k in "${!cmds[@]}"; do
      ret=0
      eval "$TIME -f '%U %S' -o \"\$DATA/cpu.txt\" ${cmds[k]}" > /dev/null || ret=$?
      [ "$ret" -le 1 ] || [ "$ret" -eq 4 ] || { say "   failed ($ret): ${cmds[k]}"; exit 1; }
      t=$(awk '{ printf "%.0f", ($1 + $2) * 1e9 }' "$DATA/cpu.txt") # not %d: mawk's is 32-bit
      all[k]="${all[k]:-} $(calc %.2f "$t / 1e9")s"
      printf -v "${vars[k]}_R$i" '%s' "$t"
      if [ -z "${best[k]:-}" ] || [ "$t" -lt "${best[k]}" ]; then best[k]=$t; fi
    done
  done
  for k in "${!cmds[@]}"; do
    say "  ${cmds[k]}"
    say "    runs:${all[k]}"
    printf -v "${vars[k]}" '%s' "${best[k]}"
  done
}
# median_ratio A B: the median over the rounds of A's time over B's in the same round, so
# that a slow spell, which covers a round rather than one command, cancels out.
median_ratio() {
  local i a b list=''
  for ((i = 0; i < REPEAT; i++)); do
    a=${1}_R$i b=${2}_R$i
    list="$list $(calc %.6f "${!a} / ${!b}")"
  done
  printf '%s\n' $list | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}
# Busy and total CPU ticks of the whole machine so far (/proc/stat, all CPUs).
ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
# CPU busy on this machine outside this script, in percent of all CPUs, over one second.
background_load() {
  local a b
  read -r -a a < <(ticks)
  sleep 1
  read -r -a b < <(ticks)
  calc %d "100 * $((b[0] - a[0])) / ($((b[1] - a[1])) + 0.001)"
}
# other_load TICKS_BEFORE TICKS_AFTER TIME_FILE: the CPU the rest of the machine used while
# the command of TIME_FILE (/usr/bin/time -v) ran, in percent of all CPUs.
other_load() {
  local -a a b
  local ours
  read -r -a a <<< "$1"
  read -r -a b <<< "$2"
  ours=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$3")
  calc %d "100 * (($((b[0] - a[0]))) / $(getconf CLK_TCK) - $ours) / (($((b[1] - a[1]))) / $(getconf CLK_TCK))"
}
rss_kib() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# {=== Build and data

say "== build ($BUILD)"
[ -f "$BUILD/CMakeCache.txt" ] || cmake -S "$ROOT" -B "$BUILD" > /dev/null
cmake --build "$BUILD" --target yibao_cli yibao_bench yibao_floor yibao_empty yibao_httpload > /dev/null
mkdir -p "$DATA"
SMALL=$DATA/claims-$N_SMALL.jsonl
BIG=$DATA/claims-$N_BIG.jsonl
TABLES=$DATA/tables
say "== generating $N_SMALL and $N_BIG claims (seed $SEED) and the synthetic table into $DATA"
"$BENCH" --seed "$SEED" --n "$N_SMALL" --jsonl "$SMALL" --tables-out "$TABLES"
"$BENCH" --seed "$SEED" --n "$N_BIG" --jsonl "$BIG"
head -n 1 "$SMALL" > "$DATA/one-claim.json"
LOAD_BEFORE=$(background_load)
say "   background CPU load before the run: ${LOAD_BEFORE}% of $(nproc) CPUs"

# }===
# {=== (a) engine vs kernel

say "== (a) yibao_bench --n $N_BIG"
"$BENCH" --seed "$SEED" --n "$N_BIG" --rounds 9 | tee "$DATA/a.txt" >&2 || say "   (a): yibao_bench found differences or errors (see above)"
A_ENGINE=$(awk '/^engine yb_settle/ { print $3 }' "$DATA/a.txt")
A_KERNEL=$(awk '/^kernel int64/ { print $3 }' "$DATA/a.txt")
A_RATIO=$(calc %.2f "$A_ENGINE / $A_KERNEL")
A_SAME=$(awk '/^identical:/ { print $2 }' "$DATA/a.txt") # "N/N"

# }===
# {=== (i) instructions a claim (callgrind: they do not depend on the machine's load)

say "== (i) callgrind: yb_settle over 5000 bench claims; yibao batch --format csv over 2000"
valgrind --tool=callgrind --toggle-collect=yb_settle --callgrind-out-file="$DATA/callgrind.settle" \
  "$BENCH" --n 5000 > "$DATA/callgrind.settle.out" 2> "$DATA/callgrind.settle.log"
# yibao_bench settles the first chunk 1 + 3 x 4 + 2 times (timed loop, reading results).
I_SETTLE=$(callgrind_annotate "$DATA/callgrind.settle" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%d", $1 / (5000 * 15) }')
head -n 2000 "$SMALL" > "$DATA/profile-2000.jsonl"
valgrind --tool=callgrind --callgrind-out-file="$DATA/callgrind.batch" \
  "$YIBAO" batch --format csv --tables "$TABLES" "$DATA/profile-2000.jsonl" > /dev/null 2> "$DATA/callgrind.batch.log"
valgrind --tool=callgrind --callgrind-out-file="$DATA/callgrind.floor" \
  "$FLOOR" --parse-only "$DATA/profile-2000.jsonl" > /dev/null 2> "$DATA/callgrind.floor.log"
incl() { callgrind_annotate --inclusive=yes "$1" | awk -v f="$2" 'index($0, f) && !done { gsub(",", "", $1); print $1; done = 1 }'; }
I_PARSE=$(( $(incl "$DATA/callgrind.batch" "claim.c:ybp_claim_reparse") / 2000 ))
I_LOADB=$(( $(incl "$DATA/callgrind.floor" "json_loadb") / 2000 ))
I_FLOOR=$(( $(callgrind_annotate "$DATA/callgrind.floor" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }') / 2000 ))
I_PARSE_RATIO=$(calc %.2f "$I_PARSE / $I_LOADB")
say "   yb_settle $I_SETTLE; claim parse $I_PARSE; floor (json_loadb + json_decref) $I_FLOOR, json_loadb alone $I_LOADB"

# }===
# {=== (b) batch vs the floors, (c) Python decimal, (e) RSS on N_SMALL

say "== (b), (c) yibao batch vs the floors and Python decimal, $N_SMALL claims (CPU, best of $REPEAT rounds)"
# The JSON floor parses, builds and prints a result-sized object; (jsonl) also records RSS.
best_of_rounds \
  B_PARSE '"$FLOOR" --parse-only "$SMALL"' \
  B_CSV '"$YIBAO" batch --format csv --tables "$TABLES" "$SMALL"' \
  B_COMPACT '"$YIBAO" batch --format compact --tables "$TABLES" "$SMALL"' \
  B_BATCH '$TIME -v -o "$DATA/rss-small.txt" "$YIBAO" batch --tables "$TABLES" "$SMALL"' \
  B_FLOOR '"$FLOOR" "$SMALL"' \
  C_PY 'python3 "$REF" "$TABLES" "$SMALL"'
head -n 10000 "$SMALL" > "$DATA/sample-10000.jsonl"
B_SAMPLE=$(wc -l < "$DATA/sample-10000.jsonl")
B_BYTES_BATCH=$("$YIBAO" batch --tables "$TABLES" "$DATA/sample-10000.jsonl" | wc -c)
B_BYTES_FLOOR=$("$FLOOR" "$DATA/sample-10000.jsonl" | wc -c)
B_CSV_RATIO=$(median_ratio B_CSV B_PARSE)
B_COMPACT_RATIO=$(median_ratio B_COMPACT B_PARSE)
B_RATIO=$(median_ratio B_BATCH B_FLOOR)

say "== (c) reference.py's results against yibao batch's"
python3 "$REF" "$TABLES" "$SMALL" > "$DATA/reference-$N_SMALL.jsonl"
C_CHECK=$("$YIBAO" batch --tables "$TABLES" "$SMALL" |
          python3 "$REF" --compare "$DATA/reference-$N_SMALL.jsonl" - || true)
say "$C_CHECK"
C_SAME=$(printf '%s\n' "$C_CHECK" | awk '/results identical/ { print $2 }') # "N/N"
C_RATIO=$(median_ratio C_PY B_CSV)

# }===
# {=== (d) startup

say "== (d) startup, $RUNS runs each"
EST_SYN="$YIBAO estimate --tables $TABLES $DATA/one-claim.json"
EST_EMB="$YIBAO estimate --insured 宁波 --scheme resident --person student --tier A --setting outpatient --level community --total 80 --date 2023-06-01"
if command -v hyperfine > /dev/null; then
  D_HOW="hyperfine -N, mean of $RUNS"
  hyperfine -N --warmup 10 --runs "$RUNS" --export-csv "$DATA/startup.csv" \
    "$EMPTY" "$EST_SYN" "$EST_EMB" > "$DATA/startup.txt" 2>&1
  mean_us() { awk -F, -v n="$1" 'NR == n + 1 { printf "%.0f", $2 * 1e6 }' "$DATA/startup.csv"; }
  D_EMPTY=$(mean_us 1); D_SYN=$(mean_us 2); D_EMB=$(mean_us 3)
else
  D_HOW="shell loop, $RUNS runs (fork+exec of the shell included)"
  loop_us() {
    local t0 t1 i
    t0=$(now)
    for ((i = 0; i < RUNS; i++)); do $1 > /dev/null; done
    t1=$(now)
    calc %.0f "($t1 - $t0) / 1000 / $RUNS"
  }
  D_EMPTY=$(loop_us "$EMPTY"); D_SYN=$(loop_us "$EST_SYN"); D_EMB=$(loop_us "$EST_EMB")
fi
say "   empty ${D_EMPTY} us, estimate (synthetic table) ${D_SYN} us, estimate (embedded tables) ${D_EMB} us"
D_RATIO_EMB=$(calc %.2f "$D_EMB / $D_EMPTY")
D_RATIO_SYN=$(calc %.2f "$D_SYN / $D_EMPTY")

# }===
# {=== (e) RSS and (f) jobs on N_BIG

say "== (e, f) yibao batch --jobs 1 and --jobs 2, $N_BIG claims (wall time, $F_ROUNDS rounds)"
cpu_pct() { awk -F': ' '/Percent of CPU/ { print $2 }' "$1"; }
# jobs_run J R: one timed run with J jobs in round R: its wall time (ns) in F_T_J_R, the
# rest of the machine's load in F_L_J_R, its time -v in rss-big-J-R.txt.
jobs_run() {
  local j=$1 r=$2 k0 k1 t0 t1
  k0=$(ticks); t0=$(now)
  $TIME -v -o "$DATA/rss-big-$j-$r.txt" "$YIBAO" batch --jobs "$j" --tables "$TABLES" "$BIG" > /dev/null
  t1=$(now); k1=$(ticks)
  printf -v "F_T_${j}_$r" '%s' $((t1 - t0))
  printf -v "F_L_${j}_$r" '%s' "$(other_load "$k0" "$k1" "$DATA/rss-big-$j-$r.txt")"
  local t=F_T_${j}_$r l=F_L_${j}_$r
  say "   round $r, --jobs $j: $(calc %.2f "${!t} / 1e9") s ($(cpu_pct "$DATA/rss-big-$j-$r.txt") CPU; the rest of the machine used ${!l}% meanwhile)"
}
# The two runs of a round are next to each other, so a slow spell more likely covers both
# (one over --jobs 1 alone inflates the ratio, one over --jobs 2 alone deflates it); the
# round with the median ratio is reported, as for (b) and (c).
F_LIST=""
for ((r = 1; r <= F_ROUNDS; r++)); do
  jobs_run 1 $r; jobs_run 2 $r
  eval "F_LIST=\"\$F_LIST \$(calc %.4f \"\$F_T_1_$r / \$F_T_2_$r\"):$r\""
done
F_ROUND=$(printf '%s\n' $F_LIST | sort -t: -k1,1g | awk -v n="$F_ROUNDS" 'NR == int((n + 1) / 2) { split($0, a, ":"); print a[2] }')
for j in 1 2; do cp "$DATA/rss-big-$j-$F_ROUND.txt" "$DATA/rss-big-$j.txt"; done
eval "F_J1=\$F_T_1_$F_ROUND F_J2=\$F_T_2_$F_ROUND F_OTHER1=\$F_L_1_$F_ROUND F_OTHER2=\$F_L_2_$F_ROUND"
say "   ratios (ratio:round):$F_LIST; reported: round $F_ROUND, the median"
F_RATIO=$(calc %.2f "$F_J1 / $F_J2")
E_SMALL=$(rss_kib "$DATA/rss-small.txt")
E_BIG=$(rss_kib "$DATA/rss-big-1.txt")
E_BIG2=$(rss_kib "$DATA/rss-big-2.txt")
LOAD_AFTER=$(background_load)

# }===
# {=== (g) the HTTP server

N_HTTP=${N_HTTP:-20000}
say "== (g) yibao serve, POST /v1/estimate: $N_HTTP requests from 2 keep-alive clients"
head -n "$N_HTTP" "$SMALL" > "$DATA/http-claims.jsonl"
"$YIBAO" serve --listen 127.0.0.1:0 --threads 2 --tables "$TABLES" --access-log /dev/null > "$DATA/serve.out" &
SERVE_PID=$!
for _ in $(seq 100); do grep -q listening "$DATA/serve.out" 2>/dev/null && break; sleep 0.05; done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$DATA/serve.out")
G_OUT=$("$BUILD/bench/yibao_httpload" --port "$PORT" --claims "$DATA/http-claims.jsonl" --n "$N_HTTP" --threads 2)
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true
G_RPS=$(printf '%s\n' "$G_OUT" | awk '{ print $8 }')
G_FAILED=$(printf '%s\n' "$G_OUT" | awk '{ print $4 }')
t0=$(now)
"$YIBAO" batch --jobs 2 --format compact --tables "$TABLES" "$DATA/http-claims.jsonl" > /dev/null
t1=$(now)
G_BATCH=$(calc %.0f "$N_HTTP * 1e9 / ($t1 - $t0)")
G_RATIO=$(calc %.2f "$G_BATCH / $G_RPS")
say "   serve: $G_RPS requests/s ($G_FAILED failed); batch --jobs 2: $G_BATCH claims/s"

# }===
# {=== Summary

met() { awk "BEGIN { print ($1) ? \"yes\" : \"no\" }"; }
per_claim_us() { calc %.1f "$1 / 1000 / $2"; }
mib() { calc %.1f "$1 / 1024"; }
E_MAX=$(( E_BIG > E_BIG2 ? E_BIG : E_BIG2 ))
E_FLAT=$(calc %.2f "$E_BIG / $E_SMALL")
cat <<EOF

yibao bench/run.sh — $(date -u +%Y-%m-%d), $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $("$YIBAO" --version | awk 'NR == 1')
CPU used by the rest of the machine (percent of all CPUs): ${LOAD_BEFORE}% before the run, ${LOAD_AFTER}% after it, ${F_OTHER1}% during (f) --jobs 1, ${F_OTHER2}% during (f) --jobs 2
timings of (b), (c): CPU, best of $REPEAT rounds on $N_SMALL claims, ratios the median of the rounds'; (a), (e): one run on $N_BIG claims; (f): the round of $F_ROUNDS with the median ratio; (d): $D_HOW; (i): callgrind

| measurement | yibao | baseline | ratio | target | met |
|---|---|---|---|---|---|
| (i) yb_settle, instructions a claim | $I_SETTLE | — | — | <= 8000 | $(met "$I_SETTLE <= 8000") |
| (i) claim parse (batch) vs json_loadb of the same text, instructions | $I_PARSE | $I_LOADB | ${I_PARSE_RATIO}x | <= 1.2x | $(met "$I_PARSE_RATIO <= 1.2") |
| (a) yb_settle vs int64 kernel, ns/claim | $A_ENGINE | $A_KERNEL | ${A_RATIO}x | (reported) | — |
| (b) batch --format csv vs parse-only floor, us/claim CPU | $(per_claim_us "$B_CSV" "$N_SMALL") | $(per_claim_us "$B_PARSE" "$N_SMALL") | ${B_CSV_RATIO}x | <= 1.5x | $(met "$B_CSV_RATIO <= 1.5") |
| (b) batch --format compact vs parse-only floor | $(per_claim_us "$B_COMPACT" "$N_SMALL") | $(per_claim_us "$B_PARSE" "$N_SMALL") | ${B_COMPACT_RATIO}x | <= 2x | $(met "$B_COMPACT_RATIO <= 2") |
| (b) batch (full JSON) vs JSON floor (parse + dump) | $(per_claim_us "$B_BATCH" "$N_SMALL") | $(per_claim_us "$B_FLOOR" "$N_SMALL") | ${B_RATIO}x | <= 2x | $(met "$B_RATIO <= 2") |
| (c) Python decimal vs batch --format csv, us/claim CPU | $(per_claim_us "$B_CSV" "$N_SMALL") | $(per_claim_us "$C_PY" "$N_SMALL") | ${C_RATIO}x | >= 3x | $(met "$C_RATIO >= 3") |
| (d) estimate startup (embedded tables) vs empty, us | $D_EMB | $D_EMPTY | ${D_RATIO_EMB}x | <= 5x | $(met "$D_RATIO_EMB <= 5") |
| (d') estimate startup (--tables synthetic) vs empty, us | $D_SYN | $D_EMPTY | ${D_RATIO_SYN}x | (<= 5x) | $(met "$D_RATIO_SYN <= 5") |
| (e) peak RSS, MiB, $N_BIG vs $N_SMALL claims | $(mib "$E_BIG") (jobs 2: $(mib "$E_BIG2")) | $(mib "$E_SMALL") | ${E_FLAT}x | flat, < 64 MiB | $(met "$E_FLAT <= 1.5 && $E_MAX < 65536") |
| (f) batch --jobs 2 vs --jobs 1, s wall | $(calc %.2f "$F_J2 / 1e9") ($(cpu_pct "$DATA/rss-big-2.txt") CPU) | $(calc %.2f "$F_J1 / 1e9") ($(cpu_pct "$DATA/rss-big-1.txt") CPU) | ${F_RATIO}x | >= 1.8x | $(met "$F_RATIO >= 1.8") |
| (g) serve POST /v1/estimate (2 keep-alive clients) vs batch --jobs 2, per second | $G_RPS requests ($G_FAILED failed) | $G_BATCH claims | ${G_RATIO}x | (reported) | — |

reading results (yibao_bench, first chunk, 9 rounds; median of each round's ratio to yb_settle alone):
$(awk '/^  settle/' "$DATA/a.txt")

checks: (a) ${A_SAME} claims identical, engine vs kernel; (c) ${C_SAME:-?} reference.py results identical to yibao batch (13 fields each)
output size per claim (first $B_SAMPLE claims): batch $(calc %d "$B_BYTES_BATCH / $B_SAMPLE") bytes, floor $(calc %d "$B_BYTES_FLOOR / $B_SAMPLE") bytes
ratios: (i) parse/floor, (a) engine/kernel, (b) batch/floor, (c) python/batch --format csv (how many times faster batch is), (d) estimate/empty, (e) big/small, (f) jobs1/jobs2, (g) batch claims/s over serve requests/s
EOF

# }===
# {=== Profiles (--profile)

# top10 FILE [--inclusive=yes]: the 10 costliest functions of a callgrind profile, without
# the start-up frames (below main, __libc_start_main, main, the loader). Callgrind splits
# some functions in two, under a relative and an absolute path of the same file (the
# debug info names both); they are merged as basename(file):function, keeping the larger
# part for inclusive costs (it contains the other) and summing the parts for self costs.
top10() {
  local f=$1 mode=self
  shift
  [ "${1:-}" = --inclusive=yes ] && mode=inclusive
  callgrind_annotate --auto=no "$@" "$f" |
    awk -v mode=$mode '
      /PROGRAM TOTALS/ { total = $1; gsub(",", "", total) }
      /^Ir  *file:function/ { body = 1; next }
      !body || !NF || /^-/ { next }
      /below main|__libc_start_main|:main( |$)|\?\?\?:0x[0-9a-f]+ \[.*ld-linux/ { next }
      { c = $1; gsub(",", "", c); fn = $0
        sub(/^ *[0-9,]+ *\( *[0-9.]+%\) */, "", fn); sub(/ \[.*$/, "", fn)
        key = fn; sub(/^.*\//, "", key)
        if (mode == "self") cost[key] += c; else if (c > cost[key]) cost[key] = c }
      END { for (k in cost) printf "%d %s\n", cost[k], k }' |
    sort -k1,1nr | awk 'NR <= 10' |
    awk -v t="$(callgrind_annotate --auto=no "$f" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')" \
      'function commas(n,  s) { s = ""; while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) } return n s }
       { printf "%15s  %5.1f%%  %s\n", commas($1), 100 * $1 / t, $2 }'
}

if [ "$PROFILE" = 1 ]; then
  echo; echo "Profile: yb_settle (the (i) run), top 10 inclusive"
  top10 "$DATA/callgrind.settle" --inclusive=yes
  echo; echo "Profile: yb_settle (the (i) run), top 10 self"
  top10 "$DATA/callgrind.settle"
  echo; echo "Profile: yibao batch --format csv over 2000 claims (the (i) run), inclusive"
  callgrind_annotate --auto=no --inclusive=yes "$DATA/callgrind.batch" |
    grep -E 'PROGRAM TOTALS|:(yb_batch|ybp_claim_reparse|ybp_claim_of|yb_settle|ybp_result_csv|json_loadb|json_delete|getline|yb_tables_open) ' |
    sed 's/ \[.*$//' | awk '!seen[$NF]++' || true
fi

# }===
