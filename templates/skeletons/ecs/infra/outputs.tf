output "service_arn" {
  value = aws_ecs_service.this.id
}

output "url" {
  value = "https://${var.service.name}.${var.apps_domain}"
}
