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


class BarriersForm(RevisionForm):
    barriers = forms.ModelMultipleChoiceField(
        label=_("Barriers addressed"), queryset=Barrier.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["barriers"].queryset = network_register(network)


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
    barriers = forms.ModelMultipleChoiceField(
        label=_("Barriers it answers"), queryset=Barrier.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    good_practices = forms.ModelMultipleChoiceField(
        label=_("Supporting good practices"), queryset=GoodPractice.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["barriers"].queryset = network_register(network)
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


class BarrierAddForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=Barrier.Type.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    cities = forms.ModelMultipleChoiceField(
        label=_("Cities that raised it"), queryset=Participant.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cities"].queryset = Participant.objects.filter(memberships__network=network).distinct().order_by(
            "name"
        )


class BarrierMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Keep this barrier"), queryset=Barrier.objects.none())
    others = forms.ModelMultipleChoiceField(
        label=_("Merge these barriers into it"), queryset=Barrier.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = network_register(network)
        self.fields["others"].queryset = network_register(network)


class BarrierFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("all")), *Barrier.Type.choices], required=False)
    city = forms.ModelChoiceField(label=_("City"), queryset=Participant.objects.none(), required=False,
                                  empty_label=_("all"))
    origin = forms.ChoiceField(label=_("Origin"), choices=[("", _("all")), *Barrier.Origin.choices], required=False)

    def __init__(self, *args: Any, network: ThematicNetwork, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = Participant.objects.filter(memberships__network=network).distinct().order_by(
            "name"
        )


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
