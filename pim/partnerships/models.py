"""Local Partnerships (LP): each participant's stakeholders per edition, their consents and invitations.

Personal data (a member's name, contact, e-mail) live in two places only: the member's `programmes.Person`
(the name; the account) and the `PartnershipMember` row (organisation, contact). Everything else (events'
attendance, comments) points at the `Person`, so erasing a member (`services.member_erase`) anonymises those
two rows and every page follows. Category, sector and dates stay, so the statistics do not change.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pim.core.models import SourcedModel
from pim.partnerships.documents import validate_document
from pim.places.models import Participant
from pim.programmes.models import Edition, Person

# Founding acts and rules of procedure are stored under MEDIA_ROOT and served only through a
# permission-checked view (`views.document`); the random name keeps one LP's file from guessing another's.
UPLOAD_DIR = "partnerships/"


def _upload_to(instance: LocalPartnership, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{UPLOAD_DIR}{secrets.token_hex(16)}.{suffix}"


class Category(models.TextChoices):
    """The programme's member categories (domain.md §3.6; the three main ones are in the gov.pl page)."""

    LOCAL_GOVERNMENT_POLITICAL = "lg_political", _("local government, political")
    LOCAL_GOVERNMENT_ADMINISTRATIVE = "lg_administrative", _("local government, administrative")
    OTHER_PUBLIC = "other_public", _("other public institutions")
    SOCIO_ECONOMIC = "socio_economic", _("socio-economic partners")
    RESIDENTS = "residents", _("residents")


@dataclass
class PublicSummary:
    """What everyone may see of one LP: its record, member counts per category, consented organisation names."""

    partnership: LocalPartnership
    counts: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    organisations: list[str] = field(default_factory=list)
    more_organisations: int = 0


class PartnershipQuerySet(models.QuerySet):
    def for_list(self) -> PartnershipQuerySet:
        return self.select_related("participant", "edition").order_by("participant__name_folded", "-edition__start_year")

    def public_summaries_of(self, participant: Participant, *, organisation_limit: int = 30) -> list[PublicSummary]:
        """The participant page's LP section: its LPs, latest edition first."""
        return self.filter(participant=participant).order_by("-edition__start_year", "pk").public_summaries(
            organisation_limit=organisation_limit
        )

    def public_summaries(self, *, organisation_limit: int | None = None) -> list[PublicSummary]:
        """One summary per LP, in three queries whatever the number of LPs and members."""
        summaries = {lp.pk: PublicSummary(lp) for lp in self.select_related("participant", "edition")}
        if not summaries:
            return []
        current = PartnershipMember.objects.current().filter(partnership_id__in=summaries)
        per_category: dict[int, dict[str, int]] = {pk: {} for pk in summaries}
        for row in current.values("partnership_id", "category").annotate(n=Count("pk")).order_by():
            per_category[row["partnership_id"]][row["category"]] = row["n"]
        for pk, found in per_category.items():
            summary = summaries[pk]
            summary.counts = [(label, found.get(value, 0)) for value, label in Category.choices]
            summary.total = sum(found.values())
        names = (
            current.publicly_named()
            .order_by("partnership_id", "organisation", "pk")
            .values_list("partnership_id", "organisation")
        )
        for pk, name in names:
            summary = summaries[pk]
            if organisation_limit is not None and len(summary.organisations) >= organisation_limit:
                summary.more_organisations += 1
            elif name not in summary.organisations:
                summary.organisations.append(name)
        return list(summaries.values())


class LocalPartnership(SourcedModel):
    class Formula(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="local_partnerships"
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="local_partnerships"
    )
    formula = models.CharField(_("formula"), max_length=10, choices=Formula.choices, default=Formula.OPEN)
    founded_on = models.DateField(_("date of the founding act"), null=True, blank=True)
    founding_act_title = models.CharField(
        _("founding act"), max_length=250, blank=True,
        help_text=_("For example: the mayor's order no. …, a letter of intent."),
    )
    founding_act_document = models.FileField(
        _("founding act (file)"), upload_to=_upload_to, blank=True, validators=[validate_document],
        help_text=_("PDF, DOCX or ODT, up to 10 MB."),
    )
    founding_act_link = models.URLField(_("founding act (link)"), max_length=500, blank=True)
    coordinator = models.ForeignKey(
        Person, verbose_name=_("coordinator"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="coordinated_partnerships",
    )
    rules_of_procedure = models.TextField(_("rules of procedure"), blank=True)
    rules_document = models.FileField(
        _("rules of procedure (file)"), upload_to=_upload_to, blank=True, validators=[validate_document],
        help_text=_("PDF, DOCX or ODT, up to 10 MB."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Local Partnership")
        verbose_name_plural = _("Local Partnerships")
        ordering = ["participant__name", "edition__start_year"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "edition"], name="partnership_one_per_participant_edition"),
        ]

    def __str__(self) -> str:
        return f"LP {self.participant.name} ({self.edition.short_name})"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])


class MemberQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> MemberQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    def publicly_named(self) -> MemberQuerySet:
        """Members whose organisation's name may be shown to everyone: an active consent says so."""
        consent = Consent.objects.active().filter(member=OuterRef("pk"), scope=ConsentText.Scope.PUBLISH_ORGANISATION)
        return self.filter(Exists(consent), erased_at__isnull=True).exclude(organisation="")

    def for_partnership_page(self) -> MemberQuerySet:
        active = Consent.objects.active().filter(member=OuterRef("pk"))
        pending = Invitation.objects.pending().filter(member=OuterRef("pk"))
        return (
            self.select_related("person")
            .annotate(
                has_processing_consent=Exists(active.filter(scope=ConsentText.Scope.PROCESSING)),
                has_publish_consent=Exists(active.filter(scope=ConsentText.Scope.PUBLISH_ORGANISATION)),
                has_pending_invitation=Exists(pending),
            )
            .order_by("erased_at", "category", "organisation", "person__name", "pk")
        )


class PartnershipMember(models.Model):
    """A person or an organisation in one LP. A person's name lives on their `Person`, never here."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    partnership = models.ForeignKey(
        LocalPartnership, verbose_name=_("Local Partnership"), on_delete=models.CASCADE, related_name="members"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="lp_memberships",
        help_text=_("The member themself, or the organisation's representative once they accept an invitation."),
    )
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    sector = models.CharField(_("sector"), max_length=120, blank=True,
                              help_text=_("For example: education, housing, culture."))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ()-]{6,30}$", _("Enter a phone number: digits, spaces, +, - and ( )."))],
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    mid_role = models.TextField(_("role in the MID"), blank=True,
                                help_text=_("For example: owner of action 2, partner in the communication plan."))
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("LP member")
        verbose_name_plural = _("LP members")
        ordering = ["partnership", "category", "pk"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:member", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.ORGANISATION and not self.organisation.strip() and not self.erased_at:
            errors["organisation"] = _("Enter the organisation's name.")
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("A member cannot leave before joining.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def display_name(self) -> str:
        # Only for people who may see personal data (the permission layer decides who gets here).
        if self.erased_at:
            return str(_("erased member"))
        if self.kind == self.Kind.ORGANISATION:
            return self.organisation
        name = self.person.name if self.person_id else ""
        return f"{name} ({self.organisation})" if name and self.organisation else name or self.organisation

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.left_on is None or self.left_on > on


class ConsentText(models.Model):
    """One version of a consent wording; a consent points at the exact version the member saw."""

    class Scope(models.TextChoices):
        PROCESSING = "processing", _("processing of my personal data in the LP register")
        PUBLISH_ORGANISATION = "publish_organisation", _("show my organisation's name publicly")

    scope = models.CharField(_("scope"), max_length=30, choices=Scope.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["scope", "-version"]
        constraints = [models.UniqueConstraint(fields=["scope", "version"], name="consent_text_version_unique")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:consent_texts") + f"#zgoda-{self.scope}-{self.version}"

    @classmethod
    def current(cls) -> dict[str, ConsentText]:
        """The latest version of each scope's text (one query)."""
        latest: dict[str, ConsentText] = {}
        for text in cls.objects.order_by("scope", "-version"):
            latest.setdefault(text.scope, text)
        return latest


class ConsentQuerySet(models.QuerySet):
    def active(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    member = models.ForeignKey(
        PartnershipMember, verbose_name=_("LP member"), on_delete=models.CASCADE, related_name="consents"
    )
    text = models.ForeignKey(ConsentText, verbose_name=_("consent text"), on_delete=models.PROTECT,
                             related_name="consents")
    # The text's scope, kept on the row so that "one active consent per scope" is a database constraint.
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentText.Scope.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("withdrawal recorded by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["member", "-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "scope"], condition=Q(withdrawn_at__isnull=True), name="consent_one_active_per_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.given_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return self.member.get_absolute_url()

    def clean(self) -> None:
        if self.text_id and self.scope != self.text.scope:
            raise ValidationError({"text": _("The consent text is for another scope.")})
        if self.withdrawn_at and self.withdrawn_at < self.given_at:
            raise ValidationError({"withdrawn_at": _("A consent cannot be withdrawn before it was given.")})


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link to an LP member's light account. Only the token's SHA-256 is stored."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    member = models.ForeignKey(
        PartnershipMember, verbose_name=_("LP member"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return self.member.get_absolute_url()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)
