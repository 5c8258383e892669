"""The read API, /api/v1/: one router per domain, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, ValidationError

from pim.api import events, places, plans, programmes, recommendations
from pim.api.docs import OfflineSwagger

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Public, read-only data of the Partnerska Inicjatywa Miast (PIM) programme.

**Lists** take `limit` (1-100, default 50) and `offset` and answer `{"count": <total>, "items": [...]}`.
Filters are query parameters; slugs are the ones in the portal's addresses.

**Errors** are JSON with a `detail` message:

* `404`: `{"detail": "No network with slug='...'."}`
* `422`: a parameter was refused: `{"detail": "Invalid request parameters.", "errors": [{"location": "query",
  "field": "limit", "message": "Input should be less than or equal to 100", "type": "less_than_equal"}]}`
* `500`: `{"detail": "Internal server error."}`: a bug on our side, logged.
"""

api = NinjaAPI(
    title="PIM API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=OfflineSwagger(),
)

for module in (programmes, places, plans, events, recommendations):
    api.add_router("/", module.router)

# Added last so it matches only what no router does: a mistyped address under /api/v1/ gets the same JSON
# 404 as a missing object, not the portal's HTML error page.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:path}", include_in_schema=False)
def unknown_endpoint(request: HttpRequest, path: str) -> HttpResponse:
    raise Http404(f"No API endpoint at /api/v1/{path}; the operations are listed at /api/v1/docs.")


api.add_router("/", fallback)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


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
        request, {"detail": "Invalid request parameters.", "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Permission denied."}, status=403)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The last resort: a client still gets JSON, and the traceback goes to the log, not to the client.
    logger.exception("Unhandled error in %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Internal server error."}, status=500)
