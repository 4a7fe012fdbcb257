#!/usr/bin/env bash
# Deploys $IMAGE_REPOSITORY:$CI_COMMIT_SHA to the environment's EKS cluster: applies k8s/ through
# the environment's kustomize overlay (its shipyard.io/environment label, the image tag, the
# Ingress host <service>.$SHIPYARD_APPS_DOMAIN, and the deploy record annotations, who deployed
# which commit and when, which the portal's Deployments tab reads), waits for the rollout and
# undoes it when it fails.
# `ci/deploy-eks.sh --dry-run` prints what would be applied and touches no cluster.
set -euo pipefail

: "${SHIPYARD_ENVIRONMENT:?}" "${IMAGE_REPOSITORY:?}" "${CI_COMMIT_SHA:?}"
: "${CI_COMMIT_TIMESTAMP:?}" "${GITLAB_USER_LOGIN:?}" "${SERVICE_NAME:?}"
: "${SHIPYARD_APPS_DOMAIN:?SHIPYARD_APPS_DOMAIN is not set for this environment: the platform sets it on the GitLab group, per environment scope}"
if ! [[ "$SHIPYARD_APPS_DOMAIN" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$ ]]; then
  echo "SHIPYARD_APPS_DOMAIN '$SHIPYARD_APPS_DOMAIN' is not a DNS domain (e.g. apps.dev.example.com)" >&2
  exit 1
fi
dry_run=false
if [ "${1:-}" = "--dry-run" ]; then
  dry_run=true
fi

manifests="$(cd "$(dirname "$0")/../k8s" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
resources=()
for file in "$manifests"/*.yaml; do
  cp "$file" "$work/"
  resources+=("$(basename "$file")")
done

# The environment's overlay: kustomize labels every object and pod template with the environment
# (not the selectors, which cannot change), sets the image tag and the Ingress host, and annotates
# every object and pod template. The kustomization is JSON (valid YAML) written by jq, so no value is ever read as
# YAML syntax.
jq -n \
  --arg environment "$SHIPYARD_ENVIRONMENT" \
  --arg repository "$IMAGE_REPOSITORY" \
  --arg sha "$CI_COMMIT_SHA" \
  --arg service "$SERVICE_NAME" \
  --arg host "$SERVICE_NAME.$SHIPYARD_APPS_DOMAIN" \
  --arg deployed_by "$GITLAB_USER_LOGIN" \
  --arg deployed_at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg committed_at "$(date -u -d "$CI_COMMIT_TIMESTAMP" +%Y-%m-%dT%H:%M:%SZ)" \
  '{
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: $ARGS.positional,
    labels: [{
      pairs: { "shipyard.io/environment": $environment },
      includeSelectors: false,
      includeTemplates: true
    }],
    images: [{ name: $repository, newTag: $sha }],
    patches: [{
      target: { group: "networking.k8s.io", kind: "Ingress", name: $service },
      patch: ([{ op: "add", path: "/spec/rules/0/host", value: $host }] | tojson)
    }],
    commonAnnotations: {
      "shipyard.io/deployed-by": $deployed_by,
      "shipyard.io/deployed-at": $deployed_at,
      "shipyard.io/commit-sha": $sha,
      "shipyard.io/committed-at": $committed_at
    }
  }' --args "${resources[@]}" >"$work/kustomization.yaml"

kubectl kustomize "$work" >"$work/manifests.out"
if [ "$dry_run" = true ]; then
  cat "$work/manifests.out"
  exit 0
fi

: "${EKS_CLUSTER:?}" "${AWS_REGION:?}"
aws eks update-kubeconfig --name "$EKS_CLUSTER" --region "$AWS_REGION" \
  --kubeconfig "$work/kubeconfig" >/dev/null
export KUBECONFIG="$work/kubeconfig"

kubectl apply -f "$work/manifests.out"
namespace="$(kubectl get -f "$work/manifests.out" -o jsonpath='{.items[0].metadata.namespace}')"
if ! kubectl rollout status "deployment/$SERVICE_NAME" -n "$namespace" --timeout=300s; then
  echo "The rollout of $SERVICE_NAME did not complete: undoing it." >&2
  kubectl rollout undo "deployment/$SERVICE_NAME" -n "$namespace"
  kubectl rollout status "deployment/$SERVICE_NAME" -n "$namespace" --timeout=300s || true
  exit 1
fi
echo "Deployed $CI_COMMIT_SHA to $SERVICE_NAME in $SHIPYARD_ENVIRONMENT"
