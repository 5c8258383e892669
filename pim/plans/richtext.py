"""The MID's prose fields are rich text from the editor: keep a small, safe subset of HTML."""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import strip_tags

TAGS = {"p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "sub", "sup"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

BLOCK_END = re.compile(r"</(p|li|h3|h4|blockquote|ul|ol)>|<br\s*/?>", re.IGNORECASE)
BLANK_LINES = re.compile(r"\n\s*\n+")


def sanitise(value: str) -> str:
    """Safe HTML: no scripts, styles, event handlers or `javascript:` links; plain text is escaped."""
    return nh3.clean(value or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES).strip()


def to_text(value: str) -> str:
    """Readable plain text of sanitised HTML, one paragraph or list item per line (for diffs and exports)."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", value or "")))
    lines = [line.strip() for line in text.splitlines()]
    return BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()
