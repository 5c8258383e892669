"""The API as a whole: error bodies, the OpenAPI description and the offline docs page."""

from __future__ import annotations

import re
from unittest import mock

from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from ninja.errors import HttpError

from pim.api.tests.base import ApiTestCase

OPERATIONS = {
    "/api/v1/editions",
    "/api/v1/editions/{slug}",
    "/api/v1/networks",
    "/api/v1/networks/{slug}",
    "/api/v1/memberships",
    "/api/v1/participants",
    "/api/v1/participants/{slug}",
    "/api/v1/action-plans",
    "/api/v1/action-plans/{id}",
    "/api/v1/action-plans/{id}/actions",
    "/api/v1/action-plans/{id}/indicators",
    "/api/v1/indicators/{id}/values",
    "/api/v1/events",
    "/api/v1/events/{id}",
    "/api/v1/recommendations",
    "/api/v1/recommendations/{id}/responses",
    "/api/v1/recommendations/{id}/status-updates",
    "/api/v1/improvement-plans",
    "/api/v1/good-practices",
    "/api/v1/barriers",
}


class ErrorBodyTest(ApiTestCase):
    def test_an_unexpected_error_is_logged_and_answered_as_json_500(self) -> None:
        with (
            mock.patch("pim.api.programmes._editions", side_effect=RuntimeError("boom")),
            self.assertLogs("pim.api.api", "ERROR") as logs,
        ):
            body = self.get_json("/api/v1/editions", status=500)
        self.assertEqual(body, {"detail": "Internal server error."})
        self.assertIn("GET /api/v1/editions", logs.output[0])
        self.assertIn("boom", logs.output[0])

    def test_a_permission_error_is_a_json_403(self) -> None:
        with mock.patch("pim.api.programmes._editions", side_effect=PermissionDenied("Not for you.")):
            body = self.get_json("/api/v1/editions", status=403)
        self.assertEqual(body, {"detail": "Not for you."})

    def test_an_http_error_keeps_its_status_and_message(self) -> None:
        with mock.patch("pim.api.programmes._editions", side_effect=HttpError(409, "Try again.")):
            body = self.get_json("/api/v1/editions", status=409)
        self.assertEqual(body, {"detail": "Try again."})

    def test_an_unknown_address_under_the_api_is_a_json_404(self) -> None:
        body = self.get_json("/api/v1/cities", status=404)
        self.assertEqual(
            body, {"detail": "No API endpoint at /api/v1/cities; the operations are listed at /api/v1/docs."}
        )
        self.get_json("/api/v1/editions/", status=404)
        self.get_json("/api/v1/networks/a/b", status=404)

    def test_several_refused_parameters_are_all_reported(self) -> None:
        body = self.get_json("/api/v1/participants", status=422, limit=500, kind="x", offset="y")
        self.assertEqual({e["field"] for e in body["errors"]}, {"limit", "offset", "kind"})


class OpenApiTest(TestCase):
    def test_it_describes_every_operation_with_its_error_bodies(self) -> None:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["info"]["title"], "PIM API")
        self.assertEqual(set(schema["paths"]), OPERATIONS)
        for path, item in schema["paths"].items():
            responses = item["get"]["responses"]
            self.assertIn("422", responses, path)
            if "{" in path:
                self.assertIn("404", responses, path)
            if not path.endswith(("{slug}", "{id}")):
                self.assertIn("count", schema["components"]["schemas"][_ref(responses["200"])]["properties"])

    def test_lists_document_their_paging_bounds(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        limit = next(
            p for p in schema["paths"]["/api/v1/events"]["get"]["parameters"] if p["name"] == "limit"
        )
        self.assertEqual((limit["schema"]["default"], limit["schema"]["maximum"]), (50, 100))


def _ref(response: dict) -> str:
    return response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


class DocsPageTest(TestCase):
    def test_docs_load_only_our_own_static_files_and_no_inline_script(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('data-openapi-url="/api/v1/openapi.json"', html)
        self.assertNotRegex(html, r"(src|href)=\"(https?:)?//")
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        self.assertEqual(len(scripts), 2)
        for attributes, body in scripts:
            self.assertIn("src=", attributes)
            self.assertEqual(body.strip(), "")
        for path in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
            self.assertTrue(finders.find(path), path)
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
