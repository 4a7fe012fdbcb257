locals {
  env    = var.environments[var.environment]
  family = "${var.service.name}-${var.environment}"

  # The link between the code and the cloud: every resource carries the catalog entry's values.
  link_tags = {
    "shipyard:component"   = var.service.name
    "shipyard:environment" = var.environment
    "shipyard:owner"       = var.service.owner
    "shipyard:system"      = var.service.system
  }
}

provider "aws" {
  region              = local.env.region
  allowed_account_ids = [local.env.account_id]

  default_tags {
    tags = local.link_tags
  }

  # ci/deploy-ecs.sh records each deploy in these tags on the service (the portal's Deployments
  # tab reads them). They are not in the configuration, so without this every apply of
  # infra:<env> would remove them as drift.
  ignore_tags {
    keys = [
      "shipyard:deployed-by",
      "shipyard:deployed-at",
      "shipyard:commit-sha",
      "shipyard:committed-at",
    ]
  }
}
