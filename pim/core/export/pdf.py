"""HTML → PDF with WeasyPrint.

Fonts: use one full TTF per family (DejaVu Sans is on every machine we run on) and set `font-family`
on `html` and `@page`; page margin boxes do not inherit the body font, and Fontsource-style subset
`@font-face` rules garble Polish glyphs (stack.md §9.5).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

PRINT_FONT = '"DejaVu Sans", "Liberation Sans", sans-serif'


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a print template (`templates/exports/…`) and convert it."""
    return html_to_pdf(render_to_string(template_name, {"print_font": PRINT_FONT, **context}))
