#!/usr/bin/env bash
# ensure_system_packages NAME...: installs Debian packages that are missing, once. NAME is the
# command the tests call and the package that ships it (chromium, rsync), or COMMAND:PACKAGE when
# they differ (aws:awscli).
ensure_system_packages() {
  local missing=()
  for entry in "$@"; do
    command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
