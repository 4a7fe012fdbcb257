data "aws_ecs_cluster" "this" {
  cluster_name = local.env.cluster
}

data "aws_lb_listener" "this" {
  arn = var.alb_listener_arn
}

data "aws_lb" "this" {
  arn = data.aws_lb_listener.this.load_balancer_arn
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.service.name}/${var.environment}"
  retention_in_days = var.log_retention_days
}

# The bootstrap revision only: the service starts on it, and every deploy registers the next one
# (ci/deploy-ecs.sh, the same container settings). var.image is the commit of the first infra
# run, which the build has pushed; later commits change var.image, and without ignore_changes
# each apply would register a revision of its own (and deregister the previous one) beside the
# deploy's. Changing the container settings here therefore needs the same change in
# ci/service.json or ci/deploy-ecs.sh, which own them from the second revision on.
resource "aws_ecs_task_definition" "this" {
  family                   = local.family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.service.cpu)
  memory                   = tostring(var.service.memory)
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name                   = var.service.name
    image                  = var.image
    essential              = true
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = var.service.port, protocol = "tcp" }]
    environment = [
      { name = "PORT", value = tostring(var.service.port) },
      { name = "NODE_ENV", value = "production" },
      { name = "SHIPYARD_ENVIRONMENT", value = var.environment },
      { name = "HEALTH_CHECK_URL", value = "http://127.0.0.1:${var.service.port}${var.service.health_check_path}" },
    ]
    healthCheck = {
      command     = ["CMD", "node", "-e", "fetch(process.env.HEALTH_CHECK_URL).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 20
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.this.name
        "awslogs-region"        = local.env.region
        "awslogs-stream-prefix" = "ecs"
      }
    }
  }])

  lifecycle {
    ignore_changes = [container_definitions]
  }
}

resource "aws_security_group" "tasks" {
  name        = "${local.family}-tasks"
  description = "${var.service.name} tasks: traffic from the load balancer only"
  vpc_id      = data.aws_lb.this.vpc_id

  ingress {
    description     = "From the load balancer"
    from_port       = var.service.port
    to_port         = var.service.port
    protocol        = "tcp"
    security_groups = data.aws_lb.this.security_groups
  }

  egress {
    description = "To AWS APIs and dependencies"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecs_service" "this" {
  name                              = var.service.name
  cluster                           = data.aws_ecs_cluster.this.arn
  task_definition                   = aws_ecs_task_definition.this.arn
  desired_count                     = var.service.desired_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"
  enable_ecs_managed_tags           = true

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  network_configuration {
    subnets          = split(",", var.subnet_ids)
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = var.service.name
    container_port   = var.service.port
  }

  # The pipeline rolls out revisions and autoscaling sets the count: a later apply must not undo
  # either.
  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [aws_lb_listener_rule.this]
}
