"""Names, places and companies for the demo data. Faker is slow per row, so it runs once to
fill these small pools (per locale); the rows combine them with one seeded random
generator."""

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

POOL_SIZE = 300
COMPANIES = 5_000
COUNTRIES = {
    "en_US": ("United States", "+1"),
    "en_GB": ("United Kingdom", "+44"),
    "de_DE": ("Germany", "+49"),
    "es_ES": ("Spain", "+34"),
    "fr_FR": ("France", "+33"),
    "pt_PT": ("Portugal", "+351"),
    "nl_NL": ("Netherlands", "+31"),
    "pl_PL": ("Poland", "+48"),
}


@dataclass(frozen=True)
class Pools:
    """Values Faker makes once; rows combine them with a seeded random generator."""

    first_names: dict[str, list[str]]
    last_names: dict[str, list[str]]
    cities: dict[str, list[str]]
    companies: list[str]
    email_domains: list[str]


def make_pools(seed: int) -> Pools:
    fake = Faker(list(COUNTRIES))
    fake.seed_instance(seed)

    def unique(make: Callable[[], str], size: int) -> list[str]:
        return sorted({make() for _ in range(size)})

    return Pools(
        first_names={loc: unique(fake[loc].first_name, POOL_SIZE) for loc in COUNTRIES},
        last_names={loc: unique(fake[loc].last_name, POOL_SIZE) for loc in COUNTRIES},
        cities={loc: unique(fake[loc].city, POOL_SIZE // 3) for loc in COUNTRIES},
        companies=unique(fake["en_US"].company, COMPANIES),
        email_domains=unique(fake["en_US"].free_email_domain, 50),
    )


def handle(name: str) -> str:
    """An email-safe handle for a name: ``José Müller`` → ``jose.muller``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", ascii_name.lower()).strip(".") or "candidate"


def person_name(rnd: random.Random, pools: Pools, locale: str) -> str:
    return f"{rnd.choice(pools.first_names[locale])} {rnd.choice(pools.last_names[locale])}"
