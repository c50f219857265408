#!/usr/bin/env bash
# The first PDF after a start against Typst (its cache cleared) and
# pdfmake, in short interleaved rounds so that every side shares each
# noisy period of a shared machine; prints each round and the medians of
# the per-round ratios. One core for all (taskset -c 0, GOMAXPROCS=1).
# Needs: cd bench/node && npm ci; cd bench/typst && npm ci.
#   ROUNDS=10 ./bench/first-pdf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-10}
one=()
if command -v taskset >/dev/null; then one=(taskset -c 0); fi
bin=$(mktemp -d)/render.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
mkdir -p bench/node/out
THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -count=1 -run TestExportComparisonInputs ./internal/render/ >/dev/null
go test -c -o "$bin" ./internal/render/
echo "== $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), node $(node --version), commit $(git rev-parse --short HEAD)"
log=$(dirname "$bin")/rounds
for r in $(seq 1 "$rounds"); do
  (cd internal/render && GOMAXPROCS=1 "${one[@]}" "$bin" -test.run '^$' -test.bench 'PDF(First)?/(bao-cao-tong-ket|giao-uoc-thi-dua)$' -test.benchtime 30x) |
    awk -v r="$r" '/^Benchmark/{split($1, n, "/"); sub(/-[0-9]+$/, "", n[2]); print r, (n[1] ~ /First/ ? "first" : "warm"), n[2], $3 / 1e6}'
  (cd bench/typst && "${one[@]}" node typst.js 10) | awk -v r="$r" '{sub(/:$/, "", $2); print r, "typst", $2, $4}'
  (cd bench/node && "${one[@]}" node pdfmake.js 20) | awk -v r="$r" '{sub(/:$/, "", $2); print r, "pdfmake", $2, $4}'
done | tee "$log"
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
for kind in bao-cao-tong-ket giao-uoc-thi-dua; do
  for side in warm first; do
    for other in typst pdfmake; do
      ratio=$(awk -v k="$kind" -v s="$side" -v o="$other" '$3 == k && $2 == s {t[$1] = $4} $3 == k && $2 == o {c[$1] = $4} END {for (r in t) if (r in c) print c[r] / t[r]}' "$log" | median)
      ms=$(awk -v k="$kind" -v s="$side" '$3 == k && $2 == s {print $4}' "$log" | median)
      printf '%s %s: %.2f ms, %s %.2fx (median of per-round ratios)\n' "$kind" "$side" "$ms" "$other" "$ratio"
    done
  done
done
