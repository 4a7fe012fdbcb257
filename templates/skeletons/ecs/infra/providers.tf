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
}
