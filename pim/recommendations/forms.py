"""Forms of the PU editor, the barrier register and the addressees' responses.

They check the input's shape; the rules (which barriers may be chosen, who answers for whom, dates not in
the future) live in the services, whose per-field errors the views put back on these forms.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pim.places.models import Participant
from pim.programmes.models import Institution, ThematicNetwork
from pim.recommendations.models import (
    Barrier,
    GoodPractice,
    ImprovementPlan,
    Recommendation,
    RecommendationResponse,
    RecommendationStatusUpdate,
)

MAX_ID = 2**63 - 1
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def apply_errors(error: ValidationError, form: forms.Form) -> None:
    """Put a service's ValidationError on the form: per field where it names one, else on the whole form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target if name != NON_FIELD_ERRORS else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class RevisionForm(forms.Form):
    expected_revision = forms.IntegerField(widget=forms.HiddenInput)


class GeneralForm(RevisionForm):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    authors = forms.CharField(label=_("Authors"), max_length=300, required=False)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Paragraphs, lists, bold and links are kept (simple HTML); anything else is removed."),
    )


def network_register(network: ThematicNetwork) -> Any:
    return Barrier.objects.filter(network=network).in_register().order_by("type", "pk")


def barrier_label(barrier: Barrier) -> str:
    return f"{barrier.get_type_display()}: {barrier.description}"


class RegisterBarriersField(forms.ModelMultipleChoiceField):
    """Barrier ids checked against the whole register, while the page lists only some of them.

    A register holds thousands of entries: the widget shows the choices the view sets (the selected ones,
    a page of the register), and validation looks up just the posted ids, in one query.
    """

    default_error_messages = {
        "invalid_choice": _("Barrier %(value)s is not in this network's register (it may have been merged)."),
        "invalid_pk_value": _("“%(pk)s” is not a barrier number."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(queryset=Barrier.objects.none(), **kwargs)

    def label_from_instance(self, obj: Barrier) -> str:
        return barrier_label(obj)

    def _check_values(self, value: Any) -> Any:
        # A number past the database's integer range is no barrier: an error, not an overflow.
        for pk in value:
            if str(pk).isdigit() and int(pk) > MAX_ID:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                      params={"value": pk})
        return super()._check_values(value)

    def show(self, barriers: Any) -> None:
        self.choices = [(b.pk, barrier_label(b)) for b in barriers]
        self.chosen_ids = ""


def _show_selected(form: forms.Form, name: str, network: ThematicNetwork) -> None:
    """The barrier picker lists the selected barriers (posted or initial); the search adds others."""
    field = form.fields[name]
    field.queryset = network_register(network)
    if form.is_bound:
        raw = form.data.getlist(form.add_prefix(name)) if hasattr(form.data, "getlist") else form.data.get(name, [])
    else:
        raw = form.initial.get(name) or []
    ids = {int(v) for v in map(str, raw) if v.isdigit() and int(v) <= MAX_ID}
    field.show(field.queryset.filter(pk__in=ids) if ids else [])
    # The search leaves out what the picker already lists.
    field.chosen_ids = ",".join(str(pk) for pk, _label in field.choices)


class BarriersForm(RevisionForm):
    barriers = RegisterBarriersField(label=_("Barriers addressed"), required=False)

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _show_selected(self, "barriers", network)


def practices_for(network: ThematicNetwork) -> Any:
    """Good practices a network's PU may cite: the network's own and those recorded without a network."""
    return GoodPractice.objects.filter(Q(network=network) | Q(network__isnull=True)).order_by("title", "pk")


class GoodPracticesForm(RevisionForm):
    good_practices = forms.ModelMultipleChoiceField(
        label=_("Good practices"), queryset=GoodPractice.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["good_practices"].queryset = practices_for(network)


class RecommendationForm(RevisionForm):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    type = forms.ChoiceField(label=_("Type"), choices=Recommendation.Type.choices)
    is_key = forms.BooleanField(label=_("Key recommendation"), required=False)
    horizon = forms.ChoiceField(label=_("Horizon"), choices=[("", "—"), *Recommendation.Horizon.choices], required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", "—"), *Recommendation.Priority.choices], required=False
    )
    addressees = forms.ModelMultipleChoiceField(
        label=_("Addressee institutions"), queryset=Institution.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    barriers = RegisterBarriersField(label=_("Barriers it answers"), required=False)
    good_practices = forms.ModelMultipleChoiceField(
        label=_("Supporting good practices"), queryset=GoodPractice.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _show_selected(self, "barriers", network)
        self.fields["good_practices"].queryset = practices_for(network)

    def data_for_service(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("text", "type", "is_key", "horizon", "priority")}
        for name in ("addressees", "barriers", "good_practices"):
            data[name] = [obj.pk for obj in self.cleaned_data[name]]
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class DueDateForm(forms.Form):
    response_due_on = forms.DateField(label=_("Response due on"), required=False, widget=DATE_WIDGET)


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=ImprovementPlan.State.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    handed_over_on = forms.DateField(label=_("Handed over on"), required=False, widget=DATE_WIDGET)
    handed_over_to = forms.ModelChoiceField(
        label=_("Handed over to"), queryset=Institution.objects.order_by("name"), required=False
    )


def _network_cities(network: ThematicNetwork) -> Any:
    return Participant.objects.filter(memberships__network=network).distinct().order_by("name")


class BarrierAddForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=Barrier.Type.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    cities = forms.ModelMultipleChoiceField(
        label=_("Cities that raised it"), queryset=Participant.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cities"].queryset = _network_cities(network)


class BarrierEditForm(BarrierAddForm):
    expected_revision = forms.IntegerField(widget=forms.HiddenInput)


class BarrierMergeForm(forms.Form):
    """Merge within what the register page shows (`shown`: its current page); ids are checked against the
    whole register, so a barrier merged meanwhile gives a field error, not a 500."""

    target = forms.ModelChoiceField(
        label=_("Keep this barrier"), queryset=Barrier.objects.none(),
        error_messages={"invalid_choice": _("Choose a standing barrier of this network's register.")},
    )
    others = RegisterBarriersField(label=_("Merge these barriers into it"))

    def __init__(self, *args: Any, network: ThematicNetwork, shown: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        register = network_register(network)
        self.fields["target"].queryset = register
        self.fields["others"].queryset = register
        self.show(shown)

    def show(self, shown: Any) -> None:
        self.fields["target"].choices = [("", "---------"), *((b.pk, barrier_label(b)[:140]) for b in shown)]
        self.fields["others"].show(shown)


class BarrierFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the descriptions"), max_length=200, required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("all")), *Barrier.Type.choices], required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=Participant.objects.none(), required=False,
                                  empty_label=_("all"))
    origin = forms.ChoiceField(label=_("Origin"), choices=[("", _("all")), *Barrier.Origin.choices], required=False)

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = _network_cities(network)

    def apply(self, barriers: Any) -> Any:
        if not self.is_valid():
            return barriers
        data = self.cleaned_data
        if data["type"]:
            barriers = barriers.filter(type=data["type"])
        if data["origin"]:
            barriers = barriers.filter(origin=data["origin"])
        if data["city"]:
            barriers = barriers.filter(cities=data["city"])
        return barriers.matching(data["q"]) if data["q"] else barriers


class AnswerForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())
    decision = forms.ChoiceField(label=_("Decision"), choices=RecommendationResponse.Decision.choices)
    text = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 5}))
    responded_on = forms.DateField(label=_("Response date"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class StatusForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatusUpdate.Status.choices)
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    reported_on = forms.DateField(label=_("As of"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
