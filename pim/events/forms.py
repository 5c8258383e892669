"""Forms of the event pages: they check the input's shape and offer only the choices the user may use.

Permissions and the rules between fields (level, numbering, capacity, quotas) live in the services; the
views put the services' errors back on these forms' fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from pim.events.files import MAX_SIZE, allowed_extensions
from pim.events.models import Event, EventOutcome
from pim.places.models import Participant
from pim.plans.models import Action, ActionPlan
from pim.programmes.models import Edition, Membership, Person, RoleAssignment, ThematicNetwork
from pim.programmes.rules import lead_network_ids, user_roles

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
Role = RoleAssignment.Role

EVENT_FORM_FIELDS = (
    "kind", "title", "edition", "network", "host", "expert", "plan", "starts_on", "ends_on", "start_time",
    "end_time", "place", "is_online", "online_link", "description", "is_public", "registration_open", "capacity",
)
# What a link to the "new event" page may preselect (`?network=<id>`, `?kind=lp_meeting&host=<id>`); the
# edition menu's htmx request sends the same names.
PREFILL_FIELDS = ("kind", "edition", "network", "host")


def organised_networks(user: Any) -> QuerySet[ThematicNetwork]:
    """Networks the user may hold events in: as operator, expert, lead city, or for their own city's LP."""
    roles = user_roles(user)
    networks = ThematicNetwork.objects.select_related("edition").order_by("-edition__start_year", "name")
    if roles.operator_of_all_editions:
        return networks
    own_cities = roles.city_team_participants | roles.lp_coordinator_participants
    own_networks = Membership.objects.current().filter(participant_id__in=own_cities).values("network_id")
    return networks.filter(
        Q(pk__in=roles.expert_networks | lead_network_ids(user)) | Q(edition_id__in=roles.operator_editions)
        | Q(pk__in=own_networks)
    )


class EventForm(forms.Form):
    """The event's own fields; `edition` is needed only for events of no network.

    `prefill` (the query string of an unbound form) preselects `PREFILL_FIELDS`; a value the user may not
    choose is dropped, and a network of another edition than the one given gives way to the edition. Once an
    edition is known, the network and host menus offer only that edition's networks and their cities
    (`scope_edition`); the htmx request behind the edition menu renders them again with `prefill`.
    """

    def __init__(
        self, *args: Any, user: Any, instance: Event | None = None, prefill: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=EVENT_FORM_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Event, fields=EVENT_FORM_FIELDS))
        roles = user_roles(user)
        networks = organised_networks(user)
        self.fields["network"].queryset = networks
        self.fields["network"].required = False
        self.fields["network"].help_text = _(
            "Empty for edition-level events; an LP meeting or advisory without one takes the host's current network."
        )
        editions = Edition.objects.order_by("-start_year")
        if not roles.operator_of_all_editions:
            editions = editions.filter(Q(pk__in=roles.operator_editions) | Q(networks__in=networks)).distinct()
        self.fields["edition"].queryset = editions
        self.fields["edition"].required = False
        hosts = Participant.objects.order_by("name")
        if not roles.operator_of_all_editions:
            own = roles.city_team_participants | roles.lp_coordinator_participants
            members = Membership.objects.filter(network__in=networks).values("participant_id")
            hosts = hosts.filter(Q(pk__in=own) | Q(pk__in=members))
        else:
            hosts = hosts.filter(memberships__isnull=False).distinct()
        self.fields["host"].queryset = hosts
        experts = RoleAssignment.objects.active().filter(role=Role.THEMATIC_EXPERT, network__in=networks)
        self.fields["expert"].queryset = Person.objects.filter(pk__in=experts.values("person_id")).order_by("name")
        self.fields["expert"].help_text = _("For an individual advisory: the expert who gives it.")
        self.fields["plan"].queryset = ActionPlan.objects.filter(network__in=networks).order_by("title", "pk")
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget = DATE_WIDGET
            self.fields[name].required = True if name == "starts_on" else False
        for name in ("start_time", "end_time"):
            self.fields[name].widget = TIME_WIDGET
        self.fields["description"].label = _("Description")
        self.fields["description"].widget = forms.Textarea(attrs={"rows": 4})
        self.fields["capacity"].widget.attrs["min"] = 1
        self.scope_edition: Edition | None = None
        if not self.is_bound:
            edition = self._prefill(prefill) if prefill else self._choice("edition", self.initial.get("edition"))
            self._narrow(edition, host=self.initial.get("host"))

    def _choice(self, name: str, raw: Any) -> Any:
        """The field's value for `raw` if it is one the user may choose, else None (unknown, foreign, malformed)."""
        if raw in (None, ""):
            return None
        try:
            return self.fields[name].clean(raw)
        except ValidationError:
            return None

    def _prefill(self, query: Mapping[str, str]) -> Edition | None:
        """Preselect the query's choices; returns the edition they come to."""
        values = {name: self._choice(name, query.get(name)) for name in PREFILL_FIELDS}
        edition, network = values["edition"], values["network"]
        if network is not None and edition is None:
            values["edition"] = network.edition
        elif network is not None and network.edition_id != edition.pk:
            # The edition menu was changed after the network was chosen: the edition is the newer choice.
            values["network"] = None
        for name, value in values.items():
            if value is not None:
                self.initial[name] = getattr(value, "pk", value)
        return values["edition"]

    def _narrow(self, edition: Edition | None, *, host: Any = None) -> None:
        """Offer only the edition's networks, and as hosts the cities of its networks and the host chosen so far.

        The chosen host stays even if its city is in none of the edition's networks: a host outside them is
        allowed (the service decides), and dropping it from the menu would lose it without a word.
        """
        if edition is None:
            return
        self.scope_edition = edition
        self.fields["network"].queryset = self.fields["network"].queryset.filter(edition=edition)
        members = Membership.objects.filter(network__edition=edition).values("participant_id")
        host_pk = getattr(host, "pk", host)
        kept = Q(pk__in=members) | Q(pk=host_pk) if host_pk not in (None, "") else Q(pk__in=members)
        self.fields["host"].queryset = self.fields["host"].queryset.filter(kept)

    def full_clean(self) -> None:
        super().full_clean()
        # The menus are validated against everything the user may choose, so that a network of another
        # edition gets clean()'s own message; the form shown again then offers the chosen edition's only.
        if self.is_bound:
            self._narrow(self.cleaned_data.get("edition"), host=self.cleaned_data.get("host"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        edition, network = data.get("edition"), data.get("network")
        if edition is not None and network is not None and network.edition_id != edition.pk:
            self.add_error("network", _(
                "This network belongs to another edition (%(edition)s): choose a network of the chosen edition, "
                "or change the edition."
            ) % {"edition": network.edition})
        return data

    def clean_capacity(self) -> int | None:
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("The capacity must be at least 1, or empty for no limit."))
        return capacity


class AgendaItemForm(forms.Form):
    time = forms.TimeField(label=_("time"), required=False, widget=TIME_WIDGET)
    day = forms.DateField(label=_("day"), required=False, widget=DATE_WIDGET)
    title = forms.CharField(label=_("title"), max_length=300)
    speaker = forms.CharField(label=_("speaker or lead"), max_length=300, required=False)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=2, can_delete=True, max_num=100, validate_max=True)


