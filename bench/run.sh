#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md in one go, Go and Node side by side,
# so that the comparisons are made on the same machine at the same time.
# Needs Node.js and npm for the comparison half (cd bench/node && npm ci;
# cd bench/typst && npm ci for Typst).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOMAXPROCS=1
mkdir -p bench/node/out
THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -count=1 -run TestExportComparisonInputs ./internal/render/ >/dev/null
THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -count=1 -run TestExportFilledWorkbook ./internal/xlsx/ >/dev/null
echo "== $(date -u +%FT%TZ) $(uname -m) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), node $(node --version 2>/dev/null || echo absent)"
# "One core" for both sides: Go runs with GOMAXPROCS=1, and both are held
# to the same CPU with taskset (util-linux) when it is there, since Node
# would otherwise give V8's garbage collector and compiler threads the
# other cores. pdfmake is also run free, for the figure without that hold.
one=()
if command -v taskset >/dev/null; then one=(taskset -c 0); fi
for round in 1 2 3 4 5; do
  echo "-- round $round"
  "${one[@]}" go test -run XXX -bench 'PDF|LoadYear|Cached' -benchmem -count 1 ./internal/render/ | grep -E '^Benchmark'
  # Go free as well (every core, its collector on the other one), the
  # counterpart of pdfmake free below.
  GOMAXPROCS=$(nproc) go test -run XXX -bench 'PDF/(bao-cao-tong-ket|giao-uoc)' -count 1 ./internal/render/ | grep -E '^Benchmark' | sed 's/^/free: /'
  "${one[@]}" go test -run XXX -bench . -benchmem -count 1 ./internal/xlsx/ | grep -E '^Benchmark'
  if [ -d bench/node/node_modules ]; then
    (cd bench/node && "${one[@]}" node pdfmake.js 60 | sed 's/^/one core: /' && node pdfmake.js 60 | sed 's/^/free: /' && "${one[@]}" node exceljs.js 100 &&
      "${one[@]}" node exceljs-read-bench.js 100 | sed 's/^/read: /')
  fi
  # Typst (bench/typst, npm ci there): its compiler's threads held to the
  # one core like the rest.
  if [ -d bench/typst/node_modules ]; then
    (cd bench/typst && "${one[@]}" node typst.js 30 | sed 's/^/one core: /')
  fi
done
