#!/usr/bin/env bash
# The README's test command: the same set-up as start.sh, then every check CI runs, in order of
# cost: type check, lint, formatting, API contracts (generated code matches its spec),
# configuration, unit and backend tests (SQLite and PostgreSQL), the template checks, and the browser journeys in
# headless Chromium against the built portal.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
source "$ROOT/scripts/lib/system-packages.sh"
# Browser journeys need Chromium; the generated pipelines' checks run gitlab-ci-local (rsync),
# shellcheck, the deploy scripts' jq, kubectl (kustomize) and the AWS CLI against the sandbox.
ensure_system_packages chromium rsync shellcheck jq kubectl aws:awscli

# Backend tests run on PostgreSQL for real; they fail when it is unreachable unless
# SHIPYARD_SKIP_POSTGRES_TESTS=1 says to skip it.
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export CI="${CI:-true}"

step() { log "── $* ──"; SECONDS_AT_STEP=$SECONDS; }
done_step() { log "   done in $((SECONDS - SECONDS_AT_STEP)) s"; }

step "type check";  yarn tsc; done_step
step "lint";        yarn backstage-cli repo lint; done_step
step "formatting";  yarn prettier --check .; done_step
# Each backend plugin's router and its -common client are generated from src/schema/openapi.yaml;
# a spec changed without `yarn openapi:generate` fails here.
step "API contracts"; yarn openapi:check; done_step
step "configuration"
yarn backstage-cli config:check --config app-config.yaml
yarn backstage-cli config:check --config app-config.yaml --config app-config.production.yaml
done_step
# The template checks render whole repositories (npm ci, tsc, gitlab-ci-local, a deploy against
# the sandbox): heavy enough to starve the timing of UI tests running beside them, so they run on
# their own after the rest.
TEMPLATE_CHECKS=plugins/scaffolder-backend-module-shipyard/src/templates/
step "unit and backend tests"
yarn backstage-cli repo test --testPathIgnorePatterns "$TEMPLATE_CHECKS"
done_step
step "template checks"; yarn backstage-cli repo test "$TEMPLATE_CHECKS"; done_step
step "browser journeys"
yarn workspace app build
yarn workspace e2e test:e2e
done_step
log "all checks passed in $SECONDS s"
