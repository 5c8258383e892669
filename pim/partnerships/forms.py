"""Forms of the LP screens: they check the input's shape; the services check the rules."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pim.partnerships.documents import validate_document
from pim.partnerships.models import Category, ConsentText, LocalPartnership, PartnershipMember
from pim.places.models import Participant
from pim.programmes.models import Edition, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_ACCEPT = {"accept": ".pdf,.docx,.odt"}


class PartnershipForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.order_by("-start_year", "pk"))
    formula = forms.ChoiceField(label=_("Formula"), choices=LocalPartnership.Formula.choices,
                                widget=forms.RadioSelect, initial=LocalPartnership.Formula.OPEN)
    founded_on = forms.DateField(label=_("Date of the founding act"), required=False, widget=DATE)
    founding_act_title = forms.CharField(
        label=_("Founding act"), required=False, max_length=250,
        help_text=_("For example: the mayor's order no. …, a letter of intent."),
    )
    founding_act_document = forms.FileField(
        label=_("Founding act (file)"), required=False, validators=[validate_document],
        widget=forms.FileInput(attrs=DOCUMENT_ACCEPT), help_text=_("PDF, DOCX or ODT, up to 10 MB."),
    )
    remove_founding_act_document = forms.BooleanField(label=_("Remove the current file"), required=False)
    founding_act_link = forms.URLField(label=_("Founding act (link)"), required=False, max_length=500,
                                       assume_scheme="https")
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=Person.objects.none(), required=False)
    rules_of_procedure = forms.CharField(label=_("Rules of procedure"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    rules_document = forms.FileField(
        label=_("Rules of procedure (file)"), required=False, validators=[validate_document],
        widget=forms.FileInput(attrs=DOCUMENT_ACCEPT), help_text=_("PDF, DOCX or ODT, up to 10 MB."),
    )
    remove_rules_document = forms.BooleanField(label=_("Remove the current file"), required=False)

    def __init__(self, *args: Any, participants: Any = None, coordinators: Any = None,
                 partnership: LocalPartnership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partnership is not None:
            # The LP's city and edition are fixed once it exists.
            del self.fields["participant"], self.fields["edition"]
            if not partnership.founding_act_document:
                del self.fields["remove_founding_act_document"]
            if not partnership.rules_document:
                del self.fields["remove_rules_document"]
        else:
            self.fields["participant"].queryset = participants
            del self.fields["remove_founding_act_document"], self.fields["remove_rules_document"]
        if coordinators is None:
            # A new LP has no members yet to choose from; the coordinator is chosen on the edit form.
            del self.fields["coordinator"]
        else:
            self.fields["coordinator"].queryset = coordinators

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as `partnership_create/update` take them (files: new, removed, or unchanged)."""
        data = dict(self.cleaned_data)
        data.pop("participant", None)
        data.pop("edition", None)
        for name in ("founding_act_document", "rules_document"):
            remove = data.pop(f"remove_{name}", False)
            if data[name]:
                continue
            if remove:
                data[name] = ""
            else:
                del data[name]
        return data


class MemberForm(forms.Form):
    kind = forms.ChoiceField(label=_("Member is"), choices=PartnershipMember.Kind.choices, widget=forms.RadioSelect,
                             initial=PartnershipMember.Kind.PERSON)
    name = forms.CharField(label=_("Full name"), required=False, max_length=200,
                           help_text=_("For a person; leave empty for an organisation."))
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=250)
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    sector = forms.CharField(label=_("Sector"), required=False, max_length=120,
                             help_text=_("For example: education, housing, culture."))
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.RegexField(
        label=_("Phone"), required=False, max_length=30, regex=r"^\+?[0-9 ()-]{6,30}$",
        error_messages={"invalid": _("Enter a phone number: digits, spaces, +, - and ( ).")},
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DATE)
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE)
    mid_role = forms.CharField(label=_("Role in the MID"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("For example: owner of action 2, partner in the communication plan."))

    def __init__(self, *args: Any, member: PartnershipMember | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if member is not None:
            # What a member is does not change; a person's name is edited only where it lives.
            del self.fields["kind"]
            if member.person_id is None:
                del self.fields["name"]
            else:
                self.fields["name"].required = True
                self.fields["name"].help_text = ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == PartnershipMember.Kind.PERSON and not data.get("name", "").strip():
            self.add_error("name", _("Enter the person's name."))
        if kind == PartnershipMember.Kind.ORGANISATION:
            if not data.get("organisation", "").strip():
                self.add_error("organisation", _("Enter the organisation's name."))
            if data.get("name"):
                self.add_error("name", _("An organisation has no personal name; use the organisation field."))
        joined, left = data.get("joined_on"), data.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("A member cannot leave before joining."))
        return data


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Consent to"), choices=ConsentText.Scope.choices)
    given_on = forms.DateField(label=_("Given on"), required=False, widget=DATE,
                               help_text=_("For a consent signed on paper; empty means today."))

    def given_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("given_on")
        if day is None or day == timezone.localdate():
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: the name and contact details are removed for good and cannot be restored."),
    )


class AcceptForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent_processing = forms.BooleanField(label=_("I consent to the processing of my personal data"))
    consent_publish = forms.BooleanField(label=_("Show my organisation's name publicly"), required=False)

    def __init__(self, *args: Any, email: str, needs_name: bool, needs_password: bool, has_organisation: bool,
                 texts: dict[str, ConsentText], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        if not needs_name:
            del self.fields["name"]
        if not needs_password:
            del self.fields["password1"], self.fields["password2"]
        if not has_organisation or ConsentText.Scope.PUBLISH_ORGANISATION not in texts:
            del self.fields["consent_publish"]
        for name, scope in (("consent_processing", ConsentText.Scope.PROCESSING),
                            ("consent_publish", ConsentText.Scope.PUBLISH_ORGANISATION)):
            if name in self.fields and scope in texts:
                self.fields[name].help_text = _("Text version %(version)s.") % {"version": texts[scope].version}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second:
            if first != second:
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    validate_password(first, get_user_model()(username=self.email, email=self.email))
                except ValidationError as error:
                    self.add_error("password1", error)
        return data

    def consents(self) -> tuple[str, ...]:
        scopes = [ConsentText.Scope.PROCESSING] if self.cleaned_data.get("consent_processing") else []
        if self.cleaned_data.get("consent_publish"):
            scopes.append(ConsentText.Scope.PUBLISH_ORGANISATION)
        return tuple(scopes)
