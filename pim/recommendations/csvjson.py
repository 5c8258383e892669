"""Streamed CSV and JSON downloads of a whole filtered list, row by row, so memory stays flat.

The CSV starts with a UTF-8 byte order mark: without it Excel opens the file as Windows-1250 and garbles
"ą", "ł" and the rest. The JSON answers `{"count": n, "items": [...]}` like the API's lists.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

BOM = "\ufeff"


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow(["true" if row[c] is True else "false" if row[c] is False else row[c] for c in columns])


def _json_chunks(count: int, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield f'{{"count": {count}, "items": ['
    separator = ""
    for row in rows:
        yield separator + json.dumps({c: row[c] for c in columns}, ensure_ascii=False, cls=DjangoJSONEncoder)
        separator = ", "
    yield "]}"


def csv_response(filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(
    filename: str, count: int, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_json_chunks(count, columns, rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
