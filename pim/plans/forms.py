"""Forms of the MID editor: they check the input's shape and turn it into section data.

The rules (which rows refer to which, what a complete action is) live in `pim.plans.editing` and the
services; the views map the services' dotted error keys (`"stakeholders.2.influence"`) back onto these
forms' fields.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pim.plans.models import (
    Action,
    ActionFunding,
    ActionPlan,
    Barrier,
    CommunicationItem,
    Indicator,
    Objective,
    ProblemTreeNode,
    Risk,
    Stakeholder,
    StrategyLink,
)
from pim.plans.sections import RICH_FIELDS, Data
from pim.programmes.classifications import label_for
from pim.programmes.models import Person, RoleAssignment


def to_data(value: Any) -> Any:
    """A cleaned value as section data: dates as ISO strings, amounts as decimal strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class RevisionForm(forms.Form):
    """What every section form carries: the revision the editor started from."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput)


def _plain_form(name: str, model: type, names: tuple[str, ...], extra: dict[str, forms.Field] | None = None) -> type:
    attrs: dict[str, Any] = dict(fields_for_model(model, fields=names))
    for field_name in names:
        if field_name in RICH_FIELDS:
            attrs[field_name].widget = forms.Textarea(attrs={"rows": 6})
    attrs.update(extra or {})
    return type(name, (forms.Form,), attrs)


# --- scalar sections ------------------------------------------------------------------------------------

SCALAR_FIELDS: dict[str, tuple[str, ...]] = {
    "metadata": ("title", "team_note", "started_on", "target_completion_on", "public_consultation", "summary"),
    "context": ("context_diagnosis",),
    "challenge": ("challenge_title", "challenge_statement"),
    "governance": ("governance",),
    "monitoring": ("monitoring_note",),
    "barriers": ("no_barriers",),
}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def scalar_form_class(section: str) -> type | None:
    names = SCALAR_FIELDS.get(section)
    if not names:
        return None
    form_class = _plain_form(f"{section.title()}Form", ActionPlan, names)
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.DateField):
            field.widget = DATE_WIDGET
        if name in RICH_FIELDS:
            field.widget = forms.Textarea(attrs={"rows": 8})
    return form_class


# --- list sections ---------------------------------------------------------------------------------------

class RowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)


ROWS: dict[str, tuple[type, str, tuple[str, ...]]] = {
    # section: (model, data key of the rows, fields of a row)
    "context": (StrategyLink, "strategy_links", ("title", "url", "note")),
    "problem_tree": (ProblemTreeNode, "nodes", ("kind", "text")),
    "stakeholders": (Stakeholder, "stakeholders", ("name", "interest", "influence", "engagement")),
    "objectives": (Objective, "objectives", ("kind", "text")),
    "communication": (CommunicationItem, "items", ("target_group", "channel", "milestone", "when")),
    "risks": (Risk, "risks", ("description", "likelihood", "impact", "mitigation")),
    "monitoring": (Indicator, "indicators", (
        "name", "unit", "baseline", "baseline_on", "target", "target_on", "source", "frequency", "responsible",
    )),
    "barriers": (Barrier, "barriers", ("type", "description")),
}
# Rows pointing at another row of the plan: the field and where its choices come from.
ROW_REFERENCES = {"problem_tree": "parent", "objectives": "parent", "monitoring": "action"}


def row_form_class(section: str, choices: list[tuple[Any, str]] | None = None) -> type:
    model, _key, names = ROWS[section]
    attrs: dict[str, Any] = dict(fields_for_model(model, fields=names))
    for field in attrs.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE_WIDGET
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 2
    if section in ROW_REFERENCES:
        attrs[ROW_REFERENCES[section]] = forms.TypedChoiceField(
            label=model._meta.get_field(ROW_REFERENCES[section]).verbose_name, required=False,
            choices=[("", "—"), *(choices or [])], coerce=int, empty_value=None,
        )
    return type(f"{model.__name__}RowForm", (RowForm,), attrs)


def row_formset(section: str, *, data: Any = None, initial: list[Data] | None = None,
                choices: list[tuple[Any, str]] | None = None) -> forms.BaseFormSet:
    formset_class = forms.formset_factory(row_form_class(section, choices), extra=1, can_delete=True)
    return formset_class(data=data, initial=initial, prefix=ROWS[section][1])


def formset_rows(formset: forms.BaseFormSet) -> tuple[list[Data], list[forms.Form]]:
    """The rows to save (deleted and untouched blank rows left out) and the form each came from."""
    rows, sources = [], []
    for form in formset.forms:
        if not form.has_changed() and not form.cleaned_data.get("id"):
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        row = {k: to_data(v) for k, v in form.cleaned_data.items() if k not in ("DELETE", "id")}
        if form.cleaned_data.get("id"):
            row["id"] = form.cleaned_data["id"]
        rows.append(row)
        sources.append(form)
    return rows, sources


# --- actions -----------------------------------------------------------------------------------------------

ACTION_FORM_FIELDS = (
    "title", "description", "type", "lead_unit", "partners", "starts_on", "ends_on", "cost_estimate", "outputs",
    "risks",
)


def action_form_class(objectives: list[tuple[int, str]], others: list[tuple[int, str]]) -> type:
    attrs: dict[str, Any] = dict(fields_for_model(Action, fields=ACTION_FORM_FIELDS))
    for field in attrs.values():
        if isinstance(field, forms.DateField):
            field.widget = DATE_WIDGET
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3
    attrs["objective"] = forms.TypedChoiceField(
        label=_("specific objective"), required=False, choices=[("", "—"), *objectives], coerce=int, empty_value=None,
    )
    attrs["dependencies"] = forms.TypedMultipleChoiceField(
        label=_("depends on"), required=False, choices=others, coerce=int, widget=forms.CheckboxSelectMultiple,
    )
    return type("ActionForm", (RevisionForm,), attrs)


class FundingForm(RowForm):
    source = fields_for_model(ActionFunding, fields=["source"])["source"]
    kind = fields_for_model(ActionFunding, fields=["kind"])["kind"]
    amount = fields_for_model(ActionFunding, fields=["amount"])["amount"]
    status = fields_for_model(ActionFunding, fields=["status"])["status"]


FundingFormSet = forms.formset_factory(FundingForm, extra=1, can_delete=True)


def apply_errors(error: ValidationError, form: forms.Form, formsets: dict[str, tuple[list[forms.Form], forms.BaseFormSet]]) -> None:
    """Put the service's errors onto the fields they name; anything else goes to the form's summary."""
    messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for key, texts in messages.items():
        head, _dot, rest = key.partition(".")
        target, field = form, None
        if head in form.fields:
            field = head
        elif head in formsets:
            sources, formset = formsets[head]
            index, _dot, name = rest.partition(".")
            if index.isdigit() and int(index) < len(sources):
                target = sources[int(index)]
                field = name if name in target.fields else None
            else:
                target = formset  # type: ignore[assignment]
        for text in texts:
            if isinstance(target, forms.BaseFormSet):
                target._non_form_errors = target.non_form_errors() + [text]  # type: ignore[attr-defined]
            else:
                target.add_error(field, text)
        if target is not form and not form.errors.get(NON_FIELD_ERRORS):
            form.add_error(None, _("Some rows have errors; see below."))


# --- classification ----------------------------------------------------------------------------------------

def classification_choices(items: Any) -> list[tuple[str, str]]:
    """A network classification's options as (value, label): its strings, its records' names, or a
    mapping's keys. A record is stored by its name, like a plain string option, so the MID page, the
    exports and the diffs read it without looking the network up (`pim.plans.editing` accepts either)."""
    if isinstance(items, dict):
        return [(str(k), capfirst(label_for(str(k)))) for k in items]
    choices = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            value = item.get("name") or item.get("key")
            if value:
                choices.append((str(value), str(value)))
        elif item not in (None, ""):
            choices.append((str(item), str(item)))
    return choices


def classification_form_class(available: dict[str, Any] | None) -> type:
    """One field per classification the network defines, its options from the network's configuration.

    A classification may take several values (checkboxes); one without a list of options takes free text.
    """
    attrs: dict[str, Any] = {}
    for key, items in (available or {}).items():
        choices = classification_choices(items)
        label = capfirst(label_for(str(key)))
        attrs[str(key)] = (
            forms.MultipleChoiceField(label=label, required=False, choices=choices, widget=forms.CheckboxSelectMultiple)
            if choices else forms.CharField(label=label, required=False, max_length=300)
        )
    return type("ClassificationForm", (forms.Form,), attrs)


def classification_initial(available: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """The plan's values as the form's initial data; a record stored by its key is checked under its name."""
    initial: dict[str, Any] = {}
    for key, items in (available or {}).items():
        value = current.get(key)
        values = [str(v) for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]
        aliases = {str(i["key"]): str(i["name"]) for i in items if isinstance(i, dict) and i.get("key") and i.get("name")} \
            if isinstance(items, list) else {}
        values = [aliases.get(v, v) for v in values]
        initial[str(key)] = values if classification_choices(items) else (values[0] if values else "")
    return initial


def classification_data(available: dict[str, Any] | None, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The form's values as the plan's classification: one value as a string, several as a list."""
    result: dict[str, Any] = {}
    for key in available or {}:
        value = cleaned.get(str(key))
        values = [v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]
        if values:
            result[str(key)] = values if len(values) > 1 else values[0]
    return result


# --- reviewing expert ----------------------------------------------------------------------------------------

class ExpertForm(forms.Form):
    """The MID's reviewing expert, one of its network's active thematic experts."""

    expert = forms.ModelChoiceField(
        label=_("Reviewing expert"), queryset=Person.objects.none(), required=False, empty_label=_("nobody yet"),
        help_text=_("Only the network's thematic experts can be chosen."),
    )

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = RoleAssignment.objects.active().experts_for(plan.network) if plan.network_id else RoleAssignment.objects.none()
        self.fields["expert"].queryset = Person.objects.filter(roles__in=roles).distinct().order_by("name", "pk")


# Sections with a form (the derived ones have none).
FORM_SECTIONS = frozenset(SCALAR_FIELDS) | frozenset(ROWS) | {"classification"}
