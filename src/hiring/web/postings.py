"""A job as search engines and job boards read it: Google's JobPosting data (schema.org JSON-LD)
and the words of the job feeds. Built from the public fields of a job (``JobAd``) only.

Google's list of required and recommended properties:
https://developers.google.com/search/docs/appearance/structured-data/job-posting
"""

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from hiring.config import Settings
from hiring.countries import place_of
from hiring.jobs.models import JobType
from hiring.jobs.schemas import JobAd

# schema.org employmentType values for our job types.
EMPLOYMENT_TYPES = {
    JobType.full_time: "FULL_TIME",
    JobType.part_time: "PART_TIME",
    JobType.contract: "CONTRACTOR",
}


def job_url(base: str, job_id: str) -> str:
    """A job's careers page below ``base`` (the public URL, or "" for a relative link)."""
    return f"{base}/careers/{quote(job_id, safe='')}"


def applicant_countries(job: JobAd, company_country: str | None) -> list[str]:
    """Where applicants to a remote job may live: the job's own list, else its country, else
    the employer's (``HIRING_COMPANY_COUNTRY``)."""
    if job.remote_countries:
        return job.remote_countries
    country = job.country or company_country
    return [country] if country else []


def full_description(job: JobAd) -> str:
    """The whole text of a posting: its description and requirements (Google wants both)."""
    return "\n\n".join(part for part in (job.description, job.requirements) if part) or job.title


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _amounts(job: JobAd) -> list[int | float]:
    """The pay's one amount or its lowest and highest (the same amount twice is one)."""
    values = (job.salary_min, job.salary_max)
    return list(dict.fromkeys(_amount(value) for value in values if value is not None))


def pay_text(job: JobAd) -> str | None:
    """The structured pay for people: "60,000 - 80,000 EUR per year"; None without pay."""
    amounts = _amounts(job)
    if not amounts:
        return None
    span = " - ".join(f"{amount:,}" for amount in amounts)
    return f"{span} {job.salary_currency} per {job.salary_period}"


def _base_salary(job: JobAd) -> dict[str, Any] | None:
    amounts = _amounts(job)
    if not amounts:
        return None
    value: dict[str, Any] = {
        "@type": "QuantitativeValue",
        "unitText": f"{job.salary_period}".upper(),
    }
    if len(amounts) == 1:
        value["value"] = amounts[0]
    else:
        value["minValue"], value["maxValue"] = amounts
    return {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}


def _organization(settings: Settings) -> dict[str, Any] | None:
    """The employer, only when ``HIRING_COMPANY_NAME`` names it: a made-up name would be
    published as the employer of every job (Google then reports the property missing)."""
    if not settings.company_name:
        return None
    organization: dict[str, Any] = {"@type": "Organization", "name": settings.company_name}
    if settings.company_url:
        organization["sameAs"] = settings.company_url
    if settings.company_logo_url:
        organization["logo"] = settings.company_logo_url
    return organization


def job_posting(job: JobAd, settings: Settings, url: str | None) -> dict[str, Any]:
    """schema.org JobPosting data for search engines; ``url`` only when it is absolute (from
    the configured public URL)."""
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": full_description(job),
        "datePosted": job.created_at.date().isoformat(),
        "employmentType": EMPLOYMENT_TYPES[job.job_type],
        "identifier": {"@type": "PropertyValue", "value": job.id},
        # Applications are made on the posting's own page.
        "directApply": True,
    }
    organization = _organization(settings)
    if organization:
        if job.public_department:
            # schema.org's Organization.department: the part of the employer that hires.
            department = {"@type": "Organization", "name": job.public_department}
            organization["department"] = department
        posting["hiringOrganization"] = organization
        posting["identifier"]["name"] = settings.company_name
    if url:
        posting["url"] = url
    if job.valid_through:
        posting["validThrough"] = job.valid_through.isoformat()
    if job.is_remote:
        posting["jobLocationType"] = "TELECOMMUTE"
        countries = applicant_countries(job, settings.company_country)
        if countries:
            posting["applicantLocationRequirements"] = [
                {"@type": "Country", "name": code} for code in countries
            ]
    else:
        address: dict[str, Any] = {"@type": "PostalAddress"}
        locality = place_of(job.location)
        if locality:
            address["addressLocality"] = locality
        if job.country:
            address["addressCountry"] = job.country
        posting["jobLocation"] = {"@type": "Place", "address": address}
    salary = _base_salary(job)
    if salary:
        posting["baseSalary"] = salary
    return posting
