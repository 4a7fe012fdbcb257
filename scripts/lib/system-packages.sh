#!/usr/bin/env bash
# ensure_system_packages NAME...: installs Debian packages that are missing, once. The binaries
# checked are the ones the tests call (/usr/bin/chromium, rsync).
ensure_system_packages() {
  local missing=()
  for pkg in "$@"; do
    command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
