#!/usr/bin/env bash
# Lanyard against the floors a user would weigh it against, in one run on 127.0.0.1 (issue 14). Never run by
# ./test.sh. Scenarios interleave round-robin so the shared host's noise hits them alike; the table quotes medians.
#
#   bench/run.sh [rounds=5] [seconds=5] [connections=32]      (WARMUP=seconds per scenario, default 8; STARTUP=0 skips
#                                                              bench/startup.sh at the end)
#
#   F0 wrk → nginx auth_request → floor app (202)      → upstream     F1 … → lanyard /oauth2/auth, cookie session
#                                                                     F2 … → lanyard /oauth2/auth, Redis session
#   P0 wrk → floor app (bare YARP)                      → upstream     P1 wrk → lanyard (cookie session) → upstream
#                                                                     P2 wrk → lanyard (Redis session)  → upstream
#   J0/J1 wrk → nginx auth_request → lanyard /oauth2/auth, Entra access token as Authorization: Bearer → upstream
#         (J0 with the validated-token cache off, J1 with it on, when lanyard has bearer_token_cache_size)
#   G1 gRPC ext_authz Check (bench/Lanyard.ExtAuthzLoad, beside its floors: an unknown method, /ping, /oauth2/auth)
#   T1 wrk → lanyard's TokenReview webhook (HTTPS, webhook token): erin, whose groups (overage) come from the cache
#   F1/P1 (server GC): the same as F1/P1 on a lanyard whose runtime settings are overridden to server GC
#
# The upstream is its own nginx (`return 200`) whose access log counts the requests that reached it. A scenario passes
# when wrk saw no non-2xx answer and no socket error and the upstream saw every answered request (at most one more
# per connection: the requests in flight when wrk stopped); T1 checks every answer's body in wrk's Lua hook. A failed
# scenario prints FAILED, not a number. "server CPU" is the CPU time of every server process the request touches
# (front nginx, the app, redis-server, the upstream nginx) over the requests wrk completed; "app CPU" is Lanyard's or
# the floor app's alone. Starts only processes it ends itself by PID (see bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-5}
seconds=${2:-5}
connections=${3:-32}
warmup=${WARMUP:-8}

bench_name=run.sh
# shellcheck source=lib.sh
source bench/lib.sh
need_tools wrk nginx redis-server curl openssl python3
dotnet build bench/Lanyard.Floors -c Release --nologo -v quiet >/dev/null
dotnet build bench/Lanyard.ExtAuthzLoad -c Release --nologo -v quiet >/dev/null
floors=bench/Lanyard.Floors/bin/Release/net10.0/Lanyard.Floors.dll

# The floors run with Lanyard's runtime settings, or the comparison would be between GC modes.
python3 - src/Lanyard/bin/Release/net10.0/lanyard.runtimeconfig.json bench/Lanyard.Floors/bin/Release/net10.0/Lanyard.Floors.runtimeconfig.json <<'PY'
import json, sys
def settings(path):
    props = json.load(open(path))["runtimeOptions"].get("configProperties", {})
    return {k: v for k, v in props.items() if k.startswith(("System.GC.", "System.Runtime.TieredCompilation", "System.Runtime.TieredPGO"))}
lanyard, floor = settings(sys.argv[1]), settings(sys.argv[2])
if lanyard != floor:
    sys.exit(f"run.sh: the floors' runtime settings {floor} differ from Lanyard's {lanyard}: copy Lanyard.csproj's block")
print("runtime settings of Lanyard and the floors:", lanyard or "the SDK's defaults")
PY

port() { free_port; }
upstream_port=$(port); emulator_port=$(port); redis_port=$(port); floor_auth_port=$(port); floor_proxy_port=$(port)
main_port=$(port); redis_store_port=$(port); server_gc_port=$(port); cold_port=$(port); grpc_port=$(port); kube_port=$(port)
front_f0=$(port); front_f1=$(port); front_f2=$(port); front_j0=$(port); front_j1=$(port); front_f1s=$(port)

# --- the upstream: nginx answering 200, counting what it served (bench/lib.sh) ----------------------------------
start_upstream "$upstream_port"

