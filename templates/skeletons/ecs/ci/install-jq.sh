#!/usr/bin/env bash
# Installs jq 1.7.1 into the directory given (default /usr/local/bin) for the deploy jobs: the AWS
# CLI image has no jq, and installing it from the distribution's repositories would give each run
# whatever version they serve that day. The release binary is checked against its published
# SHA-256 before it is installed; a mismatch stops the job.
set -euo pipefail

target="${1:-/usr/local/bin}"
version=1.7.1
case "$(uname -m)" in
  x86_64 | amd64)
    asset=jq-linux-amd64
    sha256=5942c9b0934e510ee61eb3e30273f1b3fe2590df93933a93d7c58b81d19c8ff5
    ;;
  aarch64 | arm64)
    asset=jq-linux-arm64
    sha256=4dd2d8a0661df0b22f1bb9a1f9830f06b6f3b8f7d91211a1ef5d7c4f06a8b4a5
    ;;
  *)
    echo "No jq $version build is pinned for $(uname -m)" >&2
    exit 1
    ;;
esac

download="$(mktemp)"
trap 'rm -f "$download"' EXIT
curl -fsSL --retry 3 -o "$download" \
  "https://github.com/jqlang/jq/releases/download/jq-$version/$asset"
if ! printf '%s  %s\n' "$sha256" "$download" | sha256sum -c --status -; then
  echo "The download of jq $version ($asset) does not match its pinned SHA-256: not installing it" >&2
  exit 1
fi
install -m 0755 "$download" "$target/jq"
echo "Installed jq $version ($asset) in $target"
