"""The Improvement Plan (PU) as an official document: PDF (WeasyPrint) and DOCX (python-docx).

Both formats are laid out from one `Document` (title page facts, then numbered sections of items), so the
two files always say the same. A PU is a few pages, so the files are made synchronously, in the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pim.core.export import docx as docx_export
from pim.core.export import pdf as pdf_export
from pim.core.text import slugify_pl
from pim.plans import richtext
from pim.recommendations.models import Barrier, ImprovementPlan

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Item:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DocSection:
    anchor: str
    number: int
    title: str
    items: list[Item]
    html: str = ""  # the introduction's sanitised rich text, for the PDF


@dataclass
class Document:
    title: str
    facts: list[tuple[str, str]]
    marks: list[str]
    sections: list[DocSection]


def _load(plan: ImprovementPlan, *, reveal: bool) -> ImprovementPlan:
    barriers = Barrier.objects.with_public_text(reveal=reveal)
    return ImprovementPlan.objects.select_related("network__edition", "handed_over_to").prefetch_related(
        Prefetch("barriers", queryset=barriers.prefetch_related("cities")), "good_practices__participant",
        "recommendations__addressees", Prefetch("recommendations__barriers", queryset=barriers),
        "recommendations__good_practices",
    ).get(pk=plan.pk)


def _names(objects: Any) -> str:
    return "; ".join(str(o) for o in objects) or "—"


def build_document(plan: ImprovementPlan, *, reveal: bool | None = None) -> Document:
    """`reveal`: print every barrier's text, even one copied from a non-public MID or event. By default only
    a draft PU's file does (only the network's readers may download it); a public PU's file is the public
    document, the same for everyone, so it prints only public text (`Barrier.with_public_text`)."""
    if reveal is None:
        reveal = plan.state not in ImprovementPlan.PUBLIC_STATES
    plan = _load(plan, reveal=reveal)
    facts = [
        (_("Network"), plan.network.name), (_("Edition"), str(plan.network.edition)),
        (_("Authors"), plan.authors or "—"), (_("State"), capfirst(plan.get_state_display())),
    ]
    if plan.handed_over_on:
        facts.append((_("Handed over"), f"{date_format(plan.handed_over_on, 'DATE_FORMAT')}, {plan.handed_over_to}"))
    facts.append((_("Generated on"), date_format(timezone.localdate(), "DATE_FORMAT")))
    barriers = [
        Item(heading=f"{n}. {capfirst(b.get_type_display())}", paragraphs=[b.public_description],
             facts=[(_("Cities that raised it"), _names(b.cities.all()))])
        for n, b in enumerate(plan.barriers.all(), start=1)
    ]
    recommendations = [
        Item(
            heading=f"{_('Recommendation')} {r.order}" + (f" ({_('key recommendation')})" if r.is_key else ""),
            paragraphs=[r.text],
            facts=[
                (_("Type"), r.get_type_display()),
                (_("Addressees"), _names(r.addressees.all())),
                (_("Horizon"), r.get_horizon_display() or _("not stated")),
                (_("Priority"), r.get_priority_display() or _("not stated")),
                (_("Barriers it answers"), _names(b.public_description[:120] for b in r.barriers.all())),
                (_("Supporting good practices"), _names(g.title for g in r.good_practices.all())),
            ],
        )
        for r in sorted(plan.recommendations.all(), key=lambda r: (r.order, r.pk))
    ]
    practices = [
        Item(heading=g.title, paragraphs=[g.description] if g.description else [],
             facts=[(_("Where"), str(g.participant) if g.participant_id
                     else ", ".join(x for x in (g.foreign_city, g.country) if x) or "—")])
        for g in plan.good_practices.all()
    ]
    intro_paragraphs = [line for line in richtext.to_text(plan.introduction).splitlines() if line.strip()]
    sections = [
        DocSection("wprowadzenie", 1, _("Introduction"), [Item(heading="", paragraphs=intro_paragraphs)]
                   if intro_paragraphs else [], html=plan.introduction),
        DocSection("bariery", 2, _("Barriers"), barriers),
        DocSection("rekomendacje", 3, _("Recommendations"), recommendations),
        DocSection("dobre-praktyki", 4, _("Good practices"), practices),
    ]
    marks = [_("Demo data")] if plan.is_demo else []
    if plan.state not in ImprovementPlan.PUBLIC_STATES:
        marks.append(_("Draft"))
    return Document(title=str(plan), facts=facts, marks=marks, sections=sections)


def filename(plan: ImprovementPlan, fmt: str) -> str:
    """`PU-<network>-<edition>.<fmt>`, ASCII only."""
    base = slugify_pl(f"{plan.network.name} {plan.network.edition}")
    return f"PU-{base[:80].strip('-') or plan.pk}.{fmt}"


def render_pdf(document: Document) -> bytes:
    return pdf_export.render_pdf("recommendations/export_pdf.html", {"doc": document})


def render_docx(document: Document) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    out = docx_export.new_document()
    styles = {name: out.styles[name] for name in ("Title", "Heading 1", "Heading 2")}
    out.add_paragraph(document.title, style=styles["Title"])
    for name, value in document.facts:
        paragraph = out.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)
    for mark in document.marks:
        paragraph = out.add_paragraph()
        run = paragraph.add_run(mark.upper())
        run.bold, run.font.size = True, Pt(20)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out.add_paragraph(_("Contents"), style=styles["Heading 1"])
    for section in document.sections:
        out.add_paragraph(f"{section.number}. {section.title}")
    out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for section in document.sections:
        out.add_paragraph(f"{section.number}. {section.title}", style=styles["Heading 1"])
        if not section.items:
            out.add_paragraph(_("Nothing entered yet."))
        for item in section.items:
            if item.heading:
                out.add_paragraph(item.heading, style=styles["Heading 2"])
            for text in item.paragraphs:
                out.add_paragraph(text)
            for name, value in item.facts:
                paragraph = out.add_paragraph()
                paragraph.add_run(f"{name}: ").bold = True
                paragraph.add_run(value)
    return docx_export.to_bytes(out)


def render(plan: ImprovementPlan, fmt: str, *, reveal: bool | None = None) -> bytes:
    document = build_document(plan, reveal=reveal)
    return render_pdf(document) if fmt == "pdf" else render_docx(document)
