"""Filter forms of the public lists. They only check the shape of GET parameters; bad values are dropped."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from pim.core.forms import LenientFilterForm
from pim.places.models import Participant, SizeClass, Voivodeship
from pim.programmes.models import Edition

ANY = ("", _("any"))


def _edition_choices(editions: Iterable[Edition]) -> list[tuple[str, str]]:
    return [ANY, *((e.slug, e.name) for e in editions)]


class ParticipantFilterForm(LenientFilterForm):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    voivodeship = forms.ChoiceField(label=_("Voivodeship"), required=False)
    size_class = forms.ChoiceField(label=_("Size class"), required=False, choices=[ANY, *SizeClass.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[ANY, *Participant.Kind.choices])
    edition = forms.ChoiceField(label=_("Edition"), required=False)
    registry = forms.BooleanField(
        label=_("Include the whole registry, not only PIM participants"), required=False
    )

    def __init__(self, *args, voivodeships: Iterable[Voivodeship], editions: Iterable[Edition], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voivodeship"].choices = [ANY, *((v.slug, v.name) for v in voivodeships)]
        self.fields["edition"].choices = _edition_choices(editions)

    def queryset_filters(self) -> dict[str, object]:
        """Keyword arguments for `ParticipantQuerySet.filter_by`."""
        filters = self.filters()
        pim_only = not filters.pop("registry", False)
        return {**filters, "pim_only": pim_only}


class MapFilterForm(LenientFilterForm):
    edition = forms.ChoiceField(label=_("Edition"), required=False)

    def __init__(self, *args, editions: Iterable[Edition], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = _edition_choices(editions)