# --- the emulator, redis-server, the floors ----------------------------------------------------------------------
dotnet "$dll" emulator --http-address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis_pid=$!
pids+=($!)
dotnet "$floors" auth "$floor_auth_port" >"$work/floor-auth.log" 2>&1 &
floor_auth_pid=$!
pids+=($!)
dotnet "$floors" proxy "$floor_proxy_port" "http://127.0.0.1:$upstream_port/" >"$work/floor-proxy.log" 2>&1 &
floor_proxy_pid=$!
pids+=($!)
wait_ok "http://127.0.0.1:$emulator_port/"

# --- the Lanyards --------------------------------------------------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$work/webhook.key" -out "$work/webhook.crt" 2>/dev/null
head -c 24 /dev/urandom | base64 >"$work/webhook-token"
cookie_secret=$(head -c 24 /dev/urandom | base64)
# The demo app's registration in the emulator (lanyard dev's), as a user's lanyard.toml names a tenant's app.
lanyard_toml() { # HTTP_PORT EXTRA → a lanyard.toml
  cat >"$work/lanyard-$1.toml" <<TOML
provider = "entra-id"
oidc_issuer_url = "http://127.0.0.1:$emulator_port/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
client_secret = "lanyard-dev-secret"
cookie_secret = "$cookie_secret"
cookie_secure = false
email_domains = ["*"]
set_xauthrequest = true
upstreams = ["http://127.0.0.1:$upstream_port/"]
http_address = "127.0.0.1:$1"
skip_jwt_bearer_tokens = true
oidc_extra_audiences = ["api://4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"]
request_logging = false
$2
TOML
  echo "$work/lanyard-$1.toml"
}
start_lanyard() { # VAR HTTP_PORT EXTRA_TOML [ENV=VALUE…] → starts lanyard serve; its PID in $VAR
  local var=$1 http=$2 extra=$3 conf
  shift 3
  conf=$(lanyard_toml "$http" "$extra")
  env "$@" dotnet "$dll" serve --config "$conf" "${serve_flags[@]}" >"$work/lanyard-$http.log" 2>&1 &
  pids+=($!)
  printf -v "$var" %s $!
}
serve_flags=()
kube_toml="kube_webhook_address = \"https://127.0.0.1:$kube_port\"
kube_webhook_tls_cert_file = \"$work/webhook.crt\"
kube_webhook_tls_key_file = \"$work/webhook.key\"
kube_webhook_token_file = \"$work/webhook-token\"
kube_group_cache_ttl = \"10m\"
entra_id_graph_url = \"http://127.0.0.1:$emulator_port/\"
ext_authz_grpc_address = \"127.0.0.1:$grpc_port\""
start_lanyard main_pid "$main_port" "$kube_toml"
start_lanyard redis_store_pid "$redis_store_port" "session_store_type = \"redis\"
redis_connection_url = \"redis://127.0.0.1:$redis_port\""
# The same settings with the runtime's default for an ASP.NET Core app (server GC), for the settings' comparison.
start_lanyard server_gc_pid "$server_gc_port" "" DOTNET_gcServer=1

# J0: the validated-token cache off, when this Lanyard has one (issue 14's bearer_token_cache_size).
if dotnet "$dll" serve --help 2>/dev/null | grep -q -- '--bearer-token-cache-size'; then
  serve_flags=(--bearer-token-cache-size 0)
  start_lanyard cold_pid "$cold_port" ""
  serve_flags=()
  cache_note="J0: --bearer-token-cache-size 0; J1: the default cache"
else
  cold_pid=
  cache_note="no cache yet: J0 = J1 (lanyard serve has no --bearer-token-cache-size)"
