# Named <family>-<kind> (e.g. basket-api-dev-error-rate), as the platform names service alarms.
# Both notify the environment's alarm topic (var.alarm_topic_arn, the platform's
# SHIPYARD_ALARM_TOPIC_ARN), when they fire and when they clear, so that whoever it pages also
# learns that the alarm is over.
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.family}-error-rate"
  alarm_description   = "${var.service.name} in ${var.environment} answers 5xx"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]

  dimensions = {
    LoadBalancer = data.aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this.arn_suffix
  }
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name          = "${local.family}-unhealthy-hosts"
  alarm_description   = "${var.service.name} in ${var.environment} has targets failing their health check"
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]

  dimensions = {
    LoadBalancer = data.aws_lb.this.arn_suffix
    TargetGroup  = aws_lb_target_group.this.arn_suffix
  }
}
