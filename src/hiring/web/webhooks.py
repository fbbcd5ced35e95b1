"""The portal's Webhooks page (admins only): the endpoints with their state, adding one (its
signing secret shown once), editing, deleting, rotating the secret, a test ping, and an
endpoint's recent deliveries with a Retry button. Calls the webhooks service, as the API does,
so the same rules (the URL guard, known event types) and the same audit entries apply."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from hiring.deps import WebhookSender, client_address
from hiring.errors import HiringError
from hiring.events.service import EVENT_TYPES
from hiring.http import DbSession
from hiring.web.deps import Form, PortalAdmin
from hiring.web.forms import service_errors, typed, validate
from hiring.web.render import Pager, page_number, render
from hiring.webhooks import service
from hiring.webhooks.models import WebhookEndpoint
from hiring.webhooks.schemas import ALL_EVENTS, WebhookCreate, WebhookUpdate

router = APIRouter(prefix="/webhooks")

LIST_LIMIT = 200
DELIVERIES_PAGE = 25
NOTICES = {
    "deleted": "Webhook deleted, with its delivery log.",
    "saved": "Webhook saved.",
    "ping": "A ping event is on its way: its delivery shows below.",
    "retried": "The delivery is being sent again, with the same event id.",
}
NO_EVENTS = "Choose at least one event type, or All events"


def _events(form: FormData) -> list[str]:
    """The ticked event types; "All events" stands for every one, whatever else is ticked."""
    chosen = [value for value in form.getlist("events") if isinstance(value, str)]
    return [ALL_EVENTS] if ALL_EVENTS in chosen else chosen


def _values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: v.strip() for k, v in typed(form, ("url", "description")).items()}
    values["events"] = _events(form)
    return values


def _notice(request: Request) -> str | None:
    return NOTICES.get(request.query_params.get("done", ""))


def _list_page(
    request: Request,
    session: Session,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    created: tuple[WebhookEndpoint, str] | None = None,
    status: int = 200,
) -> Response:
    endpoints, total = service.list_endpoints(session, limit=LIST_LIMIT)
    context = {
        "active": "webhooks",
        "endpoints": endpoints,
        "total": total,
        "last": service.last_deliveries(session, [e.id for e in endpoints]),
        "event_types": EVENT_TYPES,
        "all_events": ALL_EVENTS,
        "values": values or {"events": [ALL_EVENTS]},
        "errors": errors or {},
        "created": created,
        "notice": _notice(request),
    }
    return render(request, "admin/webhooks.html", context, status=status)


def _endpoint_page(
    request: Request,
    session: Session,
    endpoint: WebhookEndpoint,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    secret: str | None = None,
    status: int = 200,
) -> Response:
    page = page_number(request)
    deliveries, total = service.list_deliveries(
        session, endpoint.id, limit=DELIVERIES_PAGE, offset=(page - 1) * DELIVERIES_PAGE
    )
    shown = values or {
        "url": endpoint.url,
        "description": endpoint.description or "",
        "events": endpoint.events,
        "active": endpoint.active,
    }
    context = {
        "active": "webhooks",
        "endpoint": endpoint,
        "deliveries": deliveries,
        "pager": Pager(page, DELIVERIES_PAGE, total),
        "event_types": EVENT_TYPES,
        "all_events": ALL_EVENTS,
        "values": shown,
        "errors": errors or {},
        "secret": secret,
        "notice": _notice(request),
    }
    return render(request, "admin/webhook.html", context, status=status)


def _done(endpoint_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/admin/webhooks/{endpoint_id}?done={done}", status_code=303)


@router.get("")
def webhooks(request: Request, session: DbSession, _admin: PortalAdmin) -> Response:
    return _list_page(request, session)


@router.post("")
def add_webhook(
    request: Request, session: DbSession, admin: PortalAdmin, form: Form, sender: WebhookSender
) -> Response:
    values = _values(form)
    if not values["events"]:
        errors = {"events": NO_EVENTS}
        return _list_page(request, session, values=values, errors=errors, status=422)
    payload = {k: v for k, v in values.items() if v}
    data, errors = validate(WebhookCreate, payload)
    if data is None:
        return _list_page(request, session, values=values, errors=errors, status=422)
    try:
        sender.check(data.url)
        created = service.create_endpoint(
            session, data, admin, sender.signing_key(), ip=client_address(request)
        )
    except HiringError as error:
        errors = service_errors(session, error)
        return _list_page(request, session, values=values, errors=errors, status=error.status_code)
    # Shown on this answer only: the secret is never stored, nor shown again.
    return _list_page(request, session, created=created)


@router.get("/{endpoint_id}")
def webhook(
    endpoint_id: str, request: Request, session: DbSession, _admin: PortalAdmin
) -> Response:
    return _endpoint_page(request, session, service.get_endpoint(session, endpoint_id))


@router.post("/{endpoint_id}")
def edit_webhook(
    endpoint_id: str,
    request: Request,
    session: DbSession,
    admin: PortalAdmin,
    form: Form,
    sender: WebhookSender,
) -> Response:
    endpoint = service.get_endpoint(session, endpoint_id)
    values = _values(form) | {"active": form.get("active") == "1"}
    if not values["events"]:
        errors = {"events": NO_EVENTS}
        return _endpoint_page(request, session, endpoint, values=values, errors=errors, status=422)
    data, errors = validate(WebhookUpdate, values | {"description": values["description"] or None})
    if data is None:
        return _endpoint_page(request, session, endpoint, values=values, errors=errors, status=422)
    try:
        if data.url != endpoint.url:
            sender.check(data.url)
        service.update_endpoint(session, endpoint_id, data, admin, ip=client_address(request))
    except HiringError as error:
        errors = service_errors(session, error)
        return _endpoint_page(
            request, session, endpoint, values=values, errors=errors, status=error.status_code
        )
    return _done(endpoint_id, "saved")


@router.post("/{endpoint_id}/delete")
def delete_webhook(
    endpoint_id: str, request: Request, session: DbSession, admin: PortalAdmin, _form: Form
) -> Response:
    service.delete_endpoint(session, endpoint_id, admin, ip=client_address(request))
    return RedirectResponse("/admin/webhooks?done=deleted", status_code=303)


@router.post("/{endpoint_id}/rotate-secret")
def rotate_secret(
    endpoint_id: str,
    request: Request,
    session: DbSession,
    admin: PortalAdmin,
    _form: Form,
    sender: WebhookSender,
) -> Response:
    endpoint, secret = service.rotate_secret(
        session, endpoint_id, admin, sender.signing_key(), ip=client_address(request)
    )
    return _endpoint_page(request, session, endpoint, secret=secret)


@router.post("/{endpoint_id}/test")
def send_ping(endpoint_id: str, session: DbSession, _admin: PortalAdmin, _form: Form) -> Response:
    service.ping(session, endpoint_id)
    return _done(endpoint_id, "ping")


@router.post("/{endpoint_id}/deliveries/{delivery_id}/retry")
def retry_delivery(
    endpoint_id: str, delivery_id: str, session: DbSession, _admin: PortalAdmin, _form: Form
) -> Response:
    service.retry_delivery(session, endpoint_id, delivery_id)
    return _done(endpoint_id, "retried")
