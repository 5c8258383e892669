"""Pagination of the public lists: bad page numbers get a notice and a sensible page, never an error."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext


@dataclass
class Paginated:
    page: Page
    # The current query string without `page`, ending in "&" when not empty: `_pagination.html` appends page=N.
    query: str
    # (element id, text) pairs like the filter forms' notices; pagination notices need no id.
    notices: list[tuple[str, str]] = field(default_factory=list)


def paginate(request: HttpRequest, queryset: QuerySet, *, per_page: int) -> Paginated:
    paginator = Paginator(queryset, per_page)
    notices = []
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        number = 1
        notices.append(("", gettext("“%(page)s” is not a page number; showing the first page.") % {"page": raw}))
    if number < 1:
        number = 1
        notices.append(("", gettext("Page numbers start at 1; showing the first page.")))
    elif number > paginator.num_pages:
        notices.append(("", gettext("There is no page %(page)s; showing the last page.") % {"page": number}))
        number = paginator.num_pages
    params = request.GET.copy()
    params.pop("page", None)
    query = f"{params.urlencode()}&" if params else ""
    return Paginated(page=paginator.page(number), query=query, notices=notices)
