# Shared by the whole-request benchmarks (sourced from the repository root): tools, a Release build of lanyard, a
# work directory, and the processes started, each ended by PID on exit.
#   bench_name=NAME; source bench/lib.sh; need_tools wrk curl
# shellcheck shell=bash

need_tools() { # installs each missing tool with apt-get when root, else says what to install
  local updated=
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        # A fresh machine has no package lists: the first install would not find the package.
        [ -n "$updated" ] || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null; updated=1; }
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
      else
        echo "$bench_name: needs $tool (apt-get install -y $tool)" >&2; exit 1
      fi
    fi
  done
}

dotnet build src/Lanyard -c Release --nologo -v quiet >/dev/null
dll=src/Lanyard/bin/Release/net10.0/lanyard.dll
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ticks_per_second=$(getconf CLK_TCK)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_ok() {
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "$bench_name: $1 did not answer" >&2; exit 1
}

# sign_in PORT → the Cookie header value of alice's session on the Lanyard at PORT (signed in by script)
sign_in() {
  local jar="$work/jar-$1"
  curl -fsSL -o /dev/null -c "$jar" -b "$jar" "http://127.0.0.1:$1/oauth2/start?login_hint=alice@contoso.test&rd=/"
  awk '$6 ~ /^_oauth2_proxy(_[0-9]+)?$/ { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar"
}

# access_token EMULATOR_PORT USER SCOPE → an access token the emulator issues to lanyard dev's app registration for
# USER (code flow with PKCE, the user picked by login_hint, as tests/Lanyard.Testing/EmulatorTokenClient.cs does)
access_token() {
  local emulator="http://127.0.0.1:$1" tenant=7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31 client=4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f
  local redirect=http://127.0.0.1:8080/oauth2/callback verifier challenge location code
  verifier=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  challenge=$(printf %s "$verifier" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')
  location=$(curl -fsS -o /dev/null -w '%{redirect_url}' -G "$emulator/$tenant/oauth2/v2.0/authorize" \
    --data-urlencode "client_id=$client" --data-urlencode response_type=code --data-urlencode "redirect_uri=$redirect" \
    --data-urlencode "scope=$3" --data-urlencode state=s --data-urlencode "code_challenge=$challenge" \
    --data-urlencode code_challenge_method=S256 --data-urlencode "login_hint=$2")
  code=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)["code"][0])' "$location")
  curl -fsS "$emulator/$tenant/oauth2/v2.0/token" --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode "redirect_uri=$redirect" --data-urlencode "code_verifier=$verifier" --data-urlencode "client_id=$client" \
    --data-urlencode client_secret=lanyard-dev-secret | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# nginx_conf NAME BODY → the path of a complete nginx.conf (http block BODY) running from $work/NAME
nginx_conf() {
  mkdir -p "$work/$1"
  cat >"$work/$1/nginx.conf" <<NGINX
worker_processes 2;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path $work/$1/body; proxy_temp_path $work/$1/proxy; fastcgi_temp_path $work/$1/fastcgi;
  uwsgi_temp_path $work/$1/uwsgi; scgi_temp_path $work/$1/scgi;
  access_log off;
  keepalive_requests 1000000;
$2
}
NGINX
  echo "$work/$1/nginx.conf"
}
# start_nginx NAME BODY → starts nginx in the foreground; its PIDs (master and workers) in $work/NAME/pids
start_nginx() {
  local conf master
  conf=$(nginx_conf "$1" "$2")
  nginx -p "$work/$1" -e "$work/$1/error.log" -c "$conf" -g 'daemon off;' >"$work/$1/out.log" 2>&1 &
  master=$!
  pids+=("$master")
  for _ in $(seq 1 100); do [ -n "$(ps -o pid= --ppid "$master")" ] && break; sleep 0.05; done
  sleep 0.2
  echo "$master $(ps -o pid= --ppid "$master" | tr '\n' ' ')" >"$work/$1/pids"
}

# CPU time (clock ticks) of the processes, and peak RSS: reset_peak makes VmHWM the current RSS (Linux ≥ 4.0), so
# each measurement has its own peak
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
reset_peak() { echo 5 >"/proc/$1/clear_refs"; }
peak_mib() { awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms/,"",v) } else if (v ~ /s$/) { sub(/s/,"",v); v*=1000 } printf "%.3f", v }'; }

# start_upstream PORT → the upstream of the whole-request benchmarks: nginx answering 200, one access-log line per
# request it served (served counts them); its PIDs in $upstream_pids
start_upstream() {
  start_nginx upstream "
  log_format count '\$status';
  server {
    listen 127.0.0.1:$1;
    access_log $work/upstream/served.log count;
    location / { return 200 \"upstream ok\n\"; }
  }"
  upstream_pids=$(cat "$work/upstream/pids")
  wait_ok "http://127.0.0.1:$1/"
}
served() { wc -l <"$work/upstream/served.log"; }
