"""The read API, /api/v1/: one router per domain, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every answer under /api/ is JSON, errors included: `{"detail": "..."}` in the visitor's language.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError, ValidationError

from pim.api import events, places, plans, programmes, recommendations
from pim.api.docs import OfflineSwagger

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Public, read-only data of the Partnerska Inicjatywa Miast (PIM) programme.

**Lists** take `limit` (1-100, default 50) and `offset` and answer `{"count": <total>, "items": [...]}`.
Filters are query parameters; slugs are the ones in the portal's addresses.

`/api/v1/` itself answers a small JSON index with the addresses of this description and of the docs.

**Errors** are JSON with a `detail` message, in Polish unless the visitor chose English on the portal:

* `404`: `{"detail": "No network with slug='...'."}`; an unknown address under `/api/` gets one too.
* `405`: a method the address does not take (this API only reads: `GET`); the `Allow` header lists the
  methods it does take.
* `422`: a parameter was refused: `{"detail": "Invalid request parameters.", "errors": [{"location": "query",
  "field": "limit", "message": "Input should be less than or equal to 100", "type": "less_than_equal"}]}`
* `401` / `403`: reserved for later write endpoints.
* `500`: `{"detail": "Internal server error."}`: a bug on our side, logged.
"""

api = NinjaAPI(
    title="PIM API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=OfflineSwagger(),
    # The schema and the docs page are read-only: any other method gets the JSON 405 (see `urls`).
    docs_decorator=require_GET,
)

for module in (programmes, places, plans, events, recommendations):
    api.add_router("/", module.router)

# Added last so it matches only what no router does: a mistyped address under /api/v1/ gets the same JSON
# 404 as a missing object, not the portal's HTML error page.
fallback = Router()


@fallback.get("/", include_in_schema=False)
def index(request: HttpRequest) -> dict[str, str]:
    """/api/v1/ itself: where a client finds the description and the docs, instead of a 404."""
    return {
        "title": api.title,
        "version": api.version,
        "description": gettext("Public, read-only data of the Partnerska Inicjatywa Miast (PIM) programme."),
        "openapi": reverse("api:openapi-json"),
        "docs": reverse("api:openapi-view"),
    }


# Every method, so that an unknown address is a 404 whatever the method, never a 405.
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


@fallback.api_operation(ANY_METHOD, "/{path:path}", include_in_schema=False)
def unknown_endpoint(request: HttpRequest, path: str) -> HttpResponse:
    raise Http404(_no_endpoint_message(request))


api.add_router("/", fallback)


def _no_endpoint_message(request: HttpRequest) -> str:
    return gettext("No API endpoint at %(path)s; the operations are listed at %(docs)s.") % {
        "path": request.path,
        "docs": reverse("api:openapi-view"),
    }


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@csrf_exempt
def unknown_api_path(request: HttpRequest) -> HttpResponse:
    """Any address under /api/ outside /api/v1/ (another version, a typo): the same JSON 404."""
    return _error(request, 404, _no_endpoint_message(request))


def _method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    response = _error(
        request,
        405,
        gettext("Method %(method)s is not allowed at %(path)s; allowed: %(allowed)s.")
        % {"method": request.method, "path": request.path, "allowed": ", ".join(allowed)},
    )
    response["Allow"] = ", ".join(allowed)
    return response


def _json_405[V: Callable[..., HttpResponse]](view: V) -> V:
    # ninja answers a method no operation of the path takes with a plain-text HttpResponseNotAllowed, and
    # offers no hook for it (it is not an exception), so the answer is replaced on its way out.
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # HEAD is GET without the body (RFC 9110 §9.3.2); ninja routes no HEAD, so it is answered as a GET.
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if isinstance(response, HttpResponseNotAllowed):
            allowed = {m.strip() for m in response["Allow"].split(",")}
            if "GET" in allowed:
                allowed.add("HEAD")
            return _method_not_allowed(request, sorted(allowed))
        if head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    # ninja's operations are exempt already; the schema and docs views are not, and a POST to them would
    # get the CSRF failure page (HTML 403) instead of the JSON 405. Nothing here writes.
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def urls() -> tuple[list[URLPattern], str, str]:
    """`api.urls` for config/urls.py, with every 405 answered as JSON with an `Allow` header."""
    patterns, app_name, namespace = api.urls
    wrapped = [URLPattern(p.pattern, _json_405(p.callback), p.default_args, p.name) for p in patterns]
    return wrapped, app_name, namespace


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or gettext("Not found."))


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        # ninja's loc is (source, [schema argument,] field), e.g. ("query", "filters", "edition").
        loc = [str(part) for part in error.get("loc", ())]
        errors.append(
            {
                "location": loc[0] if loc else "",
                "field": loc[-1] if len(loc) > 1 else "",
                "message": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return api.create_response(
        request, {"detail": gettext("Invalid request parameters."), "errors": errors}, status=422
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # ninja raises it bare (message "Unauthorized") when an operation's `auth` refuses the request.
    return _error(request, 401, gettext("Authentication required: log in or send valid credentials."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or gettext("Permission denied."))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The last resort: a client still gets JSON, and the traceback goes to the log, not to the client.
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return _error(request, 500, gettext("Internal server error."))
