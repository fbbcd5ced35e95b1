"""Machine-read views of the careers pages: the job feed job boards fetch (Indeed's XML format),
the sitemap and robots.txt search engines read.

Job boards and sitemaps take absolute URLs only, built from ``HIRING_PUBLIC_URL`` (never the
request's Host header): without it the feed and the sitemap answer 404 saying so, and
robots.txt names no sitemap. Formats: see docs/job-feeds.md."""

import io
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hiring.config import Settings
from hiring.countries import place_of
from hiring.deps import settings_of
from hiring.errors import NotFound
from hiring.http import DbSession
from hiring.jobs import service
from hiring.jobs.models import JobType
from hiring.jobs.schemas import JobAd
from hiring.web.head import public_page
from hiring.web.postings import full_description, job_url, pay_text

router = APIRouter(include_in_schema=False)

XML_TYPE = "application/xml; charset=utf-8"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Indeed's <jobtype> words for our job types.
INDEED_JOB_TYPES = {
    JobType.full_time: "fulltime",
    JobType.part_time: "parttime",
    JobType.contract: "contract",
}
# Characters XML 1.0 cannot carry at all, escaped or not (control characters, lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XmlWriter:
    """Elements written by the standard library's XMLGenerator (which escapes text and
    attributes); CDATA sections written here, with ``]]>`` split across two sections."""

    def __init__(self) -> None:
        self.out = io.StringIO()
        # Tags are written at once (no pending "<tag/>"), so a CDATA section can follow.
        self.xml = XMLGenerator(self.out, encoding="utf-8", short_empty_elements=False)
        self.xml.startDocument()

    def start(self, name: str, attributes: dict[str, str] | None = None) -> None:
        self.xml.startElement(name, AttributesImpl(attributes or {}))

    def end(self, name: str) -> None:
        self.xml.endElement(name)

    def text(self, name: str, value: str) -> None:
        self.start(name)
        self.xml.characters(_NOT_XML.sub("", value))
        self.end(name)

    def cdata(self, name: str, value: str) -> None:
        self.start(name)
        safe = _NOT_XML.sub("", value).replace("]]>", "]]]]><![CDATA[>")
        self.out.write(f"<![CDATA[{safe}]]>")
        self.end(name)

    def document(self) -> bytes:
        self.xml.endDocument()
        return self.out.getvalue().encode("utf-8")


def _public_url(settings: Settings, what: str) -> str:
    if not settings.public_url:
        raise NotFound(
            f"The {what} needs absolute links: set HIRING_PUBLIC_URL to the site's public address"
        )
    return settings.public_url


def _open_jobs(session: DbSession) -> list[JobAd]:
    return [JobAd.model_validate(job) for job in service.open_jobs(session)]


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _last_change(jobs: Iterable[JobAd]) -> datetime:
    return max(
        (job.updated_at.replace(tzinfo=job.updated_at.tzinfo or UTC) for job in jobs),
        default=datetime.now(UTC),
    )


def _indeed_job(writer: XmlWriter, job: JobAd, settings: Settings, base: str) -> None:
    writer.start("job")
    writer.cdata("title", job.title)
    writer.cdata("date", _timestamp(job.created_at))
    writer.cdata("referencenumber", job.id)
    writer.cdata("requisitionid", job.id)
    writer.cdata("url", job_url(base, job.id))
    writer.cdata("company", settings.company_name)
    writer.cdata("city", "" if job.is_remote else place_of(job.location) or "")
    writer.cdata("country", job.country or "")
    writer.cdata("description", full_description(job))
    writer.cdata("salary", pay_text(job) or "")
    writer.cdata("jobtype", INDEED_JOB_TYPES[job.job_type])
    if job.public_department:
        writer.cdata("category", job.public_department)
    if job.is_remote:
        writer.cdata("remotetype", "Fully remote")
    writer.end("job")


@public_page(router, "/careers/feed.xml")
def job_feed(request: Request, session: DbSession) -> Response:
    """Every open job in Indeed's XML feed format."""
    settings = settings_of(request)
    base = _public_url(settings, "job feed")
    jobs = _open_jobs(session)
    writer = XmlWriter()
    writer.start("source")
    writer.text("publisher", settings.company_name)
    writer.text("publisherurl", settings.company_url or f"{base}/careers")
    writer.text("lastBuildDate", _timestamp(_last_change(jobs)))
    for job in jobs:
        _indeed_job(writer, job, settings, base)
    writer.end("source")
    return Response(writer.document(), media_type=XML_TYPE)


@public_page(router, "/sitemap.xml")
def sitemap(request: Request, session: DbSession) -> Response:
    """The careers page and each open job's page, with when each last changed."""
    base = _public_url(settings_of(request), "sitemap")
    jobs = _open_jobs(session)
    pages = [(f"{base}/careers", _last_change(jobs))]
    pages += [(job_url(base, job.id), job.updated_at) for job in jobs]
    writer = XmlWriter()
    writer.start("urlset", {"xmlns": SITEMAP_NAMESPACE})
    for location, changed in pages:
        writer.start("url")
        writer.text("loc", location)
        writer.text("lastmod", _timestamp(changed))
        writer.end("url")
    writer.end("urlset")
    return Response(writer.document(), media_type=XML_TYPE)


@public_page(router, "/robots.txt")
def robots(request: Request) -> Response:
    """Crawlers may read the careers pages, never the portal or the API."""
    lines = ["User-agent: *", "Allow: /careers", "Disallow: /admin", "Disallow: /api"]
    public_url = settings_of(request).public_url
    if public_url:
        lines.append(f"Sitemap: {public_url}/sitemap.xml")
    return Response("\n".join(lines) + "\n", media_type="text/plain; charset=utf-8")
