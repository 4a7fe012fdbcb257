# The values chosen in Shipyard's form and the environments' accounts, regions and clusters come
# from shipyard.auto.tfvars.json; the job picks the environment (TF_VAR_environment) and passes
# what the platform team sets per environment scope in the GitLab group (TF_VAR_*).

variable "service" {
  description = "The service as scaffolded: name, link tag values, task size, port, health check and scaling bounds."
  type = object({
    name              = string
    owner             = string
    system            = string
    cpu               = number
    memory            = number
    port              = number
    health_check_path = string
    desired_count     = number
    min_count         = number
    max_count         = number
    exposure          = string
  })
}

variable "environments" {
  description = "The Shipyard environments this service deploys to, by name."
  type = map(object({
    tier       = string
    account_id = string
    region     = string
    cluster    = string
  }))
}

variable "environment" {
  description = "The environment this run applies to (one of var.environments)."
  type        = string

  validation {
    condition     = contains(keys(var.environments), var.environment)
    error_message = "environment must be one of the service's environments."
  }
}

variable "image" {
  description = "The image of the first task definition revision; later deploys register their own."
  type        = string
}

variable "alb_listener_arn" {
  description = "The HTTPS listener of the environment's internal or internet-facing load balancer."
  type        = string
}

variable "subnet_ids" {
  description = "Comma separated private subnets the tasks run in."
  type        = string
}

variable "apps_domain" {
  description = "The domain the listener routes by host: the service answers at <name>.<apps_domain>."
  type        = string
}

variable "alarm_topic_arn" {
  description = "The SNS topic the environment's service alarms notify (the platform's SHIPYARD_ALARM_TOPIC_ARN)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,256}$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be an SNS topic ARN: set SHIPYARD_ALARM_TOPIC_ARN on the GitLab group for this environment's scope."
  }
}

variable "log_retention_days" {
  description = "How long the service's logs are kept."
  type        = number
  default     = 30
}