fi
for p in "$main_port" "$redis_store_port" "$server_gc_port" ${cold_pid:+"$cold_port"}; do wait_ok "http://127.0.0.1:$p/ready"; done
wait_ok "http://127.0.0.1:$floor_auth_port/"
wait_ok "http://127.0.0.1:$floor_proxy_port/"
for name in main server_gc; do
  pid_var=${name}_pid
  grep -q '^\.NET SVR GC\|^\.NET Server GC' /proc/"${!pid_var}"/task/*/comm 2>/dev/null && gc=server || gc=workstation
  echo "lanyard ($name): $gc GC"
done

# --- front nginx: auth_request to each auth service, then the upstream ---------------------------------------------
front_server() { # PORT AUTH_PORT
  cat <<NGINX
  upstream auth_$1 { server 127.0.0.1:$2; keepalive 64; }
  server {
    listen 127.0.0.1:$1;
    location / {
      auth_request /_auth;
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
    location = /_auth {
      internal;
      proxy_pass http://auth_$1/oauth2/auth;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI \$request_uri;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
    }
  }
NGINX
}
start_nginx front "
  upstream origin { server 127.0.0.1:$upstream_port; keepalive 64; }
$(front_server "$front_f0" "$floor_auth_port")
$(front_server "$front_f1" "$main_port")
$(front_server "$front_f2" "$redis_store_port")
$(front_server "$front_j1" "$main_port")
$(front_server "$front_f1s" "$server_gc_port")
${cold_pid:+$(front_server "$front_j0" "$cold_port")}"
front_pids=$(cat "$work/front/pids")

# --- sessions and tokens -------------------------------------------------------------------------------------------
cookie=$(sign_in "$main_port")
redis_cookie=$(sign_in "$redis_store_port")
[ -n "$cookie" ] && [ -n "$redis_cookie" ] || { echo "run.sh: sign-in gave no session cookie" >&2; exit 1; }
bearer=$(access_token "$emulator_port" alice@contoso.test "api://4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f/access_as_user")
kube_token=$(access_token "$emulator_port" erin@contoso.test "api://4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f/access_as_user")
python3 - "$kube_token" >"$work/tokenreview.json" <<'PY'
import json, sys
print(json.dumps({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": sys.argv[1]}}))
PY
cat >"$work/tokenreview.lua" <<LUA
-- POSTs the TokenReview an API server sends; counts every answer that is not authenticated = true.
wrk.method = "POST"
wrk.body = io.open("$work/tokenreview.json"):read("*a")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $(cat "$work/webhook-token")"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) answered = 0; refused = 0 end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 or not body:find('"authenticated":true', 1, true) then refused = refused + 1 end
end
function done(summary, latency, requests)
  local a, r = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("answered"); r = r + t:get("refused") end
  io.write(string.format("checked %d answers, %d not authenticated\n", a, r))
end
LUA
echo "signed in: ${#cookie}-byte Cookie (cookie store), ${#redis_cookie}-byte (Redis store); bearer token ${#bearer} bytes; TokenReview $(wc -c <"$work/tokenreview.json") bytes"
curl -fsS -o /dev/null --cacert "$work/webhook.crt" -H "Authorization: Bearer $(cat "$work/webhook-token")" -H 'Content-Type: application/json' \
  --data @"$work/tokenreview.json" "https://127.0.0.1:$kube_port/apis/authentication.k8s.io/v1/tokenreviews" \
  || { echo "run.sh: the TokenReview webhook did not answer" >&2; exit 1; }

# --- measuring -----------------------------------------------------------------------------------------------------
: >"$work/results"
: >"$work/failures"

# measure NAME APP_PID "OTHER_SERVER_PIDS" CHECK(upstream|lua) DURATION wrk-args… → a line in $work/results (or a failure)
measure() {
  local name=$1 app=$2 others=$3 counted=$4 duration=$5 out before_app before_all after_app after_all served_before served_after
  shift 5
  reset_peak "$app"
  served_before=$(served)
  # shellcheck disable=SC2086
  before_app=$(cpu_ticks "$app"); before_all=$(cpu_ticks "$app" $others)
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" 2>&1) || true
  # shellcheck disable=SC2086
  after_app=$(cpu_ticks "$app"); after_all=$(cpu_ticks "$app" $others)
  sleep 0.2
  served_after=$(served)
  local requests rps p50 p99 problem=""
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then problem="no answers"
  elif grep -q "Non-2xx" <<<"$out"; then problem="$(grep Non-2xx <<<"$out")"
  elif grep -q "Socket errors" <<<"$out"; then problem="$(grep 'Socket errors' <<<"$out")"
  elif [ "$counted" = lua ]; then
    grep -q "^checked [0-9]* answers, 0 not authenticated" <<<"$out" || problem="$(grep '^checked' <<<"$out" || echo 'the Lua check did not report')"
  else
    local reached=$((served_after - served_before))
    if [ "$reached" -lt "$requests" ] || [ "$reached" -gt $((requests + connections)) ]; then
      problem="the upstream served $reached requests for $requests answers"
    fi
  fi
  if [ -n "$problem" ]; then
    echo "$name $problem" >>"$work/failures"
    echo "  $name FAILED: $problem" >&2
    return
  fi
  per_request() { awk -v t="$1" -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }'; }
  echo "$name $rps $p50 $p99 $(per_request $((after_app - before_app))) $(per_request $((after_all - before_all))) $(peak_mib "$app")" >>"$work/results"
}

# grpc ROUND DURATION → G1 and its floors from bench/Lanyard.ExtAuthzLoad (which checks every answer itself)
grpc() {
  local out
  reset_peak "$main_pid"
  if ! out=$(dotnet bench/Lanyard.ExtAuthzLoad/bin/Release/net10.0/Lanyard.ExtAuthzLoad.dll "http://127.0.0.1:$grpc_port" \
      "http://127.0.0.1:$main_port" "$cookie" "$main_pid" 1 "$2" "$connections" 0 2>&1); then
    echo "G1 $(tail -n 3 <<<"$out" | tr '\n' ' ')" >>"$work/failures"
    echo "  G1 FAILED: $(tail -n 3 <<<"$out")" >&2
    return
  fi
  local peak
  peak=$(peak_mib "$main_pid")
  awk -F'|' -v peak="$peak" '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    $2 ~ /grpc-floor/ { n = "G0" } $2 ~ /grpc Check/ { n = "G1" } $2 ~ /http \/ping/ { n = "" } $2 ~ /oauth2\/auth/ { n = "" }
    n != "" && NF > 6 { printf "%s %s %s %s %s %s %s\n", n, trim($3), trim($4), trim($5), trim($7), trim($7), peak; n = "" }' <<<"$out" >>"$work/results"
}

scenarios() { # DURATION: one round of every scenario, in this order
  local d=$1 front_up
  front_up="$front_pids $upstream_pids"
  measure F0 "$floor_auth_pid" "$front_up" upstream "$d" "http://127.0.0.1:$front_f0/"
  measure F1 "$main_pid" "$front_up" upstream "$d" -H "Cookie: $cookie" "http://127.0.0.1:$front_f1/"
  measure F2 "$redis_store_pid" "$front_up $redis_pid" upstream "$d" -H "Cookie: $redis_cookie" "http://127.0.0.1:$front_f2/"
  measure P0 "$floor_proxy_pid" "$upstream_pids" upstream "$d" "http://127.0.0.1:$floor_proxy_port/"
  measure P1 "$main_pid" "$upstream_pids" upstream "$d" -H "Cookie: $cookie" "http://127.0.0.1:$main_port/"
  measure P2 "$redis_store_pid" "$upstream_pids $redis_pid" upstream "$d" -H "Cookie: $redis_cookie" "http://127.0.0.1:$redis_store_port/"
  [ -z "$cold_pid" ] || measure J0 "$cold_pid" "$front_up" upstream "$d" -H "Authorization: Bearer $bearer" "http://127.0.0.1:$front_j0/"
  measure J1 "$main_pid" "$front_up" upstream "$d" -H "Authorization: Bearer $bearer" "http://127.0.0.1:$front_j1/"
  measure T1 "$main_pid" "" lua "$d" -s "$work/tokenreview.lua" "https://127.0.0.1:$kube_port/apis/authentication.k8s.io/v1/tokenreviews"
  measure "F1s" "$server_gc_pid" "$front_up" upstream "$d" -H "Cookie: $cookie" "http://127.0.0.1:$front_f1s/"
  measure "P1s" "$server_gc_pid" "$upstream_pids" upstream "$d" -H "Cookie: $cookie" "http://127.0.0.1:$server_gc_port/"
  grpc "$round" "$d"
}

echo "warming up (${warmup}s per scenario: tiered JIT runs a fresh .NET server at about half speed at first)…"
round=0
scenarios "$warmup"
: >"$work/results"
: >"$work/failures"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds"
  scenarios "$seconds"
done

echo
python3 - "$work/results" "$work/failures" "$rounds" "$seconds" "$connections" "$(nproc)" "$cache_note" <<'PY'
import statistics, sys
results, failures, rounds, seconds, connections, cores, cache_note = sys.argv[1:]
rows = {}
for line in open(results):
    name, *values = line.split()
    rows.setdefault(name, []).append([float(v) for v in values])
failed = {}
for line in open(failures):
    name, reason = line.rstrip("\n").split(" ", 1)
    failed.setdefault(name, reason)

def summary(name):
    if name in failed or name not in rows:
        return None
    r = rows[name]
    med = [statistics.median(v[i] for v in r) for i in range(5)]
    return {"rps": med[0], "p50": med[1], "p99": med[2], "app": med[3], "server": med[4], "rss": max(v[5] for v in r), "n": len(r)}

# name: (description, floor, {figure: (relation, target)})
table = [
    ("F0", "nginx auth_request → floor (202) → upstream", None, {}),
    ("F1", "nginx auth_request → lanyard, cookie session → upstream", "F0", {"rps": (">=", 0.9), "server": ("<=", 1.3), "p99": ("<=", 1.5)}),
    ("F2", "nginx auth_request → lanyard, Redis session → upstream", "F0", {"p99": ("<=", 1.5)}),
    ("P0", "floor (bare YARP) → upstream", None, {}),
    ("P1", "lanyard, cookie session → upstream", "P0", {"rps": (">=", 0.85), "p99": ("<=", 1.5)}),
    ("P2", "lanyard, Redis session → upstream", "P0", {"rps": (">=", 0.7), "p99": ("<=", 1.5)}),
    ("J0", "nginx auth_request → lanyard, bearer token, cache off", "F0", {"p99": ("<=", 1.5)}),
    ("J1", "nginx auth_request → lanyard, bearer token, cache on", "F0", {"rps": (">=", 0.85), "p99": ("<=", 1.5)}),
    ("G0", "gRPC floor: unknown method on lanyard's ext_authz listener", None, {}),
    ("G1", "gRPC ext_authz Check, cookie session", "G0", {"p99": ("<=", 1.5)}),
    ("T1", "TokenReview webhook (HTTPS), overage groups from cache", None, {}),
    ("F1s", "F1 on lanyard with server GC (DOTNET_gcServer=1)", "F1", {}),
    ("P1s", "P1 on lanyard with server GC (DOTNET_gcServer=1)", "P1", {}),
]
lanyard_rows = {"F1", "F2", "P1", "P2", "J0", "J1", "G1", "T1"}
print("| scenario | | req/s | p50 ms | p99 ms | app CPU µs/req | server CPU µs/req | peak RSS MiB | vs floor: req/s | p99 | server CPU | targets |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for name, what, floor, targets in table:
    if name == "J0" and "no cache yet" in cache_note:
        print(f"| J0 | {what} | {cache_note} | | | | | | | | | |")
        continue
    s = summary(name)
    if s is None:
        print(f"| {name} | {what} | FAILED: {failed.get(name, 'not measured')} | | | | | | | | | |")
        continue
    f = summary(floor) if floor else None
    ratios = {k: (s[k] / f[k] if f and f[k] else None) for k in ("rps", "p99", "server")}
    verdicts = []
    for figure, (relation, target) in targets.items():
        ratio = ratios[figure]
        label = {"rps": "req/s", "p99": "p99", "server": "server CPU"}[figure]
        if ratio is None:
            verdicts.append(f"{label} {relation} {target}× {floor}: no floor (FAILED)")
        else:
            met = ratio >= target if relation == ">=" else ratio <= target
            verdicts.append(f"{label} {relation} {target}× {floor}: {'met' if met else 'MISSED'}")
    if name in lanyard_rows:
        verdicts.append(f"RSS <= 64 MiB: {'met' if s['rss'] <= 64 else 'MISSED'}")
    fmt = lambda r: "" if r is None else f"{r:.2f}×"
    print(f"| {name} | {what} | {s['rps']:.0f} | {s['p50']:.2f} | {s['p99']:.2f} | {s['app']:.1f} | {s['server']:.1f} | {s['rss']:.1f} | "
          f"{fmt(ratios['rps'])} | {fmt(ratios['p99'])} | {fmt(ratios['server'])} | {'; '.join(verdicts)} |")
print()
print(f"medians of {rounds} rounds × {seconds}s (peak RSS: the highest of the rounds), {connections} connections, {cores} cores, wrk on the same cores; {cache_note}")
print("G0/G1: bench/Lanyard.ExtAuthzLoad's own client and measure (its CPU column is Lanyard's process alone, so app = server)")
if failed:
    print("FAILED: " + "; ".join(f"{k}: {v}" for k, v in failed.items()))
PY

[ "${STARTUP:-1}" = 0 ] || bench/startup.sh
