#!/usr/bin/env bash
# Benchmark: wall time of the README's start command from a clean clone, cold and warm.
#   cold: a fresh clone and an empty HOME (no Yarn or npm cache), only the machine's Node;
#   warm: the same clone started again (everything installed).
# "Up" means http://localhost:3000 serves the app and http://localhost:7007 reports ready.
# Usage: scripts/bench/start-time.sh [git-url-or-path, default: this repo]   (needs ports free)
set -euo pipefail
src="${1:-$(cd "$(dirname "$0")/../.." && pwd)}"
work="$(mktemp -d /tmp/shipyard-bench.XXXX)"
registry="$(npm config get registry 2>/dev/null)"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

up() {
  curl -fsS -o /dev/null http://localhost:3000 2>/dev/null &&
    curl -fsS -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null
}

run() { # label
  local label=$1 start=$SECONDS
  # Its own session, so that stopping it stops the sandbox, backend and dev server it started.
  HOME="$work/home" npm_config_registry="$registry" \
    setsid bash -c "cd '$work/shipyard' && exec ./scripts/start.sh" >"$work/$label.log" 2>&1 &
  local pid=$!
  until up; do
    sleep 1
    if ! kill -0 $pid 2>/dev/null; then echo "$label: start command exited; see $work/$label.log" >&2; exit 1; fi
    if (( SECONDS - start > 900 )); then echo "$label: not up after 900 s" >&2; exit 1; fi
  done
  echo "$label: up in $((SECONDS - start)) s"
  kill -- -"$pid" 2>/dev/null || true
  wait $pid 2>/dev/null || true
  # A stopping backend closes its socket a few seconds after it stops answering HTTP.
  while port_busy 7007 || port_busy 3000 || port_busy 4566; do sleep 1; done
}

mkdir -p "$work/home"
git clone -q "$src" "$work/shipyard"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, system node $(node -v)"
run cold
run warm
echo "logs in $work"
