# Shared by the whole-request benchmarks (sourced from the repository root): tools, a Release build of lanyard, a
# work directory, and the processes started, each ended by PID on exit.
#   bench_name=NAME; source bench/lib.sh; need_tools wrk curl
# shellcheck shell=bash

need_tools() { # installs each missing tool with apt-get when root, else says what to install
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
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
