#!/usr/bin/env bash
# Issue 21's benchmark: the December mix (bench/mixed: uploads, a closed
# year's documents from the cache, the open year's summary built again
# after each upload) from 50 clients for 30 s against
#   1. one replica on SQLite and the folder,
#   2. one replica on PostgreSQL and an S3 bucket (versitygw),
#   3. two replicas on that PostgreSQL and bucket, requests in turn.
# Each starts from the demo on a new database and bucket. Everything runs
# on this machine (servers, PostgreSQL, versitygw, the clients): compare
# the rows with each other, not with a real deployment.
#   ./bench/replicas.sh                      # starts its own PostgreSQL and versitygw
#   CLIENTS=50 SECONDS_EACH=30 ./bench/replicas.sh
# Needs Debian's postgresql and versitygw (see .ci/run), as the tests do;
# THIDUA_TEST_POSTGRES / THIDUA_TEST_S3 name running ones instead.
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-50} DUR=${SECONDS_EACH:-30}
work=$(mktemp -d); chmod 755 "$work"
trap 'for p in "$work"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done; [ -x "$work/pg/stop" ] && "$work/pg/stop"; [ -x "$work/s3/stop" ] && "$work/s3/stop"; rm -rf "$work"' EXIT
go build -o "$work/thidua" ./cmd/thidua
go build -o "$work/mixed" ./bench/mixed
PG=${THIDUA_TEST_POSTGRES:-$(.ci/postgres "$work/pg")}
S3=${THIDUA_TEST_S3:-$(.ci/s3 "$work/s3")}
s3host=${S3#s3://*@}; s3host=${s3host%%\?*}
creds=${S3#s3://}; creds=${creds%%@*}
export AWS_ACCESS_KEY_ID=${creds%%:*} AWS_SECRET_ACCESS_KEY=${creds#*:}
export THIDUA_DEMO_PASSWORD='mật khẩu đo tải'
stop() { kill "$(cat "$1.pid")"; rm "$1.pid"; sleep 1; }
serve() { # data-dir port extra-args… -> prints the base URL once it answers
  local port=$2
  "$work/thidua" serve --data "$1" --addr 127.0.0.1:$port --log-level error --remind-days -1 "${@:3}" >"$1.log" 2>&1 &
  echo $! >"$1.pid"
  for _ in $(seq 600); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
  curl -sf http://127.0.0.1:$port/healthz >/dev/null || { cat "$1.log" >&2; exit 1; }
  echo http://127.0.0.1:$port
}
fresh() { # name -> database URL and bucket address, both new
  psql -q "$PG" -c "CREATE DATABASE $1" >/dev/null
  local db=${PG%/postgres*}/$1?sslmode=disable
  local bucket="s3://$1?endpoint=$s3host&region=us-east-1&insecure=true"
  "$work/mixed" -make-bucket "${bucket//_/-}"
  echo "$db ${bucket//_/-}"
}
cpu() { # CPU seconds used so far by the live processes named $1
  ps -C "$1" -o times= 2>/dev/null | awk '{s+=$1} END{print s+0}'
}
busy() { # CPU seconds the whole machine has been busy
  awk '/^cpu /{print int(($2+$3+$4+$7+$8)/100)}' /proc/stat
}
load() { # targets -> the clients' JSON; where the CPU went, on stderr
  local t0=$(cpu thidua) b0=$(busy)
  "$work/mixed" -targets "$1" -password "$THIDUA_DEMO_PASSWORD" -c "$CLIENTS" -d "${DUR}s" >"$work/out.json"
  echo "CPU seconds in the run: the machine $(( $(busy) - b0 )) of $(( DUR * $(nproc) )), thidua $(( $(cpu thidua) - t0 ))" >&2
  cat "$work/out.json"
}
row() { # name json
  echo "$2" | python3 -c '
import json,sys
name=sys.argv[1]; r={l["kind"]:l for l in json.load(sys.stdin)}
a,u,c,g=r["all"],r["upload"],r["cached"],r["changed"]
f=lambda l:"%.0f/s, %.0f / %.0f ms"%(l["per_sec"],l["p50_ms"],l["p99_ms"])
print("| %s | %.0f | %s | %s | %s | %d |"%(name,a["per_sec"],f(u),f(c),f(g),a["errors"]))' "$1"
}
echo "| setup | requests/s | uploads (rate, p50 / p99) | cached downloads | changed downloads | errors |"
echo "|---|---|---|---|---|---|"
a=$(serve "$work/sqlite" 18401 --demo); row "1 replica, SQLite + folder" "$(load "$a")"; stop "$work/sqlite"
read -r db bucket < <(fresh "bench_one_$RANDOM")
a=$(serve "$work/pg1" 18402 --demo --database "$db" --blobs "$bucket"); row "1 replica, PostgreSQL + S3" "$(load "$a")"; stop "$work/pg1"
read -r db bucket < <(fresh "bench_two_$RANDOM")
a=$(serve "$work/pg2a" 18403 --demo --database "$db" --blobs "$bucket")
b=$(serve "$work/pg2b" 18404 --database "$db" --blobs "$bucket")
row "2 replicas, PostgreSQL + S3" "$(load "$a,$b")"
echo
echo "$CLIENTS clients × ${DUR}s each; $(nproc) cores shared by everything; $(go version | cut -d' ' -f3); $(psql -At "$PG" -c 'show server_version'); $(date -u +%F)"
