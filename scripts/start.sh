#!/usr/bin/env bash
# The README's start command: sets up a fresh machine (Node 22, Yarn, dependencies) and starts the
# portal on its embedded default — SQLite, the AWS sandbox and the demo catalog — at
# http://localhost:3000 (frontend) and http://localhost:7007 (backend).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"

# The sandbox stands in for AWS in development; stop it when the portal stops.
if [ -f packages/sandbox/src/main.ts ]; then
  log "starting the AWS sandbox on :${SANDBOX_PORT:-4566}"
  yarn workspace sandbox start >"$ROOT/.tools/sandbox.log" 2>&1 &
  sandbox_pid=$!
  trap 'kill $sandbox_pid 2>/dev/null || true' EXIT
fi

log "starting the portal: http://localhost:3000 (sign in as a demo persona)"
yarn start "$@"
