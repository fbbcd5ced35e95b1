"""The site's front door: signed-in users go to the portal, anyone else sees where to go."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hiring.web.deps import codec
from hiring.web.head import public_page
from hiring.web.render import render

router = APIRouter(include_in_schema=False)


@public_page(router, "/")
def home(request: Request) -> Response:
    portal = codec(request).read(request)
    if portal is not None and portal.user_id is not None:
        return RedirectResponse("/admin", status_code=303)
    return render(request, "home.html")
