resource "aws_lb_target_group" "this" {
  # Target group names are limited to 32 characters.
  name_prefix          = "svc-"
  port                 = var.service.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = data.aws_lb.this.vpc_id
  deregistration_delay = 30

  health_check {
    path                = var.service.health_check_path
    matcher             = "200-299"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener_rule" "this" {
  listener_arn = var.alb_listener_arn

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  condition {
    host_header {
      values = ["${var.service.name}.${var.apps_domain}"]
    }
  }
}
