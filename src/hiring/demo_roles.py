"""The roles demo jobs hire for, read from ``demo_roles.toml``: each role's team, skills and
pay, and the templates its job ads are written from."""

import random
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from hiring.skills import canonical


@dataclass(frozen=True)
class Family:
    """Roles close enough that a candidate for one is a fair candidate for another."""

    name: str
    # The public department of the family's jobs ("Engineering").
    department: str
    pitch: str
    paragraphs: tuple[str, ...]
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    name: str
    family: Family
    team: str
    skills: tuple[str, ...]
    # Thousands a year in the United States.
    salary: tuple[int, int]
    summary: str
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    years: int
    pay: float


@dataclass(frozen=True)
class CountryPay:
    currency: str
    # Salaries there against the United States, in the local currency.
    scale: float


@dataclass(frozen=True)
class Catalogue:
    roles: dict[str, Role]
    # By title prefix ("Senior "; "" for none).
    levels: dict[str, Level]
    # By Faker locale.
    pay: dict[str, CountryPay]

    def adjacent(self, role: str) -> list[str]:
        """The other roles of ``role``'s family."""
        family = self.roles[role].family.name
        return [n for n, other in self.roles.items() if other.family.name == family and n != role]

    def role_of_title(self, title: str) -> str:
        """The role a demo title names, without its level."""
        for level in self.levels:
            if level and title.startswith(level):
                return title.removeprefix(level)
        return title


@cache
def catalogue() -> Catalogue:
    text = files(__package__).joinpath("demo_roles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    families = {
        name: Family(
            name=name,
            department=family["department"],
            pitch=family["pitch"],
            paragraphs=tuple(family["paragraphs"]),
            requirements=tuple(family["requirements"]),
        )
        for name, family in data["families"].items()
    }
    roles = {
        name: Role(
            name=name,
            family=families[role["family"]],
            team=role["team"],
            skills=tuple(canonical(skill) or skill for skill in role["skills"]),
            salary=(role["salary"][0], role["salary"][1]),
            summary=role["summary"],
            requirements=tuple(role["requirements"]),
        )
        for name, role in data["roles"].items()
    }
    return Catalogue(
        roles=roles,
        levels={prefix: Level(**level) for prefix, level in data["levels"].items()},
        pay={locale: CountryPay(**pay) for locale, pay in data["countries"].items()},
    )


@dataclass(frozen=True)
class JobAd:
    description: str
    requirements: str


def job_ad(
    rnd: random.Random, role: Role, *, level: str, product: str, where: str, skills: list[str]
) -> JobAd:
    """A job's description (2-3 paragraphs) and requirements (one per line) from its role's
    templates."""
    values = {
        "title": f"{level}{role.name}",
        "team": role.team,
        "product": f"our {product}",
        "where": where,
        "skills": ", ".join(skills),
        "years": catalogue().levels[level].years,
    }
    family = role.family
    paragraphs = [
        f"{role.summary} {family.pitch}",
        *rnd.sample(family.paragraphs, k=rnd.randint(1, 2)),
    ]
    lines = [*role.requirements, *rnd.sample(family.requirements, k=2)]
    return JobAd(
        description="\n\n".join(p.format(**values) for p in paragraphs),
        requirements="\n".join(line.format(**values) for line in lines),
    )
