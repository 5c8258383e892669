"""Template filters every page uses to show where a record comes from."""

from __future__ import annotations

import functools
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from pim.core.models import SourcedModel

register = template.Library()


# Both filters run on every row of long tables (150-200 rows on a network or participant page), so what
# does not depend on the row is computed once: a reverse() per call was most of `sources`' cost. The
# about page's address depends only on the URLconf and the script prefix, which are the cache key.
@functools.lru_cache(maxsize=16)
def _about_url(root_urlconf: str, urlconf: str | None, script_prefix: str) -> str:
    return reverse("portal:about", urlconf=urlconf)


@functools.lru_cache(maxsize=4096)
def _sources_html(text: str, style: str, about_url: str, language: str | None) -> SafeString | str:
    # Records share few distinct `sources` texts ("B, P2"), so the links are built once per text, style,
    # address and language (the "Sources:" label is translated).
    keys = SourcedModel.source_keys.fget(SimpleNamespace(sources=text))
    if not keys:
        return ""
    links = format_html_join(", ", '<a href="{}#zrodlo-{}">{}</a>', ((about_url, key, key) for key in keys))
    if style == "bare":
        return format_html('<span class="sources">{}</span>', links)
    return format_html('<span class="sources">{} {}</span>', gettext("Sources:"), links)


@register.filter
def sources(record: object, style: str = "") -> SafeString | str:
    """Link each of a record's source keys to its entry on the about page.

    Reads only the record's `sources` text (no query), so it is safe in long lists; the about page
    gives every `core.Source` the anchor `zrodlo-<key>`, as `Source.get_absolute_url` does.
    `{{ record|sources:"bare" }}` leaves out the "Sources:" prefix where a label already says it.
    """
    text = getattr(record, "sources", None)
    if not text or not isinstance(text, str):
        return ""
    about = _about_url(settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    return _sources_html(text, style, about, get_language())


@functools.lru_cache(maxsize=8)
def _demo_badge_html(language: str | None) -> SafeString:
    # `language` is only the cache key: gettext() reads the active language itself.
    return format_html(
        '<span class="badge demo-badge" title="{}">{}</span>',
        gettext("Demo content, not part of the programme's real history"),
        gettext("demo"),
    )


@register.filter
def demo_badge(record: object) -> SafeString | str:
    """A visible marker on demo content, so nobody mistakes it for the programme's real history."""
    if not getattr(record, "is_demo", False):
        return ""
    return _demo_badge_html(get_language())


@functools.lru_cache(maxsize=1024)
def _choice_label(model: type, field_name: str, value: object, language: str | None) -> str:
    # `language` is only the cache key: str() translates the lazy label into the active language.
    return str(dict(model._meta.get_field(field_name).flatchoices).get(value, value))


@register.filter
def display(record: object, field_name: str) -> str:
    """`{{ membership|display:"role" }}` is `{{ membership.get_role_display }}` for long tables.

    Django's `get_FOO_display()` rebuilds a hashable copy of the field's choices on every call, and
    hashing each lazy label translates it: ~30 µs a row, the dearest cell of a 150-row member table.
    """
    value = getattr(record, field_name, None)
    if value is None:
        return ""
    return _choice_label(type(record), field_name, value, get_language())
