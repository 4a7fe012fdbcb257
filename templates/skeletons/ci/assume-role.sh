# Sourced by the deploy jobs (`. ci/assume-role.sh`): exchanges the job's GitLab id token
# (GITLAB_OIDC_TOKEN, audience sts.amazonaws.com) for temporary credentials of AWS_ROLE_ARN and
# exports them, so the aws commands that follow act as that role. The call is unsigned: the token
# is the only proof, and no AWS key is stored anywhere.
# shellcheck shell=bash

: "${AWS_ROLE_ARN:?AWS_ROLE_ARN is not set for this environment: the scaffolder sets it per environment scope in Settings > CI/CD > Variables}"
: "${GITLAB_OIDC_TOKEN:?GITLAB_OIDC_TOKEN is missing: the job needs id_tokens with aud sts.amazonaws.com}"
: "${AWS_REGION:?AWS_REGION is not set for this environment}"

export AWS_DEFAULT_REGION="$AWS_REGION"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE

shipyard_credentials="$(
  aws sts assume-role-with-web-identity \
    --role-arn "$AWS_ROLE_ARN" \
    --role-session-name "gitlab-${CI_PROJECT_ID:-local}-${CI_JOB_ID:-0}" \
    --web-identity-token "$GITLAB_OIDC_TOKEN" \
    --duration-seconds 3600 \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' \
    --output text
)"
read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<<"$shipyard_credentials"
unset shipyard_credentials
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
echo "Acting as $(aws sts get-caller-identity --query Arn --output text)"
