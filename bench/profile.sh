#!/usr/bin/env bash
# CPU profile of one Lanyard hot path under wrk, with dotnet-trace (a local tool: .config/dotnet-tools.json):
# P1 (cookie session → an nginx upstream) or F1 (/oauth2/auth, cookie session). Prints the top frames by exclusive
# and by inclusive CPU samples, and keeps the .nettrace in bench/profiles/ (ignored by git) for PerfView/speedscope.
# Never run by ./test.sh.
#
#   bench/profile.sh [P1|F1] [seconds=10] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-P1}
seconds=${2:-10}
connections=${3:-32}

bench_name=profile.sh
# shellcheck source=lib.sh
source bench/lib.sh
need_tools wrk nginx curl
dotnet tool restore >/dev/null

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
dotnet "$dll" serve --config "$work/lanyard.toml" >"$work/lanyard.log" 2>&1 &
lanyard_pid=$!
pids+=($lanyard_pid)
wait_ok "http://127.0.0.1:$port/ready"
cookie=$(sign_in "$port")
case $scenario in P1) path=/ ;; F1) path=/oauth2/auth ;; *) echo "profile.sh: P1 or F1" >&2; exit 2 ;; esac

echo "warming up 15 s…"
wrk -t2 -c"$connections" -d15s -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >/dev/null
mkdir -p bench/profiles
trace=bench/profiles/$scenario-$(date +%Y%m%d-%H%M%S).nettrace
wrk -t2 -c"$connections" -d"$((seconds + 3))s" -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$work/wrk.out" &
wrk_pid=$!
sleep 1
dotnet dotnet-trace collect -p "$lanyard_pid" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf %02d "$seconds")" -o "$trace" >/dev/null
wait "$wrk_pid"
grep -q "Non-2xx" "$work/wrk.out" && { echo "profile.sh: non-2xx answers during the profile" >&2; exit 1; }
grep 'Requests/sec' "$work/wrk.out"
echo "== top frames, exclusive"
dotnet dotnet-trace report "$trace" topN -n 25
echo "== top frames, inclusive"
dotnet dotnet-trace report "$trace" topN -n 40 --inclusive
echo "trace: $trace"
