"""The `hiring` command for operators."""

import contextlib
import logging
import secrets
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hiring import demo, migrate
from hiring.audit import service as audit
from hiring.auth import service as auth
from hiring.auth.models import Role, User
from hiring.background import attach_webhooks, build_queue
from hiring.candidates import search_index
from hiring.candidates.models import Candidate, Source
from hiring.config import Settings
from hiring.db import make_engine, make_session_factory, unit_of_work
from hiring.enrichment.client import client_from_settings
from hiring.errors import HiringError, Invalid, NotFound
from hiring.files import service as files
from hiring.imports import service as imports
from hiring.imports import uploads
from hiring.imports.jobs import Importer
from hiring.imports.manatal.client import ManatalError, manatal_client
from hiring.imports.manatal.run import ManatalImport, Outcome
from hiring.imports.upsert import Report
from hiring.jobs.models import Job
from hiring.privacy import retention
from hiring.ranking import embedding, embeddings
from hiring.storage import make_storage
from hiring.team import service as team
from hiring.team.service import Actor


def _command_group(help_text: str) -> typer.Typer:
    """A command or group whose help is plain text: Rich markup would print option types
    as ``<bool>``."""
    return typer.Typer(help=help_text, no_args_is_help=True, rich_markup_mode=None)


app = _command_group("Hiring: an applicant tracking system.")
db_app = _command_group("Database schema.")
users_app = _command_group("Users of the API and the admin portal.")
tokens_app = _command_group("API tokens.")
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
files_app = _command_group("Uploaded files.")
app.add_typer(files_app, name="files")
search_app = _command_group("The candidate search index.")
app.add_typer(search_app, name="search")
embeddings_app = _command_group("Candidate embeddings for semantic ranking.")
app.add_typer(embeddings_app, name="embeddings")
import_app = _command_group("Importing candidates from files and from Manatal.")
app.add_typer(import_app, name="import")
retention_app = typer.Typer(help="Erasing people kept past the retention period.")
app.add_typer(retention_app, name="retention")

DEFAULT_ADMIN = "admin@example.com"


def _sessions(settings: Settings):  # type: ignore[no-untyped-def]
    return make_session_factory(
        make_engine(settings.database_url), phone_region=settings.phone_region
    )


def _fail(error: HiringError) -> NoReturn:
    typer.secho(f"Error: {error.message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes")] = 1,
) -> None:
    """Serve the API, the admin portal and the careers page."""
    import uvicorn

    uvicorn.run(
        "hiring.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # Forwarded headers are trusted by the app itself, only from HIRING_TRUSTED_PROXIES:
        # uvicorn's own default would trust any local process (see create_app).
        proxy_headers=False,
    )


