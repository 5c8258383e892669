"""The API as a whole: error bodies (404, 405, 401/403, 422, 500), the index, OpenAPI and the docs page."""

from __future__ import annotations

import re
from unittest import mock

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, TestCase
from django.utils.translation import gettext
from ninja.errors import AuthenticationError, HttpError

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
    "/api/v1/actions/{id}/status-reports",
    "/api/v1/events",
    "/api/v1/events/{id}",
    "/api/v1/recommendations",
    "/api/v1/recommendations/{id}",
    "/api/v1/recommendations/{id}/responses",
    "/api/v1/recommendations/{id}/status-updates",
    "/api/v1/improvement-plans",
    "/api/v1/improvement-plans/{id}",
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
        self.assertEqual(body, {"detail": gettext("Internal server error.")})
        self.assertIn("GET /api/v1/editions", logs.output[0])
        self.assertIn("boom", logs.output[0])

    def test_a_permission_error_is_a_json_403(self) -> None:
        with mock.patch("pim.api.programmes._editions", side_effect=PermissionDenied("Not for you.")):
            body = self.get_json("/api/v1/editions", status=403)
        self.assertEqual(body, {"detail": "Not for you."})

    def test_a_permission_error_without_a_message_gets_one(self) -> None:
        with mock.patch("pim.api.programmes._editions", side_effect=PermissionDenied):
            body = self.get_json("/api/v1/editions", status=403)
        self.assertEqual(body, {"detail": gettext("Permission denied.")})

    def test_an_authentication_error_is_a_json_401(self) -> None:
        # What ninja raises when an operation's `auth` refuses the request (its message is "Unauthorized").
        with mock.patch("pim.api.programmes._editions", side_effect=AuthenticationError()):
            body = self.get_json("/api/v1/editions", status=401)
        self.assertEqual(
            body, {"detail": gettext("Authentication required: log in or send valid credentials.")}
        )

    def test_an_http_error_keeps_its_status_and_message(self) -> None:
        with mock.patch("pim.api.programmes._editions", side_effect=HttpError(409, "Try again.")):
            body = self.get_json("/api/v1/editions", status=409)
        self.assertEqual(body, {"detail": "Try again."})

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


def no_endpoint(path: str) -> str:
    return gettext("No API endpoint at %(path)s; the operations are listed at %(docs)s.") % {
        "path": path,
        "docs": "/api/v1/docs",
    }


class JsonEverywhereTest(ApiTestCase):
    """Whatever the address and method under /api/, the answer is JSON with a `detail` message."""

    def send(self, method: str, url: str, status: int, client: Client | None = None) -> HttpResponse:
        """The answer to `method url`, checked to have `status` and a JSON content type."""
        response = (client or self.client).generic(method, url)
        self.assertEqual(response.status_code, status, (method, url, response.content[:300]))
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8", (method, url))
        return response

    def test_the_root_is_an_index_linking_the_description_and_the_docs(self) -> None:
        body = self.get_json("/api/v1/")
        self.assertEqual((body["title"], body["version"]), ("PIM API", "1"))
        self.assertEqual((body["openapi"], body["docs"]), ("/api/v1/openapi.json", "/api/v1/docs"))
        self.assertEqual(self.client.get(body["openapi"]).status_code, 200)
        self.assertEqual(self.client.get(body["docs"]).status_code, 200)
        self.assertRedirects(self.client.get("/api/v1"), "/api/v1/", status_code=301)

    def test_an_unknown_address_under_the_api_is_a_json_404_whatever_the_method(self) -> None:
        self.assertEqual(self.get_json("/api/v1/cities", status=404), {"detail": no_endpoint("/api/v1/cities")})
        for url in ("/api/v1/editions/", "/api/v1/networks/a/b", "/api/v1/openapi.json/"):
            self.assertEqual(self.get_json(url, status=404), {"detail": no_endpoint(url)})
        # Outside /api/v1/: another version, a typo, /api itself.
        for url in ("/api", "/api/", "/api/v2/editions", "/api/editions", "/api/v1x/editions"):
            self.assertEqual(self.get_json(url, status=404), {"detail": no_endpoint(url)})
        for url in ("/api/v1/cities", "/api/v2/editions"):
            for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
                self.assertEqual(self.send(method, url, 404).json(), {"detail": no_endpoint(url)})
            self.send("HEAD", url, 404)

    def test_a_method_an_address_does_not_take_is_a_json_405_with_allow(self) -> None:
        operations = [path.replace("{slug}", "x").replace("{id}", "1") for path in sorted(OPERATIONS)]
        message = gettext("Method %(method)s is not allowed at %(path)s; allowed: %(allowed)s.")
        for url in [*operations, "/api/v1/", "/api/v1/openapi.json", "/api/v1/docs"]:
            # Refused before the operation runs: not one query.
            with self.assertNumQueries(0):
                for method in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"):
                    response = self.send(method, url, 405)
                    detail = message % {"method": method, "path": url, "allowed": "GET, HEAD"}
                    self.assertEqual(response.json(), {"detail": detail})
                    self.assertEqual(response["Allow"], "GET, HEAD")

    def test_head_answers_as_get_without_the_body(self) -> None:
        for url in ("/api/v1/editions", "/api/v1/", "/api/v1/openapi.json"):
            with self.subTest(url=url):
                get = self.client.get(url)
                head = self.client.head(url)
                self.assertEqual(head.status_code, 200)
                self.assertEqual(head.content, b"")
                self.assertEqual(head["Content-Length"], str(len(get.content)))
                self.assertEqual(head["Content-Type"], get["Content-Type"])

    def test_the_405_is_json_without_a_csrf_token_too(self) -> None:
        # The schema and docs views are not ninja operations: without the exemption a POST to them would get
        # Django's HTML CSRF failure page (403) before the 405.
        client = Client(enforce_csrf_checks=True)
        for url in ("/api/v1/editions", "/api/v1/openapi.json", "/api/v1/docs", "/api/v1/"):
            self.send("POST", url, 405, client=client)
        self.send("POST", "/api/v2/editions", 404, client=client)

    def test_messages_are_in_polish_unless_english_was_chosen(self) -> None:
        response = self.send("POST", "/api/v1/editions", 405)
        self.assertEqual(
            response.json()["detail"], "Metoda POST nie jest dozwolona pod adresem /api/v1/editions; dozwolone: GET, HEAD."
        )
        self.assertEqual(response["Content-Language"], "pl")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.send("POST", "/api/v1/editions", 405)
        self.assertEqual(response.json()["detail"], "Method POST is not allowed at /api/v1/editions; allowed: GET, HEAD.")
        self.assertEqual(self.get_json("/api/v2", status=404), {"detail": no_endpoint("/api/v2")})


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
