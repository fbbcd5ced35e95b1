"""Events: the outbox of changes other systems receive (the event feed and webhooks)."""
