# Look up an activity by its exact name (or by its ARN, with `arn = ...`), for example to
# give a worker the ARN it polls.
data "sfn_activity" "review" {
  name = sfn_activity.review.name
}

output "review_activity_arn" {
  value = data.sfn_activity.review.arn
}