@app.command()
def worker(
    workers: Annotated[int, typer.Option(min=1, max=64, help="Jobs run at once (threads)")] = 2,
) -> None:
    """Run background jobs from the shared queue (HIRING_QUEUE_URL) until stopped: SIGTERM
    or SIGINT gives the jobs in hand 10 seconds to finish, then queues them again."""
    settings = Settings()
    logging.basicConfig(level=settings.log_level)
    if settings.queue_url.startswith("memory://"):
        typer.secho("Error: a memory:// queue runs jobs inside the server", fg="red", err=True)
        raise typer.Exit(1)
    sessions = _sessions(settings)
    queue = build_queue(settings, sessions, client_from_settings(settings))
    attach_webhooks(settings, sessions, queue)
    queue.consumer(workers, embedded=False).run()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations."""
    migrate.upgrade(Settings().database_url)
    typer.echo("Database is up to date.")


@app.command("demo-data")
def demo_data(
    candidates: Annotated[int, typer.Option(min=0, help="Candidates to create")] = 3_000,
    jobs: Annotated[int, typer.Option(min=0, help="Jobs to create")] = 36,
    seed: Annotated[int, typer.Option(help="Same seed, same data (on the same day)")] = 42,
) -> None:
    """Add realistic demo data, committed in batches (a million candidates take minutes)."""
    sessions = _sessions(Settings())
    started = time.perf_counter()
    with typer.progressbar(length=candidates, label="Candidates", show_pos=True) as bar:
        counts = demo.load(
            sessions, candidates=candidates, jobs=jobs, seed=seed, progress=bar.update
        )
    typer.echo(", ".join(f"{n} {k}" for k, n in counts.items()))
    typer.echo(f"in {time.perf_counter() - started:.1f}s")


# Said, never asked: `make run` must go on to serve without anyone at the keyboard.
COMPANY_NAME_TIP = (
    "Careers page: no employer name set; to show one, set "
    'HIRING_COMPANY_NAME="Your Company" (e.g. HIRING_COMPANY_NAME="Acme Ltd" make run).'
)


@app.command()
def setup() -> None:
    """First-run setup: migrate; on an empty database add demo data and an admin with a token."""
    settings = Settings()
    migrate.upgrade(settings.database_url)
    sessions = _sessions(settings)
    with unit_of_work(sessions) as session:
        empty = not session.scalar(select(func.count()).select_from(Job)) and not session.scalar(
            select(func.count()).select_from(Candidate)
        )
        if empty:
            typer.echo("Empty database: adding demo data…")
            counts = demo.generate(session)
            typer.echo(", ".join(f"{n} {k}" for k, n in counts.items()))
        if auth.count_users(session) == 0:
            password = secrets.token_urlsafe(12)
            user = auth.create_user(session, DEFAULT_ADMIN, password, Role.admin)
            token, plaintext = auth.create_token(session, user, "first-run")
            audit.account_changed(
                session, audit.USER_CREATED, user, actor=None, label=audit.CLI_LABEL
            )
            audit.account_changed(
                session, audit.TOKEN_CREATED, token, actor=None, label=audit.CLI_LABEL
            )
            typer.echo("")
            typer.secho("Admin user created (shown once, keep it):", bold=True)
            typer.echo(f"  email:    {DEFAULT_ADMIN}")
            typer.echo(f"  password: {password}")
            typer.echo(f"  token:    {plaintext}")
            typer.echo(
                f"  try: curl -H 'Authorization: Bearer {plaintext}' http://127.0.0.1:8000/api/jobs"
            )
            typer.echo("")
    if not settings.company_name:
        typer.echo(COMPANY_NAME_TIP)


@users_app.command("create")
def users_create(
    email: str,
    password: Annotated[
        str | None,
        typer.Option(help="At least 8 characters; asked for (hidden, twice) when left out"),
    ] = None,
    role: Annotated[Role, typer.Option(help="admin, recruiter or viewer")] = Role.recruiter,
) -> None:
    """Create a user."""
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with unit_of_work(_sessions(Settings())) as session:
            user = auth.create_user(session, email, password, role)
            audit.account_changed(
                session, audit.USER_CREATED, user, actor=None, label=audit.CLI_LABEL
            )
            typer.echo(f"Created {user.role} {user.email} ({user.id})")
    except HiringError as error:
        _fail(error)


@users_app.command("list")
def users_list() -> None:
    """List users."""
    with unit_of_work(_sessions(Settings()), write=False) as session:
        for user in auth.list_users(session):
            state = "" if user.is_active else " (inactive)"
            typer.echo(f"{user.id}\t{user.email}\t{user.role}{state}")


def _change_member(email: str, change: Callable[[Session, Actor, User], User]) -> User:
    """Apply ``change`` to the user with ``email``, recorded as done from the CLI."""
    try:
        with unit_of_work(_sessions(Settings())) as session:
            user = change(session, Actor(None), team.find_member(session, email))
    except HiringError as error:
        _fail(error)
    return user


@users_app.command("role")
def users_role(
    email: str,
    role: Annotated[Role, typer.Argument(help="admin, recruiter or viewer")],
) -> None:
    """Change a user's role (the last active admin keeps theirs)."""

    def to_role(session: Session, actor: Actor, user: User) -> User:
        return team.change_role(session, actor, user, role)

    user = _change_member(email, to_role)
    typer.echo(f"{user.email} is now {user.role}")


@users_app.command("deactivate")
def users_deactivate(email: str) -> None:
    """Take a user's access away at once: portal sessions end, API tokens are revoked."""
    user = _change_member(email, team.deactivate)
    typer.echo(f"Deactivated {user.email}")


@users_app.command("reactivate")
def users_reactivate(email: str) -> None:
    """Let a deactivated user sign in again with their password."""
    user = _change_member(email, team.reactivate)
    typer.echo(f"Reactivated {user.email}")


@tokens_app.command("create")
def tokens_create(
    email: str,
    name: Annotated[str, typer.Option(help="What the token is for")] = "default",
) -> None:
    """Create an API token for a user; the token is the last line printed."""
    with unit_of_work(_sessions(Settings())) as session:
        user = auth.get_user_by_email(session, email)
        if user is None:
            typer.secho(f"Error: no user with email {email}", fg=typer.colors.RED, err=True)
            raise typer.Exit(1)
        token, plaintext = auth.create_token(session, user, name)
        audit.account_changed(
            session, audit.TOKEN_CREATED, token, actor=None, label=audit.CLI_LABEL
        )
    typer.echo(f"Token {token.prefix}… for {user.email} (shown once):")
    typer.echo(plaintext)


