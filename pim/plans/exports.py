"""The MID as an official document: PDF (WeasyPrint, `templates/exports/actionplan.html`) and DOCX.

Both formats are built from one `Document`: the title page facts and, for every section in
`sections.SECTIONS` order, a list of blocks (fields, rich text, lines, tables, the schedule chart). The
print template and the DOCX builder only lay the blocks out, so the two files always say the same.
"""

from __future__ import annotations

import datetime
import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pim.core.export import docx as docx_export
from pim.core.export import pdf as pdf_export
from pim.core.text import slugify_pl
from pim.plans import richtext, sections
from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    CommunicationItem,
    Indicator,
    PlanExport,
    Risk,
    Stakeholder,
)
from pim.plans.sections import Data, choice, label

logger = logging.getLogger(__name__)

# --- blocks ---------------------------------------------------------------------------------------------


class Block:
    kind: ClassVar[str]  # what the print template and the DOCX builder dispatch on


@dataclass
class Fields(Block):
    pairs: list[tuple[str, str]]
    # Short pairs run on in one paragraph ("a: x · b: y"): every paragraph costs WeasyPrint a box and its lines.
    run_in: bool = False
    kind: ClassVar[str] = "fields"


@dataclass
class Rich(Block):
    title: str
    html: str  # sanitised by nh3 on save (models' rich-text fields)
    kind: ClassVar[str] = "rich"

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in richtext.to_text(self.html).splitlines() if line.strip()]


@dataclass
class Lines(Block):
    lines: list[tuple[int, str]]  # (indent level, text)
    kind: ClassVar[str] = "lines"


@dataclass
class Table(Block):
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # column indexes aligned right
    kind: ClassVar[str] = "table"


@dataclass
class Subheading(Block):
    text: str
    kind: ClassVar[str] = "subheading"


@dataclass
class GanttRow:
    title: str
    starts_on: str
    ends_on: str
    left: float  # % of the chart width
    width: float


@dataclass
class Gantt(Block):
    caption: str
    start: str
    span_months: int
    rows: list[GanttRow]
    undated: list[str]
    kind: ClassVar[str] = "gantt"


@dataclass
class DocSection:
    key: str
    number: int
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


@dataclass
class Document:
    title: str
    city: str
    network: str
    edition: str
    state: str
    date: str
    marks: list[str]
    sections: list[DocSection]


# --- value formatting -----------------------------------------------------------------------------------

def _date(value: str | None) -> str:
    return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def _money(value: str | None) -> str:
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return str(value)
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} PLN"


def _number(value: str | None) -> str:
    if value in (None, ""):
        return ""
    return number_format(Decimal(value).normalize(), force_grouping=True)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _pairs(*pairs: tuple[str, Any]) -> list[tuple[str, str]]:
    return [(name, str(value)) for name, value in pairs if value not in (None, "")]


# --- sections → blocks ----------------------------------------------------------------------------------

def _metadata(data: Data, plan: ActionPlan) -> list[Block]:
    blocks: list[Block] = [Fields(pairs=_pairs(
        (label(ActionPlan, "title"), data.get("title")),
        (label(ActionPlan, "team_note"), data.get("team_note")),
        (label(ActionPlan, "expert"), data.get("expert_name")),
        (label(ActionPlan, "started_on"), _date(data.get("started_on"))),
        (label(ActionPlan, "target_completion_on"), _date(data.get("target_completion_on"))),
        (label(ActionPlan, "public_consultation"), _yes_no(bool(data.get("public_consultation")))),
    ))]
    if data.get("summary"):
        blocks.append(Rich(title=label(ActionPlan, "summary"), html=data["summary"]))
    return blocks


def _context(data: Data, plan: ActionPlan) -> list[Block]:
    blocks: list[Block] = []
    if data.get("context_diagnosis"):
        blocks.append(Rich(title="", html=data["context_diagnosis"]))
    links = data.get("strategy_links") or []
    if links:
        blocks.append(Table(
            caption=_("Related strategies"),
            header=[label(sections.StrategyLink, "title"), label(sections.StrategyLink, "url"),
                    label(sections.StrategyLink, "note")],
            rows=[[r["title"], r["url"], r["note"]] for r in links],
        ))
    return blocks


