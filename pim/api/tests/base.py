"""Shared test helpers for the read API: JSON requests and the 2-rows-vs-10-rows query-count contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import TestCase
from django.utils.translation import gettext


class ApiTestCase(TestCase):
    def get_json(self, url: str, status: int = 200, **params: Any) -> Any:
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, status, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        return response.json()

    def assert_queries_do_not_grow(self, url: str, make_rows: Callable[[int], object], queries: int) -> None:
        """List `url` with 2 and then 10 rows made by `make_rows(n)`, each in exactly `queries` queries."""
        make_rows(2)
        with self.assertNumQueries(queries):
            body = self.get_json(url)
        self.assertEqual(body["count"], 2)
        make_rows(8)
        with self.assertNumQueries(queries):
            body = self.get_json(url)
        self.assertEqual(body["count"], 10)
        self.assertEqual(len(body["items"]), 10)

    def assert_refused(self, url: str, field: str, **params: Any) -> dict[str, Any]:
        """The request is a 422 whose errors name `field`; returns that error."""
        body = self.get_json(url, status=422, **params)
        self.assertEqual(body["detail"], gettext("Invalid request parameters."))
        matching = [error for error in body["errors"] if error["field"] == field]
        self.assertTrue(matching, body)
        self.assertTrue(matching[0]["message"])
        return matching[0]
