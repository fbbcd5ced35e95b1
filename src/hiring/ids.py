"""Prefixed random identifiers: job_…, cand_…, note_…"""

import random
import secrets

ID_MAX_LENGTH = 40
ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648 base32, lower-cased
# Every 10-bit value as its two base32 characters: an id is eight lookups, where
# ``base64.b32encode`` works through the bytes in Python (demo loads make millions of ids).
PAIRS = [first + second for first in ALPHABET for second in ALPHABET]


def new_id(prefix: str, rng: random.Random | None = None) -> str:
    """A random id such as ``cand_3k9x0q1m2z7a8b4c`` (80 random bits, base32).

    Pass ``rng`` for reproducible ids (demo data); otherwise the bits come from ``secrets``.
    """
    bits = rng.getrandbits(80) if rng else secrets.randbits(80)
    return (
        f"{prefix}_{PAIRS[bits >> 70]}{PAIRS[bits >> 60 & 1023]}{PAIRS[bits >> 50 & 1023]}"
        f"{PAIRS[bits >> 40 & 1023]}{PAIRS[bits >> 30 & 1023]}{PAIRS[bits >> 20 & 1023]}"
        f"{PAIRS[bits >> 10 & 1023]}{PAIRS[bits & 1023]}"
    )