def agenda_initial(event: Event) -> list[dict[str, Any]]:
    return [model_to_dict(item, fields=["time", "day", "title", "speaker", "description"])
            for item in event.agenda_items.all()]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation else obj.name


class RegistrationForm(forms.Form):
    person = PersonChoiceField(label=_("person"), queryset=Person.objects.none())
    participant = forms.ModelChoiceField(
        label=_("city"), queryset=Participant.objects.none(), required=False,
        help_text=_("Empty: the city the person works for in the programme, if any."),
    )

    present = forms.BooleanField(label=_("Also mark as present (someone who came without registering)"),
                                 required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = event.eligible_people()
        self.fields["participant"].queryset = event.delegation_cities()


class QuotaForm(forms.Form):
    """One number per city of the event; empty means the city has no quota of its own."""

    def __init__(self, *args: Any, cities: list[Participant], quotas: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cities = cities
        for city in cities:
            self.fields[f"city_{city.pk}"] = forms.IntegerField(
                label=city.name, required=False, min_value=0, max_value=1000, initial=quotas.get(city.pk)
            )

    def quotas(self) -> dict[Participant, int | None]:
        return {city: self.cleaned_data.get(f"city_{city.pk}") for city in self.cities}

    def inputs(self) -> list[tuple[str, str, str, Any, list[str]]]:
        """(name, id, city, value or None, errors) of each city, for the page's plain number inputs: a network's
        150 cities through the bound-field and widget machinery took a third of the registrations page."""
        errors = self.errors if self.is_bound else {}
        rows = []
        for name, field in self.fields.items():
            html_name = self.add_prefix(name)
            value = self.data.get(html_name) if self.is_bound else self.get_initial_for_field(field, name)
            rows.append((html_name, self.auto_id % html_name, field.label, None if value == "" else value,
                         errors.get(name, [])))
        return rows


class OutcomeForm(forms.Form):
    def __init__(self, *args: Any, plans: QuerySet[ActionPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = ("text", "plan", "plan_section", "action", "is_candidate_barrier", "barrier_type")
        self.fields.update(fields_for_model(EventOutcome, fields=names))
        self.fields["text"].widget = forms.Textarea(attrs={"rows": 3})
        self.fields["plan"].queryset = plans
        self.fields["action"].queryset = Action.objects.filter(plan__in=plans).order_by("plan_id", "pk")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action, plan = data.get("action"), data.get("plan")
        if action is not None and plan is not None and action.plan_id != plan.pk:
            self.add_error("action", _("The action belongs to another MID."))
        return data


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, required=False,
                            help_text=_("Empty: the file's name."))
    file = forms.FileField(label=_("file"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Accepted: %(types)s; at most %(size)d MB.") % {
            "types": allowed_extensions(), "size": MAX_SIZE // (1024 * 1024)}


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("minutes"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paragraphs, lists, bold, italics and links are kept; other formatting is removed."),
    )
    expected_revision = forms.IntegerField(widget=forms.HiddenInput)



class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The people registered get it by e-mail, and the event page shows it."),
        error_messages={"required": _("Say why the event is cancelled: the people registered will read it.")},
    )
