terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # GitLab-managed state, one per environment: the infra:<env> job gives the address.
  backend "http" {}
}
