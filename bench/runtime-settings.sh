#!/usr/bin/env bash
# Which GC settings Lanyard ships in its runtimeconfig (issue 14: RSS under load ≤ 64 MiB, tested for throughput
# loss). One lanyard serve per setting, the same config and signed-in session, each setting given by DOTNET_*
# environment variables (which take precedence over runtimeconfig.json), measured round-robin on the two hot paths:
# P1 (wrk → lanyard, cookie session → an nginx upstream) and A1 (/oauth2/auth, cookie session, no upstream).
# Never run by ./test.sh.
#
#   bench/runtime-settings.sh [rounds=3] [seconds=5] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
seconds=${2:-5}
connections=${3:-32}
warmup=${WARMUP:-8}

bench_name=runtime-settings.sh
# shellcheck source=lib.sh
source bench/lib.sh
need_tools wrk nginx curl python3

variants=(
  "server DOTNET_gcServer=1"
  "workstation-concurrent DOTNET_gcServer=0 DOTNET_gcConcurrent=1"
  "workstation-concurrent-conserve DOTNET_gcServer=0 DOTNET_gcConcurrent=1 DOTNET_GCConserveMemory=5"
  "workstation-concurrent-limit64 DOTNET_gcServer=0 DOTNET_gcConcurrent=1 DOTNET_GCHeapHardLimit=0x4000000"
  "workstation-nonconcurrent DOTNET_gcServer=0 DOTNET_gcConcurrent=0"
)

upstream_port=$(free_port); emulator_port=$(free_port)
start_upstream "$upstream_port"
dotnet "$dll" emulator --http-address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_ok "http://127.0.0.1:$emulator_port/"
cookie_secret=$(head -c 24 /dev/urandom | base64)

declare -A port pid
for variant in "${variants[@]}"; do
  read -r name settings <<<"$variant"
  port[$name]=$(free_port)
  cat >"$work/$name.toml" <<TOML
provider = "entra-id"
oidc_issuer_url = "http://127.0.0.1:$emulator_port/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
client_secret = "lanyard-dev-secret"
cookie_secret = "$cookie_secret"
cookie_secure = false
email_domains = ["*"]
set_xauthrequest = true
upstreams = ["http://127.0.0.1:$upstream_port/"]
http_address = "127.0.0.1:${port[$name]}"
request_logging = false
TOML
  # shellcheck disable=SC2086
  env $settings dotnet "$dll" serve --config "$work/$name.toml" >"$work/$name.log" 2>&1 &
  pids+=($!)
  pid[$name]=$!
done
for variant in "${variants[@]}"; do read -r name _ <<<"$variant"; wait_ok "http://127.0.0.1:${port[$name]}/ready"; done
# One session for all: the same cookie_secret and app make the cookie good on every one of them.
first=${variants[0]%% *}
cookie=$(sign_in "${port[$first]}")
[ -n "$cookie" ] || { echo "runtime-settings.sh: sign-in gave no session cookie" >&2; exit 1; }
for variant in "${variants[@]}"; do
  read -r name _ <<<"$variant"
  grep -qs '^\.NET SVR GC\|^\.NET Server GC' /proc/"${pid[$name]}"/task/*/comm && gc=server || gc=workstation
  echo "$name: $gc GC, $(grep -c . <(ls /proc/"${pid[$name]}"/task)) threads"
done

: >"$work/results"
run() { # VARIANT SCENARIO PATH DURATION
  local name=$1 scenario=$2 path=$3 out before after requests served_before reached
  before=$(cpu_ticks "${pid[$name]}"); served_before=$(served)
  out=$(wrk -t2 -c"$connections" -d"${4}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:${port[$name]}$path")
  after=$(cpu_ticks "${pid[$name]}")
  sleep 0.2
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  reached=$(($(served) - served_before))
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then echo "$name $scenario FAILED: $(grep 'Non-2xx\|Socket errors' <<<"$out")" >&2; exit 1; fi
  if [ "$scenario" = P1 ] && { [ "$reached" -lt "$requests" ] || [ "$reached" -gt $((requests + connections)) ]; }; then
    echo "$name P1 FAILED: the upstream served $reached requests for $requests answers" >&2; exit 1
  fi
  echo "$name $scenario $(awk '/Requests\/sec/ { print $2 }' <<<"$out") $(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")") \
$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }') \
$(peak_mib "${pid[$name]}") $(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/${pid[$name]}/status")" >>"$work/results"
}

echo "warming up (${warmup}s each)…"
for variant in "${variants[@]}"; do read -r name _ <<<"$variant"; run "$name" P1 / "$warmup"; run "$name" A1 /oauth2/auth "$warmup"; done
: >"$work/results"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds"
  for variant in "${variants[@]}"; do read -r name _ <<<"$variant"; run "$name" P1 / "$seconds"; run "$name" A1 /oauth2/auth "$seconds"; done
done

echo
echo "| setting (environment) | P1 req/s | P1 p99 ms | P1 CPU µs/req | A1 req/s | A1 p99 ms | A1 CPU µs/req | peak RSS MiB (VmHWM, whole run) | RSS at the end MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
for variant in "${variants[@]}"; do
  read -r name settings <<<"$variant"
  python3 - "$work/results" "$name" "$settings" <<'PY'
import statistics, sys
path, name, settings = sys.argv[1:]
rows = [l.split() for l in open(path) if l.split()[0] == name]
def med(scenario, i): return statistics.median(float(r[i]) for r in rows if r[1] == scenario)
print(f"| {name} ({settings}) | {med('P1', 2):.0f} | {med('P1', 3):.2f} | {med('P1', 4):.1f} | {med('A1', 2):.0f} | {med('A1', 3):.2f} | {med('A1', 4):.1f} | "
      f"{max(float(r[5]) for r in rows):.1f} | {float(rows[-1][6]):.1f} |")
PY
done
echo
echo "medians of $rounds rounds × ${seconds}s, $connections connections, $(nproc) cores, wrk on the same cores"
