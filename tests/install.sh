#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/install.sh BUILD_DIR SRC_DIR — install into a scratch prefix, then use it as a
# newcomer would: only yb_* exported; link the C example through pkg-config and through
# find_package(yibao); call the library from Python (ctypes) and the CLI from Node.
set -eu
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
lib=$(find "$prefix" -name 'libyibao.so' | head -1)
pc=$(dirname "$(find "$prefix" -name yibao.pc | head -1)")
test -f "$prefix/share/man/man1/yibao.1" && test -f "$prefix/share/yibao/tables/330200-ningbo.json"
test -f "$prefix/include/yibao.h" && test -n "$(find "$prefix" -name libyibao.a)"
# the contracts and the schemas are installed with the library
doc=$(dirname "$(find "$prefix" -name LICENSE | head -1)")
test -f "$doc/CHANGELOG.md" && test -f "$doc/docs/tables.md" && test -f "$doc/docs/claims.md"
test -f "$doc/docs/schema/yibao-table-2.schema.json" && test -f "$doc/docs/abi.md"
# 1. The shared library exports the public API and nothing else.
leaked=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^yb_' | grep -v '^YIBAO_0$' || true)
[ -z "$leaked" ] || { echo "exported beyond yb_*: $leaked"; exit 1; }
nm -D --defined-only "$lib" | grep -q ' yb_estimate_json@@YIBAO_0$'
readelf -d "$lib" | grep -q 'SONAME.*libyibao.so.0.2'
want='"hifp_pay":"48.00"'
# 2. pkg-config
PKG_CONFIG_PATH=$pc cc -std=c11 -o "$prefix/t-pc" "$src/docs/examples/example.c" \
  $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs yibao) -Wl,-rpath,"$(dirname "$lib")"
"$prefix/t-pc" | grep -q "$want"
# 2b. results read only through the typed accessors; the batch API from four threads
PKG_CONFIG_PATH=$pc cc -std=c11 -Wall -Werror -o "$prefix/t-typed" "$src/docs/examples/typed.c" \
  $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs yibao) -Wl,-rpath,"$(dirname "$lib")"
"$prefix/t-typed" > "$prefix/typed.out"
grep -q '^visit-1 local hifp_pay 4800 psn_cash_pay 3200$' "$prefix/typed.out"
grep -q '^row 390100 4800$' "$prefix/typed.out" && grep -q '^line X01 8000$' "$prefix/typed.out"
PKG_CONFIG_PATH=$pc cc -std=c11 -Wall -Werror -o "$prefix/t-threads" "$src/docs/examples/threads.c" \
  $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs yibao) -pthread -Wl,-rpath,"$(dirname "$lib")"
"$prefix/t-threads" | grep -q '^threads: all equal$'
# 3. find_package(yibao)
cmake -S "$src/tests/consumer" -B "$prefix/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer" >/dev/null
"$prefix/consumer/consumer" | grep -q "$want"
# 4. Python through ctypes, Node through yibao batch
py=python3; command -v "$py" >/dev/null || py=/usr/bin/python3
"$py" "$src/docs/examples/example.py" "$lib" | grep -q "hifp_pay 48.00 psn_cash_pay 32.00"
if command -v node >/dev/null; then
  node "$src/docs/examples/example.js" "$prefix/bin/yibao" > "$prefix/node.out"
  grep -q "claim 0 hifp_pay 48.00" "$prefix/node.out" && grep -q "claim 2 " "$prefix/node.out"
else
  echo "install: node not found, the Node example was not run" >&2; exit 1
fi
echo "install: 1 passed, 0 failed"
