"""Small helpers over python-docx: a document with a Polish-capable font, headings, tables, bytes out."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

DOCX_FONT = "DejaVu Sans"


def new_document(*, font: str = DOCX_FONT, size_pt: float = 10) -> Any:
    """An A4 document whose text styles use `font` for every script (so ą, ę, ł, ż… never fall back)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2))
    for style in document.styles:
        if getattr(style, "font", None) is None or style.type != 1:  # paragraph styles only
            continue
        style.font.name = font
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), font)
        # Heading styles refer to theme fonts, which would win over the explicit font.
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
    document.styles["Normal"].font.size = Pt(size_pt)
    return document


def add_table(document: Any, header: Sequence[str], rows: Iterable[Sequence[Any]], *, style: str = "Table Grid") -> Any:
    """A table with a bold header row that repeats on every page.

    Body rows are written as XML directly: python-docx's `add_row()` + `cell.text` re-read the grid
    for each cell and took ~2 s for a few hundred rows; this takes a few milliseconds.
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    table = document.add_table(rows=1, cols=len(header))
    table.style = style
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    cells_per_row = len(header)
    body = "".join(
        "<w:tr>" + "".join(_cell_xml(value) for value in list(row)[:cells_per_row]) + "</w:tr>" for row in rows
    )
    if body:
        wrapper = parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")
        for tr in list(wrapper):
            table._tbl.append(tr)
    return table


def _cell_xml(value: Any) -> str:
    text = escape("" if value is None else str(value))
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p>{run}</w:p></w:tc>'


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