@tokens_app.command("revoke")
def tokens_revoke(
    token: Annotated[
        str | None, typer.Argument(help="The token, or its first 12 characters")
    ] = None,
    email: Annotated[str | None, typer.Option(help="Revoke every token of this user")] = None,
) -> None:
    """Revoke one token, or all tokens of a user."""
    try:
        with unit_of_work(_sessions(Settings())) as session:
            revoked = auth.revoke_tokens(session, token_prefix=token, email=email)
            for each in revoked:
                audit.account_changed(
                    session, audit.TOKEN_REVOKED, each, actor=None, label=audit.CLI_LABEL
                )
    except HiringError as error:
        _fail(error)
    if not revoked:
        typer.secho("Error: no such token, or it was revoked already", fg="red", err=True)
        raise typer.Exit(1)
    typer.echo(f"Revoked {len(revoked)} token(s).")


@tokens_app.command("list")
def tokens_list(
    email: Annotated[str | None, typer.Option(help="Only this user's tokens")] = None,
) -> None:
    """List the tokens that still work: prefix, name, owner, created."""
    try:
        with unit_of_work(_sessions(Settings()), write=False) as session:
            rows = auth.live_tokens(session, email=email)
            for token, owner in rows:
                created = token.created_at.strftime("%Y-%m-%d %H:%M")
                typer.echo(f"{token.prefix}…\t{token.name}\t{owner}\t{created}")
    except HiringError as error:
        _fail(error)


