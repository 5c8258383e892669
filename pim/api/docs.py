"""Swagger UI for /api/v1/docs, served from our own static files.

ninja's `Swagger` renders a page that loads swagger-ui from a CDN with an inline script whenever "ninja" is
not in INSTALLED_APPS. The site runs offline and its CSP allows scripts only from 'self' (or with a nonce),
so this page uses the vendored swagger-ui-dist (static/vendor/swagger-ui/) and starts it from
static/js/api-docs.js: no inline script, no nonce needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class OfflineSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, context)
