"""Prefixed random identifiers: job_…, cand_…, note_…"""

import base64
import random
import secrets

ID_MAX_LENGTH = 40


def new_id(prefix: str, rng: random.Random | None = None) -> str:
    """A random id such as ``cand_3k9x0q1m2z7a8b4c`` (80 random bits, base32).

    Pass ``rng`` for reproducible ids (demo data); otherwise the bits come from ``secrets``.
    """
    raw = rng.getrandbits(80).to_bytes(10, "big") if rng else secrets.token_bytes(10)
    return f"{prefix}_" + base64.b32encode(raw).decode().lower()
