# Import a state machine by its ARN.
terraform import sfn_state_machine.orders arn:aws:states:us-east-1:123456789012:stateMachine:orders
