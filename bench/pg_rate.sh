#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/pg_rate.sh [N] — rows per second of `SELECT yibao_settle_fields(claim) FROM claims`
# in PostgreSQL (one backend, then 2 parallel workers) next to `yibao batch`'s claims per
# second on the same N claims (default 100000). A benchmark, not a test: it asserts
# nothing. Needs the extension built and installed (tests/pg.py does both) and, as root,
# runs the private cluster as the postgres user. Environment: BUILD (default <repo>/build).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
N=${1:-100000}
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_config | sort -V | tail -1)")
T=$(mktemp -d /tmp/yb_pgbench_XXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then chown postgres "$T"; RUN=(runuser -u postgres --); fi
"$BUILD/bench/yibao_bench" --seed 1 --n "$N" --jsonl "$T/claims.jsonl" --tables-out "$T/tables" > /dev/null
awk '{ gsub(/\\/, "\\\\"); printf "%d\t%s\n", NR, $0 }' "$T/claims.jsonl" > "$T/claims.tsv"
[ "$(id -u)" = 0 ] && chown -R postgres "$T"
"${RUN[@]}" "$BIN/initdb" -D "$T/data" -A trust -U yb --no-sync -E UTF8 --locale=C.UTF-8 > /dev/null
"${RUN[@]}" "$BIN/pg_ctl" -D "$T/data" -l "$T/log" -o "-k $T -c listen_addresses='' -c fsync=off" -w start > /dev/null
trap '"${RUN[@]}" "$BIN/pg_ctl" -D "$T/data" -m fast -w stop > /dev/null; rm -rf "$T"' EXIT
psql() { "${RUN[@]}" "$BIN/psql" -h "$T" -U yb -d postgres -X -q -At -v ON_ERROR_STOP=1 "$@"; }
psql -c "CREATE EXTENSION yibao; CREATE TABLE claims (id bigint PRIMARY KEY, claim jsonb NOT NULL);
         COPY claims FROM '$T/claims.tsv'; ANALYZE claims;"
now() { date +%s%N; }
# the table set is loaded once per backend: the first call is outside the timing
rate() {
  psql <<SQL 2>&1 | awk '/^Time:/ { t = $2 } END { print t }'
SET yibao.tables = '$T/tables';
$1
SELECT yibao_tables_version() \g /dev/null
\timing on
SELECT count(*) FROM claims c, LATERAL yibao_settle_fields(c.claim) s;
SQL
}
one=$(rate "SET max_parallel_workers_per_gather = 0;")
two=$(rate "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;")
t0=$(now); "$BUILD/yibao" batch --format csv --tables "$T/tables" "$T/claims.jsonl" > /dev/null; t1=$(now)
t2=$(now); "$BUILD/yibao" batch --jobs 2 --format csv --tables "$T/tables" "$T/claims.jsonl" > /dev/null; t3=$(now)
awk -v n="$N" -v one="$one" -v two="$two" -v b1="$((t1 - t0))" -v b2="$((t3 - t2))" 'BEGIN {
  printf "| SELECT yibao_settle_fields(claim), one backend | %.0f rows/s |\n", n / (one / 1e3)
  printf "| the same, 2 parallel workers | %.0f rows/s |\n", n / (two / 1e3)
  printf "| yibao batch --format csv, --jobs 1 | %.0f claims/s |\n", n / (b1 / 1e9)
  printf "| yibao batch --format csv, --jobs 2 | %.0f claims/s |\n", n / (b2 / 1e9) }'
