#!/usr/bin/env bash
# The README's scaffolding demo: runs the pipeline of a service scaffolded in the running embedded
# default (scripts/start.sh) on this machine, against the sandbox, up to its first deployment.
#
#   1. clones the project from the sandbox's GitLab stand-in, as the user who created it;
#   2. creates the ECS service in the sandbox as the project's Terraform (infra:<env>) would,
#      because terraform is not run against the sandbox;
#   3. runs the `test` job and then `deploy:<first environment>` with gitlab-ci-local (shell
#      executor), giving the deploy the id token GitLab would mint and the project's CI/CD
#      variables for that environment, so that it assumes its role through the sandbox's STS.
#
# The build job is not run: it needs kaniko's container, and the sandbox accepts any image tag.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
Usage: scripts/demo-pipeline.sh <service-name> [gitlab-group]

Runs the pipeline of a service scaffolded from the "Node.js service on ECS (Fargate)" template in
the running embedded default (bash scripts/start.sh): clones its project from the sandbox's GitLab
stand-in, creates its ECS service in the sandbox as its Terraform would, then runs its `test` job
and the deploy job of its first environment with gitlab-ci-local.

  <service-name>   the name given in the form, e.g. basket-api
  [gitlab-group]   the project's group, e.g. northwind/storefront; found by name when omitted

ECS services only. An EKS service's deploy applies its manifests with kubectl, and the sandbox's
Kubernetes API serves the demo's existing Deployments (read, patch, roll out) but cannot create
new objects, so its pipeline cannot deploy there.

Environment: SANDBOX_URL (default http://localhost:4566), PORTAL_URL (default
http://localhost:3000), BACKEND_URL (default http://localhost:7007), SHIPYARD_DEMO_DIR (where the
clone goes, default ${TMPDIR:-/tmp}/shipyard-demo).
USAGE
}

fail() {
  printf '\033[1;31m[demo]\033[0m %s\n' "$*" >&2
  exit 1
}
say() { printf '\033[1;34m[demo]\033[0m %s\n' "$*" >&2; }

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  usage
  exit 0
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  usage
  exit 2
