from hiring.auth.deps import Admin
from hiring.deps import ClientAddress, WebhookSender
from hiring.http import DbSession, Envelope, ListEnvelope, PageParams, api_router, ok, ok_list
from hiring.webhooks import service
from hiring.webhooks.schemas import (
    DeliveryOut,
    WebhookCreate,
    WebhookOut,
    WebhookUpdate,
    WebhookWithSecret,
)

router = api_router("/api/webhooks", tags=["webhooks"])


def _with_secret(endpoint: object, secret: str) -> WebhookWithSecret:
    return WebhookWithSecret.model_validate(
        WebhookOut.model_validate(endpoint).model_dump() | {"secret": secret}
    )


@router.post("", response_model=Envelope[WebhookWithSecret], status_code=201)
def create_webhook(
    body: WebhookCreate,
    session: DbSession,
    admin: Admin,
    sender: WebhookSender,
    ip: ClientAddress,
) -> dict:
    """Add an endpoint receiving the events listed (`["*"]`: all) from now on (admins). The
    answer carries its signing `secret`, shown this once. The URL must be `https` and may not
    point inside the network (loopback, private, link-local): 422."""
    sender.check(body.url)
    endpoint, secret = service.create_endpoint(session, body, admin, sender.signing_key(), ip=ip)
    return ok(_with_secret(endpoint, secret))


@router.get("", response_model=ListEnvelope[WebhookOut])
def list_webhooks(session: DbSession, page: PageParams, _admin: Admin) -> dict:
    """Every endpoint, newest first (admins); secrets are never shown again."""
    rows, total = service.list_endpoints(session, limit=page.limit, offset=page.offset)
    return ok_list([WebhookOut.model_validate(e) for e in rows], total)


@router.get("/{webhook_id}", response_model=Envelope[WebhookOut])
def get_webhook(webhook_id: str, session: DbSession, _admin: Admin) -> dict:
    """One endpoint, with why it was turned off if it was."""
    return ok(WebhookOut.model_validate(service.get_endpoint(session, webhook_id)))


@router.patch("/{webhook_id}", response_model=Envelope[WebhookOut])
def update_webhook(
    webhook_id: str,
    body: WebhookUpdate,
    session: DbSession,
    admin: Admin,
    sender: WebhookSender,
    ip: ClientAddress,
) -> dict:
    """Change the URL (checked as when created), the events, the description, or turn it
    off and on (`active`)."""
    if body.url is not None:
        sender.check(body.url)
    endpoint = service.update_endpoint(session, webhook_id, body, admin, ip=ip)
    return ok(WebhookOut.model_validate(endpoint))


@router.delete("/{webhook_id}", response_model=Envelope[dict])
def delete_webhook(webhook_id: str, session: DbSession, admin: Admin, ip: ClientAddress) -> dict:
    """Delete an endpoint with its delivery log."""
    service.delete_endpoint(session, webhook_id, admin, ip=ip)
    return ok({"id": webhook_id, "deleted": True})


@router.post("/{webhook_id}/test", response_model=Envelope[DeliveryOut], status_code=202)
def test_webhook(webhook_id: str, session: DbSession, _admin: Admin) -> dict:
    """Send a `ping` event to the endpoint; its delivery shows in the log."""
    return ok(DeliveryOut.model_validate(service.ping(session, webhook_id)))


@router.post("/{webhook_id}/rotate-secret", response_model=Envelope[WebhookWithSecret])
def rotate_webhook_secret(
    webhook_id: str, session: DbSession, admin: Admin, sender: WebhookSender, ip: ClientAddress
) -> dict:
    """A new signing secret, shown this once; the old one stops signing at once."""
    endpoint, secret = service.rotate_secret(
        session, webhook_id, admin, sender.signing_key(), ip=ip
    )
    return ok(_with_secret(endpoint, secret))


@router.get("/{webhook_id}/deliveries", response_model=ListEnvelope[DeliveryOut])
def list_deliveries(webhook_id: str, session: DbSession, page: PageParams, _admin: Admin) -> dict:
    """The endpoint's deliveries, newest first: status, attempts, the last response code,
    duration and error, and when the next retry is due."""
    rows, total = service.list_deliveries(session, webhook_id, limit=page.limit, offset=page.offset)
    return ok_list([DeliveryOut.model_validate(d) for d in rows], total)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/retry",
    response_model=Envelope[DeliveryOut],
    status_code=202,
)
def retry_delivery(webhook_id: str, delivery_id: str, session: DbSession, _admin: Admin) -> dict:
    """Send a delivery again now, with the same event id."""
    return ok(DeliveryOut.model_validate(service.retry_delivery(session, webhook_id, delivery_id)))
