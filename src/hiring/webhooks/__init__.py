"""Webhooks: endpoints that receive the outbox's events, signed, retried and logged."""
