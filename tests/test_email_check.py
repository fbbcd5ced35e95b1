"""Email addresses are checked by email_validator's rules, with each domain checked once: an
address the pattern lets through gets the library's answer for the whole address (the
normalised address, or its error)."""

import random
import re
import string

from pydantic.networks import validate_email

from hiring.validation import EMAIL_PATTERN, _check_email

TRICKY = [
    "Ada.Lovelace+x@Example.COM",
    "  jane@example.com ",
    "o'neil@mail.example.org",
    "x!#$%&'*/=?^_`{|}~-@ex-ample.io",
    "a@123.com",
    "a@b.co",
    "a.b@" + ".".join(["abcdefghij" * 3] * 8) + ".com",
]


def _answer(check: object, value: str) -> tuple[bool, str]:
    try:
        return True, check(value)  # type: ignore[operator]
    except ValueError as error:
        return False, str(error)


def _random_addresses(count: int) -> list[str]:
    rng = random.Random(7)
    local_chars = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-."
    label_chars = string.ascii_letters + string.digits + "-"
    found: list[str] = []
    while len(found) < count:
        local = "".join(rng.choice(local_chars) for _ in range(rng.randint(1, 34)))
        labels = [
            "".join(rng.choice(label_chars) for _ in range(rng.randint(1, 34)))
            for _ in range(rng.randint(1, 4))
        ]
        tld = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(2, 5)))
        address = f"{local}@{'.'.join(labels)}.{tld}"
        if re.search(EMAIL_PATTERN, address):
            found.append(address)
    return found


def test_an_address_past_the_pattern_gets_the_libraries_answer() -> None:
    addresses = TRICKY + _random_addresses(3_000)
    assert all(re.search(EMAIL_PATTERN, address) for address in addresses)

    differ = [
        address
        for address in addresses
        if _answer(_check_email, address)
        != _answer(lambda value: validate_email(value.strip())[1], address)
    ]

    assert differ == []
    # Both kinds of answer are covered.
    accepted = [address for address in addresses if _answer(_check_email, address)[0]]
    assert 0 < len(accepted) < len(addresses)
