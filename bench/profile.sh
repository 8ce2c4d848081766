#!/usr/bin/env bash
# CPU profile of one Lanyard hot path under wrk: P1 (cookie session → an nginx upstream) or F1 (/oauth2/auth, cookie
# session). Never run by ./test.sh.
#   trace (default): dotnet-trace (a local tool: .config/dotnet-tools.json), profile dotnet-sampled-thread-time. Its
#     samples count waiting threads too, so idle thread-pool threads dominate; keeps the .nettrace in bench/profiles/.
#   perf: Linux perf, on-CPU samples of Lanyard's process only (DOTNET_PerfMapEnabled=1 names JIT-compiled frames),
#     so it splits GC, kernel and managed time; prints top symbols exclusive and inclusive, keeps perf.data.
#
#   bench/profile.sh [P1|F1|P0] [seconds=10] [connections=32] [trace|perf]      (P0: the bare YARP floor of P1)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-P1}
seconds=${2:-10}
connections=${3:-32}
profiler=${4:-trace}

bench_name=profile.sh
# shellcheck source=lib.sh
source bench/lib.sh
need_tools wrk nginx curl
case $profiler in
  trace) dotnet tool restore >/dev/null ;;
  perf) need_tools perf ;;
  *) echo "profile.sh: profiler is trace or perf" >&2; exit 2 ;;
esac

upstream_port=$(free_port); emulator_port=$(free_port); port=$(free_port)
start_upstream "$upstream_port"
dotnet "$dll" emulator --http-address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_ok "http://127.0.0.1:$emulator_port/"
cat >"$work/lanyard.toml" <<TOML
provider = "entra-id"
oidc_issuer_url = "http://127.0.0.1:$emulator_port/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
client_secret = "lanyard-dev-secret"
cookie_secret = "$(head -c 24 /dev/urandom | base64)"
cookie_secure = false
email_domains = ["*"]
set_xauthrequest = true
upstreams = ["http://127.0.0.1:$upstream_port/"]
http_address = "127.0.0.1:$port"
request_logging = false
TOML
DOTNET_PerfMapEnabled=$([ "$profiler" = perf ] && echo 1 || echo 0) DOTNET_EnableWriteXorExecute=$([ "$profiler" = perf ] && echo 0 || echo 1) \
  dotnet "$dll" serve --config "$work/lanyard.toml" >"$work/lanyard.log" 2>&1 &
lanyard_pid=$!
pids+=($lanyard_pid)
wait_ok "http://127.0.0.1:$port/ready"
cookie=$(sign_in "$port")
profiled_pid=$lanyard_pid
case $scenario in
  P1) path=/ ;;
  F1) path=/oauth2/auth ;;
  P0) # the floor of P1, bare YARP (bench/Lanyard.Floors), sent the same cookie so the requests are the same size
    dotnet build bench/Lanyard.Floors -c Release --nologo -v quiet >/dev/null
    floor_port=$(free_port)
    DOTNET_PerfMapEnabled=$([ "$profiler" = perf ] && echo 1 || echo 0) DOTNET_EnableWriteXorExecute=$([ "$profiler" = perf ] && echo 0 || echo 1) \
      dotnet bench/Lanyard.Floors/bin/Release/net10.0/Lanyard.Floors.dll proxy "$floor_port" "http://127.0.0.1:$upstream_port/" >"$work/floor.log" 2>&1 &
    profiled_pid=$!
    pids+=($profiled_pid)
    wait_ok "http://127.0.0.1:$floor_port/"
    port=$floor_port path=/ ;;
  *) echo "profile.sh: P1, F1 or P0" >&2; exit 2 ;;
esac

echo "warming up 15 s…"
wrk -t2 -c"$connections" -d15s -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >/dev/null
mkdir -p bench/profiles
stamp=$scenario-$(date +%Y%m%d-%H%M%S)
wrk -t2 -c"$connections" -d"$((seconds + 3))s" -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$work/wrk.out" &
wrk_pid=$!
sleep 1
if [ "$profiler" = perf ]; then
  data=bench/profiles/$stamp.perf.data
  perf record -q -F 997 -g -p "$profiled_pid" -o "$data" -- sleep "$seconds" 2>/dev/null
else
  trace=bench/profiles/$stamp.nettrace
  dotnet dotnet-trace collect -p "$profiled_pid" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf %02d "$seconds")" -o "$trace" >/dev/null
fi
wait "$wrk_pid"
grep -q "Non-2xx" "$work/wrk.out" && { echo "profile.sh: non-2xx answers during the profile" >&2; exit 1; }
grep 'Requests/sec' "$work/wrk.out"
if [ "$profiler" = perf ]; then
  # perf resolves JIT frames from /tmp/perf-PID.map, which the runtime removes when it exits: report before cleanup.
  perf script -i "$data" -F comm,tid,ip,sym,dso 2>/dev/null >"$work/perf.script"
  python3 bench/perf-summary.py "$work/perf.script" 80
  echo "perf data: $data"
else
  echo "== top frames, exclusive"
  dotnet dotnet-trace report "$trace" topN -n 25
  echo "== top frames, inclusive"
  dotnet dotnet-trace report "$trace" topN -n 40 --inclusive
  echo "trace: $trace"
fi
