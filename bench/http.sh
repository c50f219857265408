#!/usr/bin/env bash
# HTTP load benchmark of issue 20: thidua against a plain net/http server
# sending the same bytes from memory (bench/ceiling), on one machine with
# the server on core 0 and wrk (Debian's wrk) on core 1, rounds
# alternating. Prints a Markdown table of medians.
#   ./bench/http.sh            # 3 rounds of 20 s per request
#   ROUNDS=5 SECONDS_EACH=10 CONNS=50 ./bench/http.sh
#   SERVER_PROCS=1 ./bench/http.sh   # the service with one P (GOMAXPROCS=1) instead of its own default
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3} DUR=${SECONDS_EACH:-20} CONNS=${CONNS:-50}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/thidua" ./cmd/thidua
go build -o "$work/ceiling" ./bench/ceiling
PW='mật khẩu đo tải'
THIDUA_DEMO_PASSWORD="$PW" GOGC=${GOGC:-100} env ${SERVER_PROCS:+GOMAXPROCS=$SERVER_PROCS} taskset -c 0 "$work/thidua" serve --demo --data "$work/data" --addr 127.0.0.1:18181 --log-level error --remind-days -1 >"$work/serve.log" 2>&1 &
for i in $(seq 100); do curl -sf http://127.0.0.1:18181/healthz >/dev/null && break; sleep 0.2; done
base=http://127.0.0.1:18181
curl -sf -c "$work/jar" -H 'Content-Type: application/json' -d "{\"username\":\"thuky-tay-nguyen-duyen-hai-mien-trung\",\"password\":\"$PW\"}" $base/api/v1/login >/dev/null
cookie=$(awk '$6=="thidua_session"{print "thidua_session="$7}' "$work/jar")
pdf=/api/v1/blocs/tay-nguyen-duyen-hai-mien-trung/years/2024/documents/bao-cao-tong-ket.pdf
dash=/khoi/tay-nguyen-duyen-hai-mien-trung/2024
mkdir "$work/bytes"
etag=$(curl -sf -D - -o "$work/bytes/pdf" -H "Cookie: $cookie" $base$pdf | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')
curl -sf -o "$work/bytes/json" -H "Cookie: $cookie" $base/api/v1/blocs
curl -sf -o "$work/bytes/dash" -H "Cookie: $cookie" $base$dash
GOMAXPROCS=1 taskset -c 0 "$work/ceiling" "$work/bytes" 127.0.0.1:18182 &
sleep 0.5
ceil=http://127.0.0.1:18182
# name | our URL | extra header | ceiling path
cases=("cached PDF|$base$pdf||/pdf" "304 (If-None-Match)|$base$pdf|If-None-Match: $etag|/not-modified" "JSON list of blocs|$base/api/v1/blocs||/json" "secretariat's dashboard|$base$dash||/dash")
run() { # url header -> "rps p50ms p99ms max-ms"
  local h=(-H "Cookie: $cookie"); [ -n "$2" ] && h+=(-H "$2")
  taskset -c 1 wrk -t1 -c"$CONNS" -d"${DUR}s" --latency "${h[@]}" "$1" | awk '
    function ms(v){ if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ {r=$2} / 50%/ {p50=ms($2)} / 99%/ {p99=ms($2)} /Latency/ && !m {mx=ms($4); m=1}
    END {printf "%.0f %.1f %.1f %.0f\n", r, p50, p99, mx}'
}
declare -A ours theirs
for round in $(seq "$ROUNDS"); do
  for c in "${cases[@]}"; do
    IFS='|' read -r name url hdr cpath <<<"$c"
    ours[$name]+="$(run "$url" "$hdr");"
    theirs[$name]+="$(run "$ceil$cpath" "")";theirs[$name]+=";"
  done
done
median() { tr ';' '\n' | awk -v f="$1" 'NF{print $f}' | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "| request | thidua req/s | ceiling req/s | share | thidua p50 / p99 / max ms |"
echo "|---|---|---|---|---|"
for c in "${cases[@]}"; do
  IFS='|' read -r name _ _ _ <<<"$c"
  o=$(echo "${ours[$name]}" | median 1); t=$(echo "${theirs[$name]}" | median 1)
  echo "| $name | $o | $t | $(awk -v o="$o" -v t="$t" 'BEGIN{printf "%.1f %%", 100*o/t}') | $(echo "${ours[$name]}" | median 2) / $(echo "${ours[$name]}" | median 3) / $(echo "${ours[$name]}" | median 4) |"
done
echo
echo "rounds: $ROUNDS × ${DUR}s, $CONNS connections; $(nproc) cores, $(go version | cut -d' ' -f3), $(date -u +%F)"
