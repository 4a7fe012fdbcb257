#!/usr/bin/env bash
# Deploys $IMAGE_REPOSITORY:$CI_COMMIT_SHA to the service's ECS service in one environment:
# registers a task definition revision from ci/service.json (the values chosen at scaffolding,
# which infra/ uses too) and rolls the service onto it with the deployment circuit breaker, which
# rolls back by itself when the new tasks do not become healthy. The revision and the service
# carry who deployed which commit and when (the portal's Deployments tab reads these tags).
#
# Terraform (the infra:<env> job) creates the service; this script only updates it, so that the
# service's network, load balancer and autoscaling have one owner.
set -euo pipefail

: "${SHIPYARD_ENVIRONMENT:?}" "${ECS_CLUSTER:?}" "${AWS_REGION:?}" "${AWS_ACCOUNT_ID:?}"
: "${IMAGE_REPOSITORY:?}" "${CI_COMMIT_SHA:?}" "${CI_COMMIT_TIMESTAMP:?}" "${GITLAB_USER_LOGIN:?}"

settings="$(dirname "$0")/service.json"
service="$(jq -er '.name' "$settings")"
family="$service-$SHIPYARD_ENVIRONMENT"
image="$IMAGE_REPOSITORY:$CI_COMMIT_SHA"
deployed_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
committed_at="$(date -u -d "$CI_COMMIT_TIMESTAMP" +%Y-%m-%dT%H:%M:%SZ)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status="$(aws ecs describe-services --cluster "$ECS_CLUSTER" --services "$service" \
  --query 'services[0].status' --output text)"
if [ "$status" != "ACTIVE" ]; then
  echo "ECS service $service is not in cluster $ECS_CLUSTER ($AWS_ACCOUNT_ID, $AWS_REGION)." >&2
  echo "Terraform creates it: run the infra:$SHIPYARD_ENVIRONMENT job (infra/) first." >&2
  exit 1
fi

# Every value enters the JSON through jq arguments, never through the shell's text.
jq -n \
  --slurpfile settings "$settings" \
  --arg family "$family" \
  --arg environment "$SHIPYARD_ENVIRONMENT" \
  --arg image "$image" \
  --arg region "$AWS_REGION" \
  --arg account "$AWS_ACCOUNT_ID" \
  --arg sha "$CI_COMMIT_SHA" \
  --arg deployed_by "$GITLAB_USER_LOGIN" \
  --arg deployed_at "$deployed_at" \
  --arg committed_at "$committed_at" \
  '$settings[0] as $s
  | {
      family: $family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: ($s.cpu | tostring),
      memory: ($s.memory | tostring),
      executionRoleArn: "arn:aws:iam::\($account):role/\($family)-execution",
      taskRoleArn: "arn:aws:iam::\($account):role/\($family)-task",
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      containerDefinitions: [{
        name: $s.name,
        image: $image,
        essential: true,
        readonlyRootFilesystem: true,
        portMappings: [{ containerPort: $s.port, protocol: "tcp" }],
        environment: [
          { name: "PORT", value: ($s.port | tostring) },
          { name: "NODE_ENV", value: "production" },
          { name: "SHIPYARD_ENVIRONMENT", value: $environment },
          { name: "SHIPYARD_VERSION", value: $sha },
          { name: "HEALTH_CHECK_URL", value: "http://127.0.0.1:\($s.port)\($s.healthCheckPath)" }
        ],
        dockerLabels: { "org.opencontainers.image.revision": $sha },
        healthCheck: {
          command: ["CMD", "node", "-e",
            "fetch(process.env.HEALTH_CHECK_URL).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"],
          interval: 15, timeout: 5, retries: 3, startPeriod: 20
        },
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": "/ecs/\($s.name)/\($environment)",
            "awslogs-region": $region,
            "awslogs-stream-prefix": "ecs"
          }
        }
      }],
      tags: [
        { key: "shipyard:component", value: $s.name },
        { key: "shipyard:environment", value: $environment },
        { key: "shipyard:owner", value: $s.owner },
        { key: "shipyard:system", value: $s.system },
        { key: "shipyard:deployed-by", value: $deployed_by },
        { key: "shipyard:deployed-at", value: $deployed_at },
        { key: "shipyard:commit-sha", value: $sha },
        { key: "shipyard:committed-at", value: $committed_at }
      ]
    }' >"$work/task-definition.json"

revision="$(aws ecs register-task-definition --cli-input-json "file://$work/task-definition.json" \
  --query 'taskDefinition.taskDefinitionArn' --output text)"
echo "Registered $revision ($image)"

service_arn="$(aws ecs update-service --cluster "$ECS_CLUSTER" --service "$service" \
  --task-definition "$revision" \
  --deployment-configuration 'deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100' \
  --query 'service.serviceArn' --output text)"

aws ecs tag-resource --resource-arn "$service_arn" --tags "$(
  jq -c '.tags | map(select(.key | test("^shipyard:(deployed-|commit)")))' "$work/task-definition.json"
)"

echo "Waiting for $service in $ECS_CLUSTER to reach a steady state on $revision"
if ! aws ecs wait services-stable --cluster "$ECS_CLUSTER" --services "$service"; then
  echo "The rollout did not stabilise; the circuit breaker rolls back to the previous revision." >&2
  exit 1
fi
running="$(aws ecs describe-services --cluster "$ECS_CLUSTER" --services "$service" \
  --query 'services[0].taskDefinition' --output text)"
if [ "$running" != "$revision" ]; then
  echo "The circuit breaker rolled $service back to $running: $revision did not become healthy." >&2
  exit 1
fi
echo "Deployed $CI_COMMIT_SHA to $service in $SHIPYARD_ENVIRONMENT"
