"""Forms of the network roadmap editor: they check the input's shape; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pim.programmes.models import RoadmapAction


class RevisionForm(forms.Form):
    """What every roadmap form carries: the revision the editor started from."""

    expected_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RoadmapForm(RevisionForm):
    problems = forms.CharField(
        label=_("Main problems of the theme"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    goals = forms.CharField(
        label=_("Goals"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RoadmapActionForm(RevisionForm):
    title = forms.CharField(label=_("Action"), max_length=RoadmapAction._meta.get_field("title").max_length)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible = forms.CharField(
        label=_("Responsible"), required=False, max_length=RoadmapAction._meta.get_field("responsible").max_length
    )
    starts_on = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    order = forms.IntegerField(label=_("Position"), required=False, min_value=0, max_value=32767)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return data

    def values(self) -> dict:
        """The action's fields for `roadmap_action_save` (the position only when given)."""
        names = ["title", "description", "responsible", "starts_on", "ends_on"]
        values = {name: self.cleaned_data[name] for name in names}
        if self.cleaned_data.get("order") is not None:
            values["order"] = self.cleaned_data["order"]
        return values
