#!/usr/bin/env bash
# Whole-request benchmark of the two session stores with wrk on loopback: the same signed-in user asks
# /oauth2/auth (forward auth: cookie → session → decision → headers, no upstream) of one Lanyard keeping sessions
# in the cookie and of one keeping them in Redis. Each round also measures the baseline of that moment: /ping on
# the same kind of process (Kestrel + Lanyard's middleware, no session). Rounds interleave so the shared host's
# noise hits all three alike; the table quotes medians. Never run by ./test.sh.
#
#   bench/wrk/session-stores.sh [rounds=3] [seconds=10] [connections=32]
#
# Starts, on free 127.0.0.1 ports, only processes it ends itself by PID: lanyard emulator, two lanyard dev
# proxies against it, and a redis-server without persistence.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${1:-3}
seconds=${2:-10}
connections=${3:-32}
warmup=15

bench_name=session-stores.sh
# shellcheck source=../lib.sh
source bench/lib.sh
need_tools wrk redis-server curl

emulator_port=$(free_port); cookie_port=$(free_port); redis_store_port=$(free_port); redis_port=$(free_port)
secret=$(head -c 32 /dev/urandom | base64)

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
redis_pid=$!
dotnet "$dll" emulator --http-address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_ok "http://127.0.0.1:$emulator_port/"

start_proxy() { # port, extra args...
  local port=$1; shift
  dotnet "$dll" dev --emulator-url "http://127.0.0.1:$emulator_port" --http-address "127.0.0.1:$port" \
    --cookie-secret "$secret" "$@" >"$work/proxy-$port.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/pid-$port"
  wait_ok "http://127.0.0.1:$port/ready"
}
start_proxy "$cookie_port"
start_proxy "$redis_store_port" --session-store-type=redis --redis-connection-url="redis://127.0.0.1:$redis_port"

cookie_header=$(sign_in "$cookie_port")
redis_header=$(sign_in "$redis_store_port")
for header in "$cookie_header" "$redis_header"; do
  [ -n "$header" ] || { echo "session-stores.sh: sign-in gave no session cookie" >&2; exit 1; }
done
echo "cookie store: ${#cookie_header}-byte Cookie header; Redis store: ${#redis_header} bytes"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# run NAME PORT PATH COOKIE DURATION → appends "name rps p99_ms proxy_cpu_us redis_cpu_us" (per request) to results
run() {
  local name=$1 port=$2 path=$3 cookie=$4 duration=$5 pid before after redis_before redis_after out rps p99 requests
  pid=$(cat "$work/pid-$port")
  before=$(cpu_ticks "$pid"); redis_before=$(cpu_ticks "$redis_pid")
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
  after=$(cpu_ticks "$pid"); redis_after=$(cpu_ticks "$redis_pid")
  if grep -q "Non-2xx" <<<"$out"; then echo "session-stores.sh: $name answered non-2xx:" >&2; echo "$out" >&2; exit 1; fi
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { v=$2; if (v ~ /us$/) { sub(/us/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms/,"",v) } else if (v ~ /s$/) { sub(/s/,"",v); v*=1000 } print v }' <<<"$out")
  per_request() { awk -v t="$1" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'; }
  echo "$name $rps $p99 $(per_request $((after - before))) $(per_request $((redis_after - redis_before)))" >>"$work/results"
}

echo "warming up (${warmup}s each)…"
run warmup "$cookie_port" /oauth2/auth "$cookie_header" "$warmup"
run warmup "$redis_store_port" /oauth2/auth "$redis_header" "$warmup"
: >"$work/results"

for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds"
  run "baseline(/ping)" "$cookie_port" /ping "$cookie_header" "$seconds"
  run "cookie-store" "$cookie_port" /oauth2/auth "$cookie_header" "$seconds"
  run "redis-store" "$redis_store_port" /oauth2/auth "$redis_header" "$seconds"
done

echo
echo "| request | requests/s | p99 ms | Lanyard CPU µs/request | redis-server CPU µs/request |"
echo "|---|---|---|---|---|"
for name in "baseline(/ping)" "cookie-store" "redis-store"; do
  awk -v n="$name" '$1 == n' "$work/results" | python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin]
print("| %s | %.0f | %.2f | %.1f | %.1f |" % (rows[0][0], *(statistics.median(float(r[i]) for r in rows) for i in range(1, 5))))'
done
echo
echo "medians of $rounds rounds; $connections connections, ${seconds}s each, $(nproc) cores; cookie $(( ${#cookie_header} ))-byte header, Redis ticket $(( ${#redis_header} )) bytes"
