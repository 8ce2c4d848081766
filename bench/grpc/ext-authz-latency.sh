#!/usr/bin/env bash
# gRPC ext_authz latency: Envoy's Authorization/Check against one lanyard serve, beside its floors in the same run
# (an unknown gRPC method on the same HTTP/2 listener; /ping over HTTP/1.1) and /oauth2/auth (nginx's check of the
# same session). The question: is p99 well inside Envoy's default 200 ms ext_authz timeout? Never run by ./test.sh.
#
#   bench/grpc/ext-authz-latency.sh [rounds=5] [seconds=5] [concurrency=32]
#
# Starts, on free 127.0.0.1 ports, only processes it ends itself by PID: lanyard emulator and lanyard serve.
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${1:-5}
seconds=${2:-5}
concurrency=${3:-32}

bench_name=ext-authz-latency.sh
# shellcheck source=../lib.sh
source bench/lib.sh
need_tools curl
dotnet build bench/Lanyard.ExtAuthzLoad -c Release --nologo -v quiet >/dev/null

emulator_port=$(free_port); http_port=$(free_port); grpc_port=$(free_port)
dotnet "$dll" emulator --http-address "127.0.0.1:$emulator_port" >"$work/emulator.log" 2>&1 &
pids+=($!)
wait_ok "http://127.0.0.1:$emulator_port/"

# The demo app's registration in the emulator (lanyard dev's), as a user's lanyard.toml names a tenant's app.
cat >"$work/lanyard.toml" <<TOML
provider = "entra-id"
oidc_issuer_url = "http://127.0.0.1:$emulator_port/7c5a1d6e-3b2f-4e8a-9d1c-6f0b2a4e8c31/v2.0"
client_id = "4f1c7a2e-8d3b-4c6a-9e5f-0a1b2c3d4e5f"
client_secret = "lanyard-dev-secret"
cookie_secret = "$(head -c 24 /dev/urandom | base64)"
cookie_secure = false
email_domains = ["*"]
set_xauthrequest = true
upstreams = ["static://200"]
http_address = "127.0.0.1:$http_port"
ext_authz_grpc_address = "127.0.0.1:$grpc_port"
request_logging = false
TOML
dotnet "$dll" serve --config "$work/lanyard.toml" >"$work/serve.log" 2>&1 &
lanyard_pid=$!
pids+=($lanyard_pid)
wait_ok "http://127.0.0.1:$http_port/ready"

cookie=$(sign_in "$http_port")
[ -n "$cookie" ] || { echo "ext-authz-latency.sh: sign-in gave no session cookie" >&2; exit 1; }
echo "signed in: ${#cookie}-byte Cookie header"

dotnet bench/Lanyard.ExtAuthzLoad/bin/Release/net10.0/Lanyard.ExtAuthzLoad.dll \
  "http://127.0.0.1:$grpc_port" "http://127.0.0.1:$http_port" "$cookie" "$lanyard_pid" "$rounds" "$seconds" "$concurrency"
