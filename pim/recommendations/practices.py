"""Good practices: the catalogue's filters, the create/edit form of a practice, and its writes.

A network's practice is written within that network: the form offers that network's cities, MIDs and events
only, and the write checks the same again, so a hand-made POST cannot tie a practice to another network's
records. A practice outside any network (what the programme as a whole learnt) is the operator's: it names an
edition the operator runs, or none, and ties to no network's MID or events.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pim.core.forms import LenientFilterForm
from pim.core.text import fold, folded
from pim.events.models import Event
from pim.places.models import Participant
from pim.plans.models import ActionPlan
from pim.programmes.models import Edition, ThematicNetwork
from pim.programmes.rules import user_roles
from pim.recommendations.models import GoodPractice
from pim.recommendations.scoreboard import recommendations

ANY = ("", _("any"))
ADD_OUTSIDE_NETWORK = "recommendations.add_goodpractice_outside_network"
POLAND = "Polska"


def catalogue() -> QuerySet[GoodPractice]:
    return GoodPractice.objects.select_related("participant", "network__edition", "edition").order_by(
        folded("title"), "pk"
    )


def filter_practices(
    queryset: QuerySet[GoodPractice], *, edition: Edition | None = None, network: ThematicNetwork | None = None,
    theme: str = "", source_kind: str = "", country: str = "", q: str = "",
) -> QuerySet[GoodPractice]:
    if edition is not None:
        queryset = queryset.filter(Q(edition=edition) | Q(edition__isnull=True, network__edition=edition))
    if network is not None:
        queryset = queryset.filter(network=network)
    if theme:
        queryset = queryset.filter(theme=theme)
    if source_kind:
        queryset = queryset.filter(source_kind=source_kind)
    if country:
        # A participant's practice is Polish unless its country says otherwise.
        if country == POLAND:
            queryset = queryset.filter(Q(country=POLAND) | Q(country="", participant__isnull=False))
        else:
            queryset = queryset.filter(country=country)
    if q:
        text = fold(q)
        # REPLACE() needs one type throughout: the description (a TextField) is read as the others' CharField.
        queryset = queryset.annotate(_description=Cast("description", CharField())).annotate(
            _title=folded("title"), _folded_description=folded("_description"), _theme=folded("theme"),
            _city=folded("foreign_city"), _participant=folded("participant__name"),
        ).filter(
            Q(_title__contains=text) | Q(_folded_description__contains=text) | Q(_theme__contains=text)
            | Q(_city__contains=text) | Q(_participant__contains=text)
        )
    return queryset


class PracticeFilterForm(LenientFilterForm):
    """The catalogue's GET filters; an unknown value is dropped with a notice."""

    q = forms.CharField(label=_("Text contains"), required=False, max_length=100)
    edition = forms.ModelChoiceField(
        label=_("Edition"), required=False, queryset=Edition.objects.none(), to_field_name="slug", empty_label=_("any")
    )
    network = forms.ModelChoiceField(
        label=_("Network"), required=False, queryset=ThematicNetwork.objects.none(), to_field_name="slug",
        empty_label=_("any"),
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    source_kind = forms.ChoiceField(
        label=_("Source"), required=False, choices=[ANY, *GoodPractice.SourceKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.order_by("-start_year", "pk")
        self.fields["network"].queryset = ThematicNetwork.objects.filter(good_practices__isnull=False).distinct(
        ).order_by("-edition__start_year", "name")
        themes = GoodPractice.objects.exclude(theme="").values_list("theme", flat=True).distinct().order_by("theme")
        self.fields["theme"].choices = [ANY, *((t, t) for t in themes)]
        countries = set(GoodPractice.objects.exclude(country="").values_list("country", flat=True).distinct())
        if GoodPractice.objects.filter(country="", participant__isnull=False).exists():
            countries.add(POLAND)
        self.fields["country"].choices = [ANY, *((c, c) for c in sorted(countries, key=fold))]


def writable_networks(user: Any) -> QuerySet[ThematicNetwork]:
    """Networks whose good practices the user may add: an operator's editions, an expert's networks."""
    roles = user_roles(user)
    networks = ThematicNetwork.objects.select_related("edition").order_by("-edition__start_year", "name")
    if roles.operator_of_all_editions:
        return networks
    return networks.filter(Q(edition_id__in=roles.operator_editions) | Q(pk__in=roles.expert_networks))


def network_for_new_practice(user: Any, slug: str) -> ThematicNetwork | None:
    """The network a new practice is added to, if the user may add its practices; 404 otherwise.

    No network (an empty `slug`) means a practice outside any network: the operator's, 403 for the others.
    """
    if not slug:
        if not user.has_perm(ADD_OUTSIDE_NETWORK):
            raise PermissionDenied(gettext(
                "Only the programme operator adds a good practice outside a network. To add a practice of your "
                "network, choose the network in the good practices catalogue."
            ))
        return None
    network = get_object_or_404(ThematicNetwork.objects.select_related("edition"), slug=slug)
    if not user.has_perm("recommendations.add_goodpractice", GoodPractice(network=network, edition_id=network.edition_id)):
        raise Http404
    return network


class GoodPracticeForm(forms.ModelForm):
    """A network's practice (`network`), or one outside any network (`network=None`, the operator's)."""

    class Meta:
        model = GoodPractice
        fields = ["title", "edition", "participant", "foreign_city", "country", "theme", "description", "source_kind",
                  "plan", "events"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, network: ThematicNetwork | None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        if network is None:
            self._outside_network(user)
            return
        # A network's practice belongs to the network's edition: nothing to choose.
        del self.fields["edition"]
        self.fields["participant"].queryset = Participant.objects.filter(
            memberships__network=network
        ).distinct().order_by(folded("name"))
        self.fields["participant"].help_text = _("A city of the network; leave empty for a foreign city's practice.")
        self.fields["plan"].queryset = ActionPlan.objects.filter(network=network).select_related(
            "participant"
        ).order_by("title", "pk")
        self.fields["plan"].label_from_instance = lambda plan: (
            f"{plan.participant.name}: {plan.title}" if plan.participant else plan.title
        )
        self.fields["events"].queryset = Event.objects.filter(network=network).order_by("starts_on", "pk")
        self.fields["events"].required = False

    def _outside_network(self, user: Any) -> None:
        # MIDs and events belong to networks: a practice outside any network ties to none of them.
        del self.fields["plan"], self.fields["events"]
        self.fields["participant"].queryset = Participant.objects.order_by(folded("name"))
        self.fields["participant"].help_text = _("A programme city; leave empty for a foreign city's practice.")
        edition = self.fields["edition"]
        edition.queryset = Edition.objects.order_by("-start_year", "pk")
        edition.empty_label = _("none: the whole programme")
        edition.help_text = _("The edition the practice comes from; only an operator of all editions may leave it empty.")
        roles = user_roles(user) if user is not None else None
        if roles is not None and not roles.operator_of_all_editions:
            edition.queryset = edition.queryset.filter(pk__in=roles.operator_editions)
            edition.required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.network is None:
            cleaned.update(plan=None, events=[])
        else:
            cleaned["edition"] = self.instance.edition if self.instance.pk else self.network.edition
        return cleaned


def _check(practice: GoodPractice, events: list[Event]) -> None:
    """What a practice must hold together (with its network, if it has one); errors keyed by the form's fields."""
    errors: dict[str, list[str]] = {}
    network = practice.network
    if practice.participant_id is None and not practice.foreign_city:
        errors.setdefault("foreign_city", []).append(
            gettext("Name the network's city or, for a practice from abroad, the foreign city.")
        )
    if practice.participant_id is not None and practice.foreign_city:
        errors.setdefault("foreign_city", []).append(
            gettext("A practice is either a network city's or a foreign city's, not both.")
        )
    if practice.foreign_city and not practice.country:
        errors.setdefault("country", []).append(gettext("Give the foreign city's country."))
    if network is not None:
        if practice.participant_id is not None and not network.memberships.filter(
            participant_id=practice.participant_id
        ).exists():
            errors.setdefault("participant", []).append(gettext("This city is not a member of the network."))
        if practice.plan_id is not None and practice.plan.network_id != network.pk:
            errors.setdefault("plan", []).append(gettext("This MID belongs to another network."))
        if any(event.network_id != network.pk for event in events):
            errors.setdefault("events", []).append(gettext("Choose only the network's own events."))
    elif practice.plan_id is not None or events:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            gettext("A practice outside a network cannot name a MID or events.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def good_practice_save(
    *, user: Any, network: ThematicNetwork | None, data: dict[str, Any], practice: GoodPractice | None = None
) -> GoodPractice:
    """Create (no `practice`) or update a good practice of `network` (or outside any) from cleaned form data."""
    data = dict(data)
    events = list(data.pop("events", []) or [])
    if network is not None:
        # A network's practice stays in the network's edition, whatever the data says.
        data.pop("edition", None)
    if practice is None:
        practice = GoodPractice(network=network, edition_id=network.edition_id if network is not None else None)
        perm = "recommendations.add_goodpractice"
    else:
        perm = "recommendations.change_goodpractice"
    for name, value in data.items():
        setattr(practice, name, value)
    if not user.has_perm(perm, practice):
        if network is None and practice.pk is None and user.has_perm(ADD_OUTSIDE_NETWORK):
            raise ValidationError({"edition": gettext("Choose an edition you run.")})
        raise PermissionDenied(gettext("You may not write this network's good practices."))
    _check(practice, events)
    practice.full_clean()
    practice.save()
    practice.events.set(events)
    return practice


def recommendations_of(practice: GoodPractice, user: Any) -> QuerySet:
    """The recommendations this practice supports that the user may read (the public ones, for most)."""
    return recommendations().visible_to(user).filter(good_practices=practice).select_related(
        "improvement_plan__network"
    ).order_by("improvement_plan__network__name", "order", "pk")