@files_app.command("sweep")
def files_sweep(
    older_than_minutes: Annotated[
        int, typer.Option(min=1, help="Spare objects written more recently (uploads in flight)")
    ] = 60,
) -> None:
    """Remove stored objects that no file record points to, and import uploads never
    imported a day after they were sent."""
    settings = Settings()
    with unit_of_work(_sessions(settings), write=False) as session:
        removed = files.sweep_orphans(
            session, make_storage(settings), older_than=timedelta(minutes=older_than_minutes)
        )
    removed += uploads.sweep(make_storage(settings))
    for key in removed:
        typer.echo(f"removed {key}")
    typer.echo(f"{len(removed)} orphaned objects removed.")


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[
        bool, typer.Option(help="List who would be erased and why; change nothing")
    ] = False,
) -> None:
    """Erase the candidates with no activity for HIRING_RETENTION_MONTHS who are neither hired
    nor placed nor in an active pipeline of an open job (the daily run does the same)."""
    settings = Settings()
    months = settings.retention_months
    if not months:
        typer.secho("Retention is off: set HIRING_RETENTION_MONTHS.", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    sessions = _sessions(settings)
    if dry_run:
        count = 0
        for due in retention.list_due(sessions, months):
            typer.echo(f"{due.id}\t{due.name}\t{due.why(months)}")
            count += 1
        typer.echo(f"{count} candidates would be erased (dry run: nothing changed).")
        return
    erased = retention.erase_due(sessions, make_storage(settings), months)
    for candidate_id in erased:
        typer.echo(f"erased {candidate_id}")
    typer.echo(f"{len(erased)} candidates erased.")


@search_app.command("rebuild")
def search_rebuild() -> None:
    """Rebuild the full-text index and the skill/tag/language index from the candidates
    (after a bulk load with the triggers off, or to repair a suspect index)."""
    with unit_of_work(_sessions(Settings())) as session:
        count = search_index.rebuild(session.connection())
    typer.echo(f"Search index rebuilt: {count} candidates.")


@embeddings_app.command("rebuild")
def embeddings_rebuild() -> None:
    """Embed every candidate whose embedding is missing or out of date (after an upgrade, a
    bulk load, or a new model); the scheduled job keeps them current afterwards."""
    model = embedding.model()
    if model is None:
        _fail(Invalid("The semantic extra is not installed: ranking uses words only"))
    sessions = _sessions(Settings())
    with unit_of_work(sessions, write=False) as session:
        stale = embeddings.count_stale(session, model.name)
    with typer.progressbar(length=stale, label="Embedding", show_pos=True) as bar:
        embedded = embeddings.refresh_stale(sessions, model, progress=bar.update)
    typer.echo(f"{stale} candidates checked, {embedded} embedded (the others' text was unchanged).")


@import_app.command("candidates")
def import_candidates(
    file: Annotated[Path, typer.Argument(help="A CSV file or an XLSX workbook")],
    dry_run: Annotated[bool, typer.Option(help="Check and count, write nothing")] = False,
    mapping: Annotated[
        Path | None,
        typer.Option(help="A JSON file: column → field, or null to leave a column out"),
    ] = None,
    source: Annotated[Source, typer.Option(help="The source of rows without one")] = Source.direct,
    user: Annotated[str, typer.Option(help="Who the import is recorded as")] = DEFAULT_ADMIN,
) -> None:
    """Import candidates from a file, as POST /api/imports/candidates does (any size, in
    batches). Exits 1 when the file cannot be read at all; bad rows are listed, not fatal."""
    settings = Settings()
    sessions = _sessions(settings)
    try:
        data = file.read_bytes()
        columns = imports.parse_mapping(mapping.read_text() if mapping else None)
    except OSError as error:
        typer.secho(f"Error: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from error
    try:
        with unit_of_work(sessions, write=False) as session:
            actor = auth.get_user_by_email(session, user)
        if actor is None:
            raise NotFound(f"No user {user}; pass --user with a user's email")
        table = imports.open_file(data, columns, imports.read_limits(settings))
    except HiringError as error:
        _fail(error)
    options = imports.ImportOptions(file.name, source.value, columns, dry_run)
    importer = Importer(sessions, make_storage(settings), settings)
    with typer.progressbar(length=table.rows, label="Importing", file=sys.stderr) as bar:

        def advance(report: Report) -> None:
            bar.update(report.rows - bar.pos)

        shown = importer.import_now(actor, table, options, on_batch=advance)
    report = shown.report
    typer.echo(f"{'Dry run: ' if dry_run else ''}{report.rows} rows")
    typer.echo(
        f"created {report.created}, updated {report.updated}, "
        f"skipped {report.skipped}, failed {report.failed}"
    )
    for row_error in report.errors:
        typer.echo(f"row {row_error.row}: {row_error.field}: {row_error.message}")
    if report.errors_total > len(report.errors):
        typer.echo(f"... {report.errors_total - len(report.errors)} more errors")


@import_app.command("manatal")
def import_manatal(
    dry_run: Annotated[bool, typer.Option(help="Read and count, write nothing")] = False,
    resumes: Annotated[bool, typer.Option(help="Fetch and store each resume")] = True,
    user: Annotated[str, typer.Option(help="Who the import is recorded as")] = DEFAULT_ADMIN,
) -> None:
    """Import every candidate of a Manatal account through its Open API v3 (token in
    MANATAL_API_TOKEN, base URL in HIRING_MANATAL_BASE_URL). Run it again to bring changes:
    people imported before are matched by their Manatal id and only gain what they lack."""
    settings = Settings()
    sessions = _sessions(settings)
    try:
        with unit_of_work(sessions, write=False) as session:
            actor = auth.get_user_by_email(session, user)
        if actor is None:
            raise NotFound(f"No user {user}; pass --user with a user's email")
    except HiringError as error:
        _fail(error)
    stack = contextlib.ExitStack()
    bars: list[Any] = []

    def start(total: int) -> None:
        # The bar's length is Manatal's count, known from the first page.
        bar = typer.progressbar(length=total, label="Importing", file=sys.stderr)
        bars.append(stack.enter_context(bar))

    def advance(outcome: Outcome) -> None:
        for bar in bars:
            bar.update(outcome.report.rows - bar.pos)

    try:
        with stack, manatal_client(settings) as client:
            importer = ManatalImport(sessions, make_storage(settings), settings, client)
            outcome = importer.run(
                actor, dry_run=dry_run, with_resumes=resumes, on_start=start, on_page=advance
            )
    except ManatalError as error:
        typer.secho(f"Error: {error.message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from error
    _print_manatal(outcome, dry_run=dry_run)
    if outcome.error is not None:
        typer.secho(f"Error: {outcome.error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)


def _print_manatal(outcome: Outcome, *, dry_run: bool) -> None:
    report = outcome.report
    typer.echo(f"{'Dry run: ' if dry_run else ''}{report.rows} of {outcome.total} candidates")
    typer.echo(
        f"created {report.created}, updated {report.updated}, "
        f"skipped {report.skipped}, failed {report.failed}"
    )
    if not dry_run:
        typer.echo(f"resumes stored {outcome.resumes}")
    if outcome.import_id:
        typer.echo(f"import {outcome.import_id}")
    for row_error in report.errors:
        manatal_id = outcome.ids.get(row_error["row"], "?")
        typer.echo(f"Manatal candidate {manatal_id}: {row_error['field']}: {row_error['message']}")
    for message in outcome.resume_errors:
        typer.echo(f"resume not stored: {message}")
