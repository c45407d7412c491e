#!/usr/bin/env bash
# CPU per getShape by process, with wrk (a non-Java load generator), against the deployment of `infra/shapes up
# --cells 1 --routers 1`: alternating rounds straight to the cell's internal API and through the router.
#   tests/benchmarks/cpu/cpu-per-request.sh [ROUNDS] [SECONDS]        # figures
#   tests/benchmarks/cpu/cpu-per-request.sh --profile LABEL           # + CPU flame graphs of router and cell
#   CONNECTIONS=128 tests/benchmarks/cpu/cpu-per-request.sh           # wrk's connections (default 32)
# Needs wrk (Debian: apt-get install wrk); profiling fetches async-profiler from Maven Central. Where nginx is
# installed (Debian: apt-get install nginx-light), each round also goes through one nginx hop to the cell's internal
# API, as a reference for what a plain proxy costs on the same machine in the same minutes (NGINX=none skips it).
set -euo pipefail
cd "$(dirname "$0")/../../.."
PROFILE=""
if [ "${1:-}" = "--profile" ]; then PROFILE=$2; shift 2; fi
ROUNDS=${1:-3}; SECONDS_PER_ROUND=${2:-10}; CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
status=$(infra/shapes status)
pid_of() { awk -v n="$1" '$1==n{print $4}' <<<"$status"; }
url_of() { awk -v n="$1" '$1==n{print $2}' <<<"$status"; }
ROUTER_PID=$(pid_of router-1); CELL_PID=$(pid_of cell-1); ROUTER=$(url_of router-1); CELL=$(url_of cell-1)
ROUTER_METRICS=$(awk '$1=="router-1"{print $3}' <<<"$status")/q/metrics
[ -n "$ROUTER_PID" ] && [ -n "$CELL_PID" ] || { echo "start it first: infra/shapes up --cells 1 --routers 1" >&2; exit 2; }
PG_PID=$(pgrep -f "postgres.*\.shapes/cell-1" | head -1)
CELL_TOKEN=$(sed -n 's/.*"dataToken" *: *"\([^"]*\)".*/\1/p' .shapes/deployment.json | head -1)
tenant="cpu-$(date +%s)"
KEY=$(infra/shapes cm tenant create "$tenant" | tail -1)
infra/shapes cm tenant limit "$tenant" --rate 10000000 >/dev/null
sleep 2 # the next publication carries the limit
ID=$(curl -sf -X POST "$ROUTER/v1/tenants/$tenant/shapes" -H "Authorization: Bearer $KEY" \
  -H 'Content-Type: application/json' -d '{"type":"circle"}' | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')

ticks() { awk '{print $14+$15+$16+$17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree_ticks() { local t; t=$(ticks "$1"); for c in $(pgrep -P "$1"); do t=$((t + $(ticks "$c"))); done; echo "$t"; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
# each event loop's CPU over the rounds: where the HTTP servers put their connections (one busy loop or several)
# changes the CPU per request on two shared cores (docs/BENCHMARKS.md section 10)
loop_ticks() { for t in /proc/"$1"/task/*; do case $(cat "$t/comm" 2>/dev/null) in vert.x-eventloo*) awk '{printf "%d ", $14+$15}' "$t/stat";; esac; done; }
# the getShapes the router sent its cell per call over the rounds (shapes_router_read_batch_reads: sum and count)
combined() { curl -sf "$ROUTER_METRICS" | awk '/^shapes_router_read_batch_reads_sum/{s=$2} /^shapes_router_read_batch_reads_count/{c=$2} END{printf "%d %d", s, c}'; }
loop_shares() { # PID TICKS_BEFORE
  local -a before=($2) after=($(loop_ticks "$1")); local total=0 i out=""
  for i in "${!after[@]}"; do total=$((total + after[i] - ${before[i]:-0})); done
  for i in "${!after[@]}"; do out+="$(( (after[i] - ${before[i]:-0}) * 100 / (total > 0 ? total : 1) )) % / "; done
  echo "${out% / }"
}
round() { # NAME URL TOKEN [PROXY_PID]: the proxy's CPU is the router's, or the nginx reference's
  local r0 c0 p0 m0 out n proxy=${4:-$ROUTER_PID}
  r0=$(tree_ticks "$proxy"); c0=$(ticks "$CELL_PID"); p0=$(tree_ticks "$PG_PID"); m0=$(busy)
  out=$(wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_ROUND}s --latency -H "Authorization: Bearer $3" "$2")
  n=$(awk '/requests in/{print $1}' <<<"$out")
  awk -v name="$1" -v n="$n" -v r=$(( $(tree_ticks "$proxy") - r0 )) -v c=$(( $(ticks "$CELL_PID") - c0 )) \
      -v p=$(( $(tree_ticks "$PG_PID") - p0 )) -v m=$(( $(busy) - m0 )) -v secs="$SECONDS_PER_ROUND" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; return v * 1000 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Non-2xx/ { errors = $NF }
    END { printf "| %s | %.0f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %d |\n", name, n / secs, p50, p99,
          r * 10 / n, c * 10 / n, p * 10 / n, m * 10 / n, errors }' <<<"$out"
}
if [ -n "$PROFILE" ]; then
  ./mvnw -B -q dependency:get -Dartifact=tools.profiler:async-profiler:4.2 -Dtransitive=false
  LIB=$(mktemp -d)/linux-x64/libasyncProfiler.so
  unzip -q -o ~/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar linux-x64/libasyncProfiler.so -d "$(dirname "$(dirname "$LIB")")"
  OUT=tests/benchmarks/target/cpu; mkdir -p "$OUT"
  wrk -t1 -c$CONNECTIONS -d20s -H "Authorization: Bearer $KEY" "$ROUTER/v1/tenants/$tenant/shapes/$ID" >/dev/null # warm
  for pid in "$ROUTER_PID" "$CELL_PID"; do java tests/benchmarks/cpu/AttachProfiler.java "$LIB" "$pid" start,event=cpu,interval=997us; done
  wrk -t1 -c$CONNECTIONS -d15s -H "Authorization: Bearer $KEY" "$ROUTER/v1/tenants/$tenant/shapes/$ID" >/dev/null
  java tests/benchmarks/cpu/AttachProfiler.java "$LIB" "$ROUTER_PID" "stop,file=$PWD/$OUT/router-$PROFILE.html"
  java tests/benchmarks/cpu/AttachProfiler.java "$LIB" "$CELL_PID" "stop,file=$PWD/$OUT/cell-$PROFILE.html"
  echo "flame graphs: $OUT/router-$PROFILE.html, $OUT/cell-$PROFILE.html (getShape through the router, 32 connections)"
  exit 0
fi
NGINX=${NGINX:-$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)}
NGINX_PID=""
if [ -n "$NGINX" ] && [ "$NGINX" != none ]; then # one nginx hop to the cell: a reference, not part of the system
  NGINX_DIR=$(mktemp -d)
  for NGINX_PORT in $(shuf -i 20000-60000 -n 50); do ! (exec 3<>"/dev/tcp/127.0.0.1/$NGINX_PORT") 2>/dev/null && break; done
  sed -e "s#@DIR@#$NGINX_DIR#g" -e "s#@PORT@#$NGINX_PORT#g" -e "s#@UPSTREAM@#${CELL#http://}#g" \
    tests/benchmarks/nginx/hop.conf > "$NGINX_DIR/nginx.conf"
  if "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log"; then
    trap '"$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" -s stop; rm -rf "$NGINX_DIR"' EXIT
    for _ in $(seq 50); do [ -s "$NGINX_DIR/nginx.pid" ] && break; sleep 0.1; done
    NGINX_PID=$(cat "$NGINX_DIR/nginx.pid"); NGINX_URL=http://127.0.0.1:$NGINX_PORT
  else
    echo "nginx did not start: no reference hop measured" >&2; rm -rf "$NGINX_DIR"
  fi
fi
echo "warming up (20 s each way)" >&2
wrk -t1 -c$CONNECTIONS -d20s -H "Authorization: Bearer $CELL_TOKEN" "$CELL/internal/v1/tenants/$tenant/shapes/$ID" >/dev/null
wrk -t1 -c$CONNECTIONS -d20s -H "Authorization: Bearer $KEY" "$ROUTER/v1/tenants/$tenant/shapes/$ID" >/dev/null
[ -z "$NGINX_PID" ] || wrk -t1 -c$CONNECTIONS -d10s -H "Authorization: Bearer $CELL_TOKEN" \
  "$NGINX_URL/internal/v1/tenants/$tenant/shapes/$ID" >/dev/null
ROUTER_LOOPS=$(loop_ticks "$ROUTER_PID"); CELL_LOOPS=$(loop_ticks "$CELL_PID"); READS=($(combined))
echo "| getShape, $CONNECTIONS connections | req/s | p50 ms | p99 ms | router JVM (or nginx) ms/req | cell JVM ms/req | cell PostgreSQL ms/req | machine ms/req | non-2xx |"
echo "|---|---|---|---|---|---|---|---|---|"
for i in $(seq "$ROUNDS"); do
  round "straight to the cell ($i)" "$CELL/internal/v1/tenants/$tenant/shapes/$ID" "$CELL_TOKEN"
  round "through the router ($i)" "$ROUTER/v1/tenants/$tenant/shapes/$ID" "$KEY"
  [ -z "$NGINX_PID" ] || round "through one nginx hop, for reference ($i)" \
    "$NGINX_URL/internal/v1/tenants/$tenant/shapes/$ID" "$CELL_TOKEN" "$NGINX_PID"
done
echo "event loops' shares of their JVM's event-loop CPU over the rounds: router $(loop_shares "$ROUTER_PID" "$ROUTER_LOOPS"); cell $(loop_shares "$CELL_PID" "$CELL_LOOPS")"
AFTER=($(combined))
awk -v s=$((AFTER[0] - READS[0])) -v c=$((AFTER[1] - READS[1])) 'BEGIN { printf "getShapes per call from the router to the cell over the rounds: %.1f (%d calls)\n", (c > 0 ? s / c : 0), c }'