def _text_lines(key: str) -> Callable[[Data, ActionPlan], list[Block]]:
    """Sections whose readable text already shows their structure (the trees), one line per row."""

    def build(data: Data, plan: ActionPlan) -> list[Block]:
        text = sections.section_text(key, data)
        lines = []
        for line in text.splitlines():
            stripped = line.lstrip(" ")
            lines.append(((len(line) - len(stripped)) // 2, stripped))
        return [Lines(lines=lines)] if lines else []

    return build


def _challenge(data: Data, plan: ActionPlan) -> list[Block]:
    blocks: list[Block] = []
    if data.get("challenge_title"):
        blocks.append(Fields(pairs=[(label(ActionPlan, "challenge_title"), data["challenge_title"])]))
    if data.get("challenge_statement"):
        blocks.append(Rich(title=label(ActionPlan, "challenge_statement"), html=data["challenge_statement"]))
    return blocks


def _stakeholders(data: Data, plan: ActionPlan) -> list[Block]:
    rows = data.get("stakeholders") or []
    if not rows:
        return []
    return [Table(
        caption=capfirst(str(Stakeholder._meta.verbose_name_plural)),
        header=["#", label(Stakeholder, "name"), label(Stakeholder, "interest"), label(Stakeholder, "influence"),
                label(Stakeholder, "engagement")],
        rows=[[str(n), r["name"], r["interest"], choice(Stakeholder, "influence", r["influence"]), r["engagement"]]
              for n, r in enumerate(rows, start=1)],
    )]


def _actions(data: Data, plan: ActionPlan) -> list[Block]:
    rows = data.get("actions") or []
    if not rows:
        return []
    titles = {r["id"]: r["title"] for r in rows}
    # The two long tables number their first cell instead of a "#" column: WeasyPrint's time grows with the
    # number of cells (each is a box with its own text layout).
    blocks: list[Block] = [Table(
        caption=_("Action table"),
        header=[label(Action, "title"), label(Action, "type"), label(Action, "lead_unit"), _("Dates"),
                label(Action, "cost_estimate")],
        rows=[[f"{n}. {r['title']}", choice(Action, "type", r["type"]), r["lead_unit"], _period(r),
               _money(r["cost_estimate"])] for n, r in enumerate(rows, start=1)],
        numeric=frozenset({3, 4}),
    )]
    # Each action's details: the short facts in one paragraph, the long texts one paragraph each (WeasyPrint's
    # layout time grows with the number of boxes and lines).
    for n, r in enumerate(rows, start=1):
        blocks.append(Subheading(text=f"{_('Action')} {n}: {r['title']}"))
        facts = _pairs(
            (label(Action, "objective"), r.get("objective_text")),
            (label(Action, "partners"), r.get("partners")),
            (label(Action, "dependencies"), "; ".join(titles.get(pk, f"#{pk}") for pk in r.get("dependencies") or [])),
            (_("Funding"), "; ".join(
                f"{f['source']}: {_money(f['amount'])} ({choice(ActionFunding, 'kind', f['kind'])}, "
                f"{choice(ActionFunding, 'status', f['status'])})"
                for f in r.get("fundings") or []
            )),
        )
        if facts:
            blocks.append(Fields(pairs=facts, run_in=True))
        texts = _pairs(
            (label(Action, "description"), r.get("description")),
            (label(Action, "outputs"), r.get("outputs")),
            (label(Action, "risks"), r.get("risks")),
        )
        if texts:
            blocks.append(Fields(pairs=texts))
    return blocks


def _period(row: dict[str, Any]) -> str:
    start, end = _date(row.get("starts_on")), _date(row.get("ends_on"))
    return f"{start} – {end}" if start or end else ""


def _schedule(data: Data, plan: ActionPlan) -> list[Block]:
    span = data.get("span_months") or 0
    if not data.get("rows") and not data.get("undated"):
        return []
    rows = [
        GanttRow(
            title=r["title"], starts_on=_date(r["starts_on"]), ends_on=_date(r["ends_on"]),
            left=round(100 * r["offset_months"] / span, 2) if span else 0,
            width=max(round(100 * r["duration_months"] / span, 2), 1) if span else 100,
        )
        for r in data.get("rows") or []
    ]
    return [Gantt(caption=_("Schedule of the actions"), start=_date(data.get("start")), span_months=span, rows=rows,
                  undated=list(data.get("undated") or []))]


def _budget(data: Data, plan: ActionPlan) -> list[Block]:
    blocks: list[Block] = [Table(
        caption=_("Budget summary"), header=[_("Item"), _("Amount")], numeric=frozenset({1}),
        rows=[
            [_("Total cost"), _money(data.get("total_cost"))],
            [_("Total funding"), _money(data.get("total_funding"))],
            [_("Funding gap"), _money(data.get("gap"))],
        ],
    )]
    if data.get("uncosted_actions"):
        blocks.append(Fields(pairs=[(_("Actions without a cost estimate"), str(data["uncosted_actions"]))]))
    blocks.append(Table(
        caption=_("Funding by source type"), header=[label(ActionFunding, "kind"), _("Amount")], numeric=frozenset({1}),
        rows=[[choice(ActionFunding, "kind", k), _money(v)] for k, v in (data.get("by_kind") or {}).items()],
    ))
    blocks.append(Table(
        caption=_("Funding by status"), header=[label(ActionFunding, "status"), _("Amount")], numeric=frozenset({1}),
        rows=[[choice(ActionFunding, "status", k), _money(v)] for k, v in (data.get("by_status") or {}).items()],
    ))
    if data.get("by_objective"):
        blocks.append(Table(
            caption=_("Cost and funding by objective"), header=[_("Objective"), _("Cost"), _("Funding")],
            numeric=frozenset({1, 2}),
            rows=[[o["text"] or _("no objective"), _money(o["cost"]), _money(o["funding"])] for o in data["by_objective"]],
        ))
    return blocks


def _governance(data: Data, plan: ActionPlan) -> list[Block]:
    return [Rich(title="", html=data["governance"])] if data.get("governance") else []


def _communication(data: Data, plan: ActionPlan) -> list[Block]:
    rows = data.get("items") or []
    if not rows:
        return []
    return [Table(
        caption=capfirst(str(CommunicationItem._meta.verbose_name_plural)),
        header=["#", label(CommunicationItem, "target_group"), label(CommunicationItem, "channel"),
                label(CommunicationItem, "milestone"), label(CommunicationItem, "when")],
        rows=[[str(n), r["target_group"], r["channel"], r["milestone"], _date(r["when"])]
              for n, r in enumerate(rows, start=1)],
    )]


def _risks(data: Data, plan: ActionPlan) -> list[Block]:
    rows = data.get("risks") or []
    if not rows:
        return []
    return [Table(
        caption=capfirst(str(Risk._meta.verbose_name_plural)),
        header=["#", label(Risk, "description"), label(Risk, "likelihood"), label(Risk, "impact"),
                label(Risk, "mitigation")],
        rows=[[str(n), r["description"], choice(Risk, "likelihood", r["likelihood"]), choice(Risk, "impact", r["impact"]),
               r["mitigation"]] for n, r in enumerate(rows, start=1)],
    )]


def _monitoring(data: Data, plan: ActionPlan) -> list[Block]:
    blocks: list[Block] = []
    if data.get("monitoring_note"):
        blocks.append(Fields(pairs=[(label(ActionPlan, "monitoring_note"), data["monitoring_note"])]))
    rows = data.get("indicators") or []
    if rows:
        blocks.append(Table(
            caption=capfirst(str(Indicator._meta.verbose_name_plural)),
            # Four columns, not ten, and numbered names instead of a "#" column: the table is the longest in
            # the document, and WeasyPrint's time grows with the number of cells.
            header=[label(Indicator, "name"), label(Indicator, "action"),
                    f"{label(Indicator, 'baseline')} → {label(Indicator, 'target')}",
                    f"{label(Indicator, 'source')} / {label(Indicator, 'frequency')}"],
            rows=[[f"{n}. {r['name']} [{r['unit']}]" if r["unit"] else f"{n}. {r['name']}",
                   r.get("action_title") or _("whole MID"), _baseline_target(r),
                   " / ".join(filter(None, [r["source"], r["frequency"]]))]
                  for n, r in enumerate(rows, start=1)],
            numeric=frozenset({2}),
        ))
    return blocks


def _baseline_target(row: dict[str, Any]) -> str:
    """"12 → 130 (31-12-2027)"; a dash for the side not entered."""
    baseline, target, on = _number(row["baseline"]), _number(row["target"]), _date(row["target_on"])
    if not (baseline or target):
        return ""
    return f"{baseline or '–'} → {target or '–'}" + (f" ({on})" if on else "")


def _barriers(data: Data, plan: ActionPlan) -> list[Block]:
    blocks: list[Block] = []
    if data.get("no_barriers"):
        blocks.append(Fields(pairs=[(label(ActionPlan, "no_barriers"), _yes_no(True))]))
    rows = data.get("barriers") or []
    if rows:
        blocks.append(Table(
            caption=capfirst(str(sections.Barrier._meta.verbose_name_plural)),
            header=["#", label(sections.Barrier, "type"), label(sections.Barrier, "description")],
            rows=[[str(n), choice(sections.Barrier, "type", r["type"]), r["description"]]
                  for n, r in enumerate(rows, start=1)],
        ))
    return blocks


def _classification(data: Data, plan: ActionPlan) -> list[Block]:
    lines = sections.section_text("classification", data).splitlines()
    return [Fields(pairs=[tuple(line.split(": ", 1)) for line in lines if ": " in line])] if lines else []


BUILDERS: dict[str, Callable[[Data, ActionPlan], list[Block]]] = {
    "metadata": _metadata,
    "context": _context,
    "problem_tree": _text_lines("problem_tree"),
    "challenge": _challenge,
    "stakeholders": _stakeholders,
    "objectives": _text_lines("objectives"),
    "actions": _actions,
    "schedule": _schedule,
    "budget": _budget,
    "governance": _governance,
    "communication": _communication,
    "risks": _risks,
    "monitoring": _monitoring,
    "barriers": _barriers,
    "classification": _classification,
}
assert set(BUILDERS) == set(sections.SECTION_KEYS), "every section needs an export builder"


def build_document(plan: ActionPlan) -> Document:
    plan = sections.load(plan)
    data = sections.serialise(plan)
    marks = []
    if plan.is_example:
        marks.append(_("Example"))
    if plan.is_demo:
        marks.append(_("Demo data"))
    return Document(
        title=str(plan),
        city=plan.participant.name if plan.participant_id else "",
        network=plan.network.name if plan.network_id else "",
        edition=str(plan.edition),
        state=capfirst(plan.get_state_display()),
        date=date_format(timezone.localdate(), "DATE_FORMAT"),
        marks=marks,
        sections=[
            DocSection(key=s.key, number=n, title=str(s.label), blocks=BUILDERS[s.key](data[s.key], plan))
            for n, s in enumerate(sections.SECTIONS, start=1)
        ],
    )


# --- files ----------------------------------------------------------------------------------------------

def filename(plan: ActionPlan, fmt: str) -> str:
    """`MID-<slug>.<fmt>`: the city (or the title) and the edition, ASCII only."""
    base = slugify_pl(f"{plan.participant.name if plan.participant_id else plan.title} {plan.edition}")
    return f"MID-{base[:80].strip('-') or plan.pk}.{fmt}"


def render_pdf(document: Document) -> bytes:
    with _cyclic_gc_paused():
        return pdf_export.render_pdf("exports/actionplan.html", {"doc": document})


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a render.

    WeasyPrint allocates millions of short-lived objects for a big MID, so the collector runs thousands of
    times during one render: a fifth of its time (60 actions: 2.2 s → 1.8 s CPU), with the same peak memory
    (the ~200,000 cyclic objects left are collected afterwards). Process-wide; left off if it already was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_docx(document: Document) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    out = docx_export.new_document()
    # Looking a style up by name scans styles.xml each time; resolve the few we use once.
    styles = {name: out.styles[name] for name in ("Title", "Subtitle", "Heading 1", "Heading 3")}
    title = out.add_paragraph(style=styles["Title"])
    title.add_run(document.title)
    for text in (document.city, document.network, document.edition):
        if text:
            out.add_paragraph(text, style=styles["Subtitle"])
    out.add_paragraph(f"{_('State')}: {document.state}")
    out.add_paragraph(f"{_('Generated on')}: {document.date}")
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
        if not section.blocks:
            out.add_paragraph(_("Nothing entered yet."))
        for block in section.blocks:
            _docx_block(out, block, styles)
    return docx_export.to_bytes(out)


def _docx_block(out: Any, block: Block, styles: dict[str, Any]) -> None:
    if isinstance(block, Fields):
        paragraph = None
        for name, value in block.pairs:
            if paragraph is None or not block.run_in:
                paragraph = out.add_paragraph()
            else:
                paragraph.add_run(" · ")
            paragraph.add_run(f"{name}: ").bold = True
            paragraph.add_run(value)
    elif isinstance(block, Rich):
        if block.title:
            out.add_paragraph().add_run(block.title).bold = True
        for text in block.paragraphs:
            out.add_paragraph(text)
    elif isinstance(block, Lines):
        from docx.shared import Cm

        for level, text in block.lines:
            out.add_paragraph(text).paragraph_format.left_indent = Cm(0.75 * level)
    elif isinstance(block, Subheading):
        out.add_paragraph(block.text, style=styles["Heading 3"])
    elif isinstance(block, Table):
        out.add_paragraph().add_run(block.caption).bold = True
        docx_export.add_table(out, block.header, block.rows)
    elif isinstance(block, Gantt):
        out.add_paragraph().add_run(block.caption).bold = True
        docx_export.add_table(
            out, [_("Action"), _("Start"), _("End"), _("Timeline")],
            [[r.title, r.starts_on, r.ends_on, _gantt_text(r, block.span_months)] for r in block.rows],
        )
        for title in block.undated:
            out.add_paragraph(f"{title}: {_('no dates')}")


def _gantt_text(row: GanttRow, span: int) -> str:
    """The bar as text (one character per month, at most 48), for the DOCX table."""
    width = min(span, 48) or 1
    start = round(row.left * width / 100)
    length = max(round(row.width * width / 100), 1)
    return "·" * start + "█" * length + "·" * max(width - start - length, 0)


RENDERERS: dict[str, Callable[[Document], bytes]] = {
    PlanExport.Format.PDF: render_pdf,
    PlanExport.Format.DOCX: render_docx,
}


def render(plan: ActionPlan, fmt: str) -> bytes:
    return RENDERERS[fmt](build_document(plan))


# --- jobs -----------------------------------------------------------------------------------------------

@transaction.atomic
def plan_export_request(*, plan: ActionPlan, fmt: str, by: Any) -> PlanExport:
    """Queue a PDF/DOCX export of the MID's content for someone who may read it."""
    if fmt not in PlanExport.Format.values:
        raise ValidationError(_("Unknown export format."), code="unknown_format")
    if not by.has_perm("plans.view_actionplan_draft", plan):
        raise PermissionDenied
    from pim.plans.tasks import export_plan

    job = PlanExport.objects.create(
        plan=plan, format=fmt, requested_by=by if by.is_authenticated else None, filename=filename(plan, fmt)
    )
    # The database backend stores the task in this transaction, so a worker never sees a task whose
    # job row is not committed yet.
    result = export_plan.enqueue(job.pk)
    PlanExport.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db(fields=["status", "progress", "task_id", "finished_at", "error"])
    return job


def run_export(export_id: int) -> None:
    """Generate the file of one job, recording progress; a failure is recorded on the job, never raised."""
    jobs = PlanExport.objects.without_content()
    job = jobs.select_related("plan").filter(pk=export_id).first()
    if job is None or job.is_finished:
        return
    jobs.filter(pk=job.pk).update(status=PlanExport.Status.RUNNING, progress=10)
    try:
        document = build_document(job.plan)
        jobs.filter(pk=job.pk).update(progress=40)
        content = RENDERERS[job.format](document)
    except Exception as error:  # any failure must end up on the status page, not in a 500
        logger.exception("MID export %s failed", job.pk)
        jobs.filter(pk=job.pk).update(
            status=PlanExport.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return
    jobs.filter(pk=job.pk).update(
        status=PlanExport.Status.DONE, progress=100, content=content, finished_at=timezone.now()
    )
