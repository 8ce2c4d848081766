#!/usr/bin/env bash
# Runs every test: unit, emulator, integration (in-process) and end-to-end (real processes on 127.0.0.1).
# CI runs this on a fresh machine with CI=true, so it installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (dotnet) is required; see global.json for the version" >&2
  exit 1
fi

# Debian packages the tests start as real servers on 127.0.0.1: redis-server, redis-sentinel, nginx (and Node.js, below).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-sentinel >/dev/null 2>&1 || missing+=(redis-sentinel)
# nginx (Debian's, with auth_request) runs seed 001's Kubernetes Dashboard ingress in front of Lanyard.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
# Caddy (Debian's, with forward_auth) runs deploy/examples/caddy/Caddyfile in front of Lanyard.
[ -x /usr/bin/caddy ] || missing+=(caddy)
# HAProxy (Debian's, with Lua 5.3) runs deploy/examples/haproxy/haproxy.cfg and its lanyard-auth.lua.
[ -x /usr/sbin/haproxy ] || missing+=(haproxy)
# kubectl (Debian's) runs `lanyard kubectl get-token` as its exec credential plugin against a stand-in API server.
command -v kubectl >/dev/null 2>&1 || missing+=(kubectl)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: the tests need ${missing[*]}; install them (apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi

# Node.js runs oidc-provider, the independent OpenID Provider of the generic-OIDC tests (from a committed lockfile).
(cd tests/oidc-provider && npm ci --no-audit --no-fund --loglevel=error)

log_dir=.test-logs
mkdir -p "$log_dir"
log="$log_dir/dotnet-test.log"

set +e
dotnet test --solution Lanyard.slnx --no-progress 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line for CI: "N passed, N failed", from the test platform's own summary.
total=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s+skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
echo
# CI shows only the tail of this output, so name the failed tests again here, beside the totals.
if [ "${failed:-0}" -ne 0 ]; then
  echo "failed tests:"
  grep -E -A4 '^failed ' "$log" | cut -c1-300 | head -60
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "${total:-0}" -eq 0 ]; then echo "test.sh: no tests ran" >&2; exit 1; fi
if [ "${skipped:-0}" -ne 0 ] && [ "${CI:-}" = "true" ]; then echo "test.sh: tests were skipped under CI=true" >&2; exit 1; fi
