#!/usr/bin/env bash
# The README's start command: sets up a fresh machine (Node 22, Yarn, dependencies) and starts the
# portal on its embedded default — SQLite, the AWS sandbox and the demo catalog — at
# http://localhost:3000 (frontend) and http://localhost:7007 (backend).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 3000 7007 "${SANDBOX_PORT:-4566}"; do
  if port_busy "$port"; then
    log "port $port is already in use: stop the portal or sandbox running there first"
    exit 1
  fi
done

# The sandbox stands in for AWS in development; it stops when the portal stops.
log "starting the AWS sandbox on :${SANDBOX_PORT:-4566} (log: .tools/sandbox.log)"
yarn workspace sandbox start >"$ROOT/.tools/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  port_busy "${SANDBOX_PORT:-4566}" && break
  kill -0 $sandbox_pid 2>/dev/null || { cat "$ROOT/.tools/sandbox.log" >&2; exit 1; }
  sleep 0.5
done

log "starting the portal: http://localhost:3000 (sign in as a demo persona)"
yarn start "$@"
