"""Webhook secrets and signatures.

A request carries ``Hiring-Signature: t=<unix seconds>,v1=<hex>``, where ``<hex>`` is the
HMAC-SHA256, keyed with the endpoint's secret, of ``"<t>.<raw body>"`` (as Stripe does): the
receiver recomputes it, compares in constant time and refuses an old ``t`` (replays)."""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def new_salt() -> str:
    return secrets.token_hex(16)


def endpoint_secret(signing_key: str, endpoint_id: str, salt: str) -> str:
    """The endpoint's signing secret, derived from the app's secret key (never stored)."""
    message = f"webhook:{endpoint_id}:{salt}".encode()
    digest = hmac.new(signing_key.encode(), message, hashlib.sha256).digest()
    return SECRET_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"
