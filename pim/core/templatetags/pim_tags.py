"""Template filters every page uses to show where a record comes from."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.filter
def sources(record: object, style: str = "") -> SafeString | str:
    """Link each of a record's source keys to its entry on the about page.

    Reads only the record's `sources` text (no query), so it is safe in long lists; the about page
    gives every `core.Source` the anchor `zrodlo-<key>`, as `Source.get_absolute_url` does.
    `{{ record|sources:"bare" }}` leaves out the "Sources:" prefix where a label already says it.
    """
    keys = getattr(record, "source_keys", None)
    if not keys:
        return ""
    about = reverse("portal:about")
    links = format_html_join(", ", '<a href="{}#zrodlo-{}">{}</a>', ((about, key, key) for key in keys))
    if style == "bare":
        return format_html('<span class="sources">{}</span>', links)
    return format_html('<span class="sources">{} {}</span>', gettext("Sources:"), links)


@register.filter
def demo_badge(record: object) -> SafeString | str:
    """A visible marker on demo content, so nobody mistakes it for the programme's real history."""
    if not getattr(record, "is_demo", False):
        return ""
    return format_html(
        '<span class="badge demo-badge" title="{}">{}</span>',
        gettext("Demo content, not part of the programme's real history"),
        gettext("demo"),
    )
