"""The read API, /api/v1/: one router per domain, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="PIM API", version="1", urls_namespace="api")
