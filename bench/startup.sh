#!/usr/bin/env bash
# Start-up of lanyard serve, with and without ReadyToRun (issue 14: /ready ≤ 1 s after start with a reachable provider;
# full speed within 5 s). For each build: the time from exec to the first 200 from /ready (the emulator already up),
# then /oauth2/auth with a cookie session under wrk in 1-second windows for the first 10 s, then 20 s more load and
# a 3 s "full speed" window to compare them with. Never run by ./test.sh.
#
#   bench/startup.sh [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-32}

bench_name=startup.sh
# shellcheck source=lib.sh
source bench/lib.sh
need_tools wrk curl python3

# The two builds, published as the Dockerfile does (framework-dependent), one with ReadyToRun code for linux-x64.
dotnet publish src/Lanyard -c Release --nologo -v quiet -o "$work/jit" -p:UseAppHost=false >/dev/null
dotnet publish src/Lanyard -c Release --nologo -v quiet -o "$work/r2r" -r linux-x64 --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false >/dev/null
echo "lanyard.dll: $(du -k "$work/jit/lanyard.dll" | cut -f1) KiB JIT-only, $(du -k "$work/r2r/lanyard.dll" | cut -f1) KiB with ReadyToRun; publish folder $(du -sm "$work/jit" | cut -f1) / $(du -sm "$work/r2r" | cut -f1) MiB"

emulator_port=$(free_port)
dotnet "$dll" emulator --http-address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_ok "http://127.0.0.1:$emulator_port/"
cookie_secret=$(head -c 24 /dev/urandom | base64)
toml() { # PORT
  cat >"$work/lanyard-$1.toml" <<TOML
provider = "entra-id"
oidc_issuer_url = "http://127.0.0.1:$emulator_port/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
client_secret = "lanyard-dev-secret"
cookie_secret = "$cookie_secret"
cookie_secure = false
email_domains = ["*"]
upstreams = ["static://200"]
http_address = "127.0.0.1:$1"
request_logging = false
TOML
  echo "$work/lanyard-$1.toml"
}

# One session for every instance: the same cookie_secret and app make the cookie good on all of them.
first=$(free_port)
dotnet "$dll" serve --config "$(toml "$first")" >"$work/first.log" 2>&1 &
first_pid=$!
pids+=($first_pid)
wait_ok "http://127.0.0.1:$first/ready"
cookie=$(sign_in "$first")
[ -n "$cookie" ] || { echo "startup.sh: sign-in gave no session cookie" >&2; exit 1; }
kill "$first_pid"

rate() { # PORT SECONDS → requests/s of /oauth2/auth, or FAILED
  local out
  out=$(wrk -t2 -c"$connections" -d"${2}s" -H "Cookie: $cookie" "http://127.0.0.1:$1/oauth2/auth")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then echo FAILED; else awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out"; fi
}

echo
echo "| build | /ready after start ms | req/s in seconds 1..10 after /ready | full speed (after 30 s) | first window at ≥ 90% of full speed |"
echo "|---|---|---|---|---|"
for build in jit r2r; do
  port=$(free_port)
  conf=$(toml "$port")
  started=$(date +%s%N)
  dotnet "$work/$build/lanyard.dll" serve --config "$conf" >"$work/$build.log" 2>&1 &
  pid=$!
  pids+=($pid)
  for _ in $(seq 1 1000); do curl -fs -o /dev/null "http://127.0.0.1:$port/ready" && break; sleep 0.01; done
  ready_ms=$((($(date +%s%N) - started) / 1000000))
  windows=()
  for _ in $(seq 1 10); do windows+=("$(rate "$port" 1)"); done
  rate "$port" 20 >/dev/null
  full=$(rate "$port" 3)
  kill "$pid"
  python3 - "$build" "$ready_ms" "$full" "${windows[@]}" <<'PY'
import sys
build, ready, full, *windows = sys.argv[1:]
label = {"jit": "JIT only (dotnet publish)", "r2r": "ReadyToRun (-r linux-x64 -p:PublishReadyToRun=true)"}[build]
if full == "FAILED" or "FAILED" in windows:
    print(f"| {label} | {ready} | FAILED | | |")
else:
    first = next((i + 1 for i, w in enumerate(windows) if float(w) >= 0.9 * float(full)), None)
    print(f"| {label} | {ready} | {' '.join(windows)} | {full} | {'second ' + str(first) if first else 'not within 10 s'} |")
PY
done
echo
echo "$connections connections, $(nproc) cores, wrk on the same cores; /ready polled every 10 ms from the exec"
