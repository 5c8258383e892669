"""Pieces every router of the read API shares: pagination, error bodies, short references, slug parameters."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.db.models import Model, QuerySet, TextChoices
from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from pim.core.access import object_for_user

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# Far beyond any table PIM will hold, but small enough for both backends' 64-bit OFFSET: an unbounded
# integer reaches the database driver and fails there (OverflowError on SQLite, "out of range" on PostgreSQL).
MAX_OFFSET = 1_000_000_000

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# A filter by slug accepts only what a SlugField can hold; anything else is a 422 naming the parameter,
# and no NUL byte ever reaches PostgreSQL (which rejects it with a server error).
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=200)]


def choice_type(choices: type[TextChoices]) -> Any:
    """A Literal of the choice values. OpenAPI shows it inline as an `enum`; enum classes would become
    components named after the class, and `Edition.State` and `ActionPlan.State` would collide as "State"."""
    return Literal[tuple(choices.values)]


class Page(LimitOffsetPagination):
    """`?limit=&offset=` over a queryset, answered as `{"count": total, "items": [...]}`."""

    class PageParams(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, 1-{MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Number of items to skip.")

    # ninja reads `Input`; the class name is what OpenAPI shows.
    Input = PageParams

    class Output(Schema):
        count: int = Field(..., description="Number of items matching the filters, on all pages.")
        items: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class ErrorOut(Schema):
    detail: str = Field(..., description="What went wrong, for a person to read.")


class FieldErrorOut(Schema):
    location: str = Field(..., description="Where the parameter was sent: `query` or `path`.")
    field: str = Field(..., description="Name of the parameter as sent.")
    message: str = Field(..., description="Why the value was refused.")
    type: str = Field(..., description="Machine-readable error code (pydantic's error type).")


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


# Every operation documents the same error bodies, so clients (and schemathesis) know their shape.
LIST_ERRORS: dict[int, type[Schema]] = {422: ValidationErrorOut}
DETAIL_ERRORS: dict[int, type[Schema]] = {404: ErrorOut, 422: ValidationErrorOut}


class SourcedOut(Schema):
    """Fields every record of the PIM history carries: demo mark, source keys, public page."""

    is_demo: bool
    sources: list[str] = Field(..., description="Keys of the sources that state this record.")
    url: str = Field(..., description="The record's public page.")

    @staticmethod
    def resolve_sources(obj: Any) -> list[str]:
        return obj.source_keys

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return obj.get_absolute_url()


class EditionRef(Schema):
    slug: str
    name: str


class NetworkRef(Schema):
    slug: str
    name: str


class ParticipantRef(Schema):
    slug: str
    name: str


class VoivodeshipRef(Schema):
    slug: str
    name: str
    teryt: str


def get_for_user_or_404[M: Model](request: HttpRequest, queryset: QuerySet[M], what: str, **lookup: Any) -> M:
    """The object through the permission-checked fetch every view uses, or a 404 naming what was looked for.

    A missing object and one the user may not see get the same message, as `object_for_user` intends.
    """
    try:
        return object_for_user(request.user, queryset, **lookup)
    except Http404:
        shown = ", ".join(f"{key}={value!r}" for key, value in lookup.items())
        raise Http404(f"No {what} with {shown}.") from None