fi
name="$1"
group="${2:-}"
# The template's own rule for names (templates/ecs-service.yaml): they end up in URLs, AWS names
# and commands.
[[ "$name" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ && ${#name} -ge 3 && ${#name} -le 24 ]] ||
  fail "'$name' is not a service name: 3 to 24 lowercase letters, digits and single hyphens, starting with a letter (e.g. basket-api)"
if [ -n "$group" ]; then
  [[ "$group" =~ ^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$ && "$group" != *..* ]] ||
    fail "'$group' is not a GitLab group path, e.g. northwind/storefront"
fi

SANDBOX_URL="${SANDBOX_URL:-http://localhost:4566}"
PORTAL_URL="${PORTAL_URL:-http://localhost:3000}"
BACKEND_URL="${BACKEND_URL:-http://localhost:7007}"
GITLAB_API="$SANDBOX_URL/gitlab/api/v4"
# The portal's own token in the stand-in (an administrator), used only to find the project and
# its creator; everything else acts as the creator.
PORTAL_GITLAB_TOKEN=sandbox

# --- Tools -------------------------------------------------------------------------------------
for tool in git curl; do
  command -v "$tool" >/dev/null || fail "$tool is missing: sudo apt-get install -y $tool"
done
# Node 22 (gitlab-ci-local needs it) and the repository's dependencies, as scripts/start.sh has them.
# shellcheck source-path=SCRIPTDIR source=lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
missing=()
for entry in jq:jq aws:awscli rsync:rsync; do
  command -v "${entry%%:*}" >/dev/null || missing+=("${entry#*:}")
done
[ ${#missing[@]} -eq 0 ] ||
  fail "missing tools the pipeline's jobs use: sudo apt-get install -y ${missing[*]}"
GITLAB_CI_LOCAL="$ROOT/node_modules/.bin/gitlab-ci-local"
[ -x "$GITLAB_CI_LOCAL" ] || fail "gitlab-ci-local is not installed in node_modules: run yarn install"

# --- The running embedded default ------------------------------------------------------------
health="$(curl -sf --max-time 5 "$SANDBOX_URL/_sandbox/health" 2>/dev/null)" ||
  fail "the sandbox is not answering at $SANDBOX_URL: start the portal with 'bash scripts/start.sh' (it starts the sandbox), scaffold the service from $PORTAL_URL/create, then run this again"
jq -e '.services | index("gitlab")' >/dev/null <<<"$health" ||
  fail "the sandbox at $SANDBOX_URL serves no GitLab stand-in: it is an older build, restart it with 'bash scripts/start.sh'"
portal_up=true
curl -s -o /dev/null --max-time 5 "$BACKEND_URL/.backstage/health/v1/readiness" || portal_up=false
$portal_up || say "the portal is not answering at $BACKEND_URL: the pipeline still runs, but there is nothing to look at afterwards"

api_get() { # api_get <token> <path> -> body on stdout, status in $api_status
  local out
  out="$(curl -sS --max-time 15 -H "PRIVATE-TOKEN: $1" -w '\n%{http_code}' "$GITLAB_API$2")" ||
    fail "the GitLab stand-in did not answer $GITLAB_API$2"
  api_status="${out##*$'\n'}"
  api_body="${out%$'\n'*}"
}
urlencode() { jq -rn --arg v "$1" '$v | @uri'; }

# --- The project and who created it ----------------------------------------------------------
if [ -z "$group" ]; then
  api_get "$PORTAL_GITLAB_TOKEN" "/projects?search=$(urlencode "$name")&per_page=100"
  [ "$api_status" = 200 ] || fail "the GitLab stand-in answered $api_status to a project search: $api_body"
  mapfile -t candidates < <(jq -r --arg n "$name" '.[] | select(.path == $n) | .path_with_namespace' <<<"$api_body")
  case ${#candidates[@]} in
    0) project_path="" ;;
    1) project_path="${candidates[0]}" ;;
    *) fail "several projects are named $name: ${candidates[*]}; give the group as the second argument" ;;
  esac
else
  project_path="$group/$name"
fi
if [ -n "$project_path" ]; then
  api_get "$PORTAL_GITLAB_TOKEN" "/projects/$(urlencode "$project_path")"
fi
if [ -z "$project_path" ] || [ "$api_status" = 404 ]; then
  fail "no project ${project_path:-named $name} in the GitLab stand-in at $SANDBOX_URL/gitlab: scaffold it first from $PORTAL_URL/create (the stand-in keeps projects in memory, so they are gone once the sandbox restarts)"
fi
[ "$api_status" = 200 ] || fail "the GitLab stand-in answered $api_status for $project_path: $api_body"
project="$api_body"
project_id="$(jq -r .id <<<"$project")"
default_branch="$(jq -r '.default_branch // "main"' <<<"$project")"
clone_url="$(jq -r .http_url_to_repo <<<"$project")"

api_get "$PORTAL_GITLAB_TOKEN" "/users/$(jq -r .creator_id <<<"$project")"
[ "$api_status" = 200 ] || fail "the creator of $project_path is unknown to the stand-in ($api_status)"
username="$(jq -r .username <<<"$api_body")"
# Each seeded user's personal token is sandbox-<username> (packages/sandbox/README.md, GitLab).
user_token="sandbox-$username"
api_get "$user_token" /user
[ "$api_status" = 200 ] ||
  fail "$project_path was created by $username, who has no personal token in the stand-in; scaffold it as one of the demo personas"
say "project $project_path, created by $username: acting with $username's personal token"

# The portal's page for the service is where the deployment shows; say so early when it has none.
if $portal_up; then
  portal_token="$(curl -s --max-time 10 -H "x-shipyard-demo-user: user:default/$username" \
    -H 'x-requested-with: XMLHttpRequest' "$BACKEND_URL/api/auth/demo/refresh" |
    jq -r '.backstageIdentity.token // empty' 2>/dev/null || true)"
  if [ -n "$portal_token" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
    -H "authorization: Bearer $portal_token" \
    "$BACKEND_URL/api/catalog/entities/by-name/component/default/$name")" = 404 ]; then
    say "warning: component $name is not in the portal's catalog (did the template's register step fail?): register $(jq -r .web_url <<<"$project")/-/blob/$default_branch/catalog-info.yaml from $PORTAL_URL/catalog-import to see its deployment there"
  fi
fi

# --- Clone -----------------------------------------------------------------------------------
demo_root="${SHIPYARD_DEMO_DIR:-${TMPDIR:-/tmp}/shipyard-demo}"
dir="$demo_root/$name"
mkdir -p "$demo_root"
rm -rf "$dir"
# The token goes in a header for this command only, so it is not written into .git/config.
git -c "http.extraHeader=Authorization: Basic $(printf 'oauth2:%s' "$user_token" | base64 -w0)" \
  clone --quiet "$clone_url" "$dir" ||
  fail "could not clone $clone_url as $username"
# gitlab-ci-local takes GITLAB_USER_LOGIN (the deploy's shipyard:deployed-by) from the local part
# of user.email, as GitLab would give the login of the person who started the pipeline.
git -C "$dir" config user.email "$username@northwind.example"
git -C "$dir" config user.name "$(jq -r .name <<<"$api_body")"
say "cloned into $dir"

if [ ! -f "$dir/ci/deploy-ecs.sh" ]; then
  [ -d "$dir/k8s" ] &&
    fail "$name is an EKS service: its deploy applies Kubernetes manifests, which the sandbox's Kubernetes API cannot create; this demo supports ECS services only"
  fail "$project_path has no ci/deploy-ecs.sh: it was not scaffolded from the ECS service template"
fi
tfvars="$dir/infra/shipyard.auto.tfvars.json"
[ -f "$tfvars" ] || fail "$project_path has no infra/shipyard.auto.tfvars.json"
env_name="$(jq -r '.environments | keys_unsorted[0]' "$tfvars")"
read -r account region cluster < <(jq -r --arg e "$env_name" \
  '.environments[$e] | "\(.account_id) \(.region) \(.cluster)"' "$tfvars")
image_repository="$(sed -n 's/^ *IMAGE_REPOSITORY: *//p' "$dir/ci/common.gitlab-ci.yml" | jq -r .)"
[[ "$image_repository" == *.amazonaws.com/* ]] ||
  fail "could not read IMAGE_REPOSITORY from $project_path's ci/common.gitlab-ci.yml"

# --- What infra:<env> creates ------------------------------------------------------------------
# The canonical version of this step is createEcsServiceAsTerraform (packages/sandbox/src/testing/),
# which the template check and the pipeline bench use; this is its AWS CLI twin: keep them alike.
# The sandbox's dummy credentials for the environment's account (SANDBOX<account id>), as the
# platform would have them; the pipeline itself never gets these.
aws_sandbox() {
  env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    AWS_ENDPOINT_URL="$SANDBOX_URL" AWS_DEFAULT_REGION="$region" AWS_PAGER="" \
    AWS_ACCESS_KEY_ID="SANDBOX$account" AWS_SECRET_ACCESS_KEY=sandbox aws "$@"
}
status="$(aws_sandbox ecs describe-services --cluster "$cluster" --services "$name" \
  --query 'services[0].status' --output text)" ||
  fail "the sandbox's ECS does not know cluster $cluster (account $account, $region)"
if [ "$status" = ACTIVE ]; then
  say "ECS service $name already runs in $cluster ($env_name): not creating it again"
else
  say "creating ECS service $name in $cluster ($env_name) as infra:$env_name's Terraform would"
  tags="$(jq -c --arg e "$env_name" '.service | [
      { key: "shipyard:component", value: .name }, { key: "shipyard:environment", value: $e },
      { key: "shipyard:owner", value: .owner }, { key: "shipyard:system", value: .system } ]' "$tfvars")"
  # Values enter the requests through jq, never through the shell's text.
  task_definition="$(aws_sandbox ecs register-task-definition --cli-input-json "$(jq -c \
    --arg e "$env_name" --arg image "$image_repository:bootstrap" --argjson tags "$tags" \
    '.service as $s | {
      family: "\($s.name)-\($e)", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc",
      cpu: ($s.cpu | tostring), memory: ($s.memory | tostring),
      containerDefinitions: [{ name: $s.name, image: $image, essential: true,
        portMappings: [{ containerPort: $s.port, protocol: "tcp" }] }],
      tags: $tags }' "$tfvars")" --query taskDefinition.taskDefinitionArn --output text)"
  aws_sandbox ecs create-service --cli-input-json "$(jq -c \
    --arg cluster "$cluster" --arg td "$task_definition" --argjson tags "$tags" \
    '.service as $s | {
      cluster: $cluster, serviceName: $s.name, taskDefinition: $td,
      desiredCount: $s.desired_count, launchType: "FARGATE",
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100, maximumPercent: 200 },
      tags: $tags }' "$tfvars")" --query service.serviceArn --output text >/dev/null
fi

# --- The pipeline --------------------------------------------------------------------------------
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# gitlab-ci-local does not mint id tokens: the deploy gets the one GitLab would, for this project
# and branch, addressed to STS. The sandbox's STS checks its claims, not a signature. The
# canonical version is gitlabIdToken (packages/sandbox/src/testing/gitlabIdToken.ts).
# shellcheck disable=SC2016 # JavaScript, not shell
id_token="$(node -e '
  const [project, ref, login] = process.argv.slice(1);
  const enc = v => Buffer.from(JSON.stringify(v)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  console.log([enc({ alg: "RS256", typ: "JWT", kid: "gitlab-ci-local" }),
    enc({ iss: "https://gitlab.northwind.example", sub: `project_path:${project}:ref_type:branch:ref:${ref}`,
      aud: "sts.amazonaws.com", project_path: project, ref, ref_type: "branch", user_login: login,
      iat: now, nbf: now, exp: now + 3600 }),
    Buffer.from("unsigned").toString("base64url")].join("."));
' "$project_path" "$default_branch" "$username")"
# The project's CI/CD variables for the environment's scope (set by the scaffolder: AWS_ROLE_ARN,
# AWS_REGION), read as its creator, a Maintainer; environment-scoped values win over '*'.
api_get "$user_token" "/projects/$project_id/variables?per_page=100"
[ "$api_status" = 200 ] || fail "could not read $project_path's CI/CD variables as $username ($api_status)"
# A JSON object is a YAML document, which is what --variables-file reads.
jq --arg e "$env_name" --arg endpoint "$SANDBOX_URL" --arg token "$id_token" '
  (map(select(.environment_scope == "*")) + map(select(.environment_scope == $e)))
  | map({ (.key): .value }) | add // {}
  | . + { AWS_ENDPOINT_URL: $endpoint, GITLAB_OIDC_TOKEN: $token }' <<<"$api_body" >"$work/variables.yml"
jq -e '.AWS_ROLE_ARN' "$work/variables.yml" >/dev/null ||
  fail "$project_path has no AWS_ROLE_ARN CI/CD variable for environment $env_name: the scaffolder sets it"

run_job() {
  say "gitlab-ci-local $1"
  # No AWS credentials or CI settings of this shell may reach the job: only the id token's
  # exchange gives it any.
  local unset=()
  while IFS= read -r var; do unset+=(-u "$var"); done < <(compgen -e | grep -E '^(AWS_|CI)' || true)
  (cd "$dir" && env "${unset[@]}" \
    "$GITLAB_CI_LOCAL" "$1" --force-shell-executor --variables-file "$work/variables.yml") ||
    fail "job $1 failed (its output is above; the project is in $dir)"
}
run_job test
run_job "deploy:$env_name"

# --- What to look at ---------------------------------------------------------------------------
read -r revision rollout deployed_by commit < <(aws_sandbox ecs describe-services --cluster "$cluster" \
  --services "$name" --include TAGS --output json | jq -r '.services[0] as $s
  | ($s.tags // [] | map({ (.key): .value }) | add // {}) as $t
  | "\($s.taskDefinition | split("/") | last) \($s.deployments[0].rolloutState) \($t["shipyard:deployed-by"]) \($t["shipyard:commit-sha"])"')
say "deployed: $name in $cluster ($env_name) runs $revision (rollout $rollout), commit ${commit:0:8}, deployed by $deployed_by"
entity="$PORTAL_URL/catalog/default/component/$name"
cat >&2 <<DONE

Where to look:
  - $entity
      the "Runs in" card on the Overview: $name in $env_name ($cluster); the resource
      inventory refreshes every 10 minutes, the card's refresh button of $env_name at once.
  - $entity/deployments
      the Deployments tab: the first deployment of ${commit:0:8} by $deployed_by (collected
      every 2 minutes).
  - $SANDBOX_URL/gitlab/$project_path, the project in the GitLab stand-in; the clone is in $dir.
DONE
