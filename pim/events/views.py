"""Event pages: the public page, and for organisers the form, cancelling and deleting, agenda, registrations,
check-in, minutes, outcomes, attachments and attendance exports. Each view parses, calls a service and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pim.events import exports, forms, services
from pim.events.access import get_attachment_for_user, get_event_for_user, get_registration_for_user
from pim.events.models import Attendance, Event, Registration
from pim.programmes.models import Person

CHANGE = "events.change_event"


def apply_errors(error: ValidationError, form: Form) -> None:
    """A service's ValidationError on the form: known fields under their field, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def manage_links(event: Event) -> list[tuple[str, str, str]]:
    """The organiser's pages of the event as (key, url, label), for the tab bar."""
    pk = event.pk
    return [
        ("detail", reverse("events:detail", args=[pk]), _("Event")),
        ("edit", reverse("events:edit", args=[pk]), _("Details")),
        ("agenda", reverse("events:agenda", args=[pk]), _("Agenda")),
        ("registrations", reverse("events:registrations", args=[pk]), _("Registrations")),
        ("attendance", reverse("events:attendance", args=[pk]), _("Attendance")),
        ("minutes", reverse("events:minutes", args=[pk]), _("Minutes")),
        ("outcomes", reverse("events:outcomes", args=[pk]), _("Outcomes")),
        ("attachments", reverse("events:attachments", args=[pk]), _("Attachments")),
        ("cancel", reverse("events:cancel", args=[pk]), _("Cancel or delete")),
    ]


def _page(request: HttpRequest, template: str, event: Event, tab: str, **context: Any) -> HttpResponse:
    return render(request, template, {"event": event, "tab": tab, "tabs": manage_links(event), **context})


def _own_registration(request: HttpRequest, event: Event) -> Registration | None:
    if not request.user.is_authenticated:
        return None
    return event.registrations.filter(person__user_id=request.user.pk).first()


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    organiser = request.user.has_perm(CHANGE, event)
    own = _own_registration(request, event)
    context = {
        "event": event,
        "organiser": organiser,
        "tabs": manage_links(event) if organiser else [],
        "tab": "detail",
        "agenda": list(event.agenda_items.all()),
        "outcomes": list(event.outcomes.select_related("plan", "action")),
        "attachments": list(event.attachments.all()),
        "registered_count": event.registrations.count(),
        "own_registration": own,
        # The link lets people into the meeting: organisers and registered people get it.
        "show_online_link": bool(event.online_link) and (organiser or own is not None),
        "can_register": own is None and request.user.has_perm("events.register_self", event),
    }
    return render(request, "events/event_detail.html", context)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    form = forms.EventForm(request.POST or None, user=request.user, prefill=request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, fields=form.cleaned_data)
        except PermissionDenied:
            form.add_error(None, _("You cannot organise this kind of event for this network or city."))
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, _("The event was created as “%(event)s”.") % {"event": event})
            return HttpResponseRedirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_form_scope(request: HttpRequest) -> HttpResponse:
    """The event form's network and host menus for the edition chosen (htmx, when the edition menu changes)."""
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    if not request.htmx:
        # Followed without JavaScript (it never is by the page itself): the whole form, preselected alike.
        return HttpResponseRedirect(f"{reverse('events:create')}?{request.GET.urlencode()}")
    form = forms.EventForm(user=request.user, prefill=request.GET)
    return render(request, "events/event_form.html#scope", {"form": form})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = forms.EventForm(request.POST or None, user=request.user, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(event=event, by=request.user, fields=form.cleaned_data)
        except PermissionDenied:
            form.add_error(None, _("You cannot organise this kind of event for this network or city."))
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(event.get_absolute_url())
    return _page(request, "events/event_form.html", event, "edit", form=form)


@login_required
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    formset = forms.AgendaFormSet(request.POST or None, initial=forms.agenda_initial(event), prefix="agenda")
    error_messages: list[str] = []
    if request.method == "POST" and formset.is_valid():
        items = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.agenda_save(event=event, by=request.user, items=items)
        except ValidationError as error:
            error_messages = error.messages
        else:
            messages.success(request, _("The agenda was saved."))
            return HttpResponseRedirect(f"{event.get_absolute_url()}#agenda")
    return _page(request, "events/agenda_form.html", event, "agenda", formset=formset, error_messages=error_messages)


# --- cancelling and deleting ----------------------------------------------------------------------------

def _event_to_organise(request: HttpRequest, pk: int) -> Event:
    """The event for its organisers; 404 for whoever may not see it, 403 for those who see but do not organise it."""
    event = get_event_for_user(request.user, pk)
    if not request.user.has_perm(CHANGE, event):
        raise PermissionDenied
    return event


@login_required
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the event with a reason; once cancelled, the page offers to take the cancellation back."""
    event = _event_to_organise(request, pk)
    form = forms.CancelForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_errors(error, form)
            else:
                messages.success(request, _("The event is cancelled; the people registered are being told by e-mail."))
                return HttpResponseRedirect(event.get_absolute_url())
        status = 400
    return _cancel_page(request, event, form, status=status)


def _cancel_page(request: HttpRequest, event: Event, form: Form, *, status: int = 200,
                 uncancel_errors: list[str] | None = None) -> HttpResponse:
    response = _page(request, "events/event_cancel.html", event, "cancel", form=form,
                     blockers=services.deletion_blockers(event), uncancel_errors=uncancel_errors or [])
    response.status_code = status
    return response


@login_required
@require_POST
def event_uncancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_to_organise(request, pk)
    try:
        services.event_uncancel(event=event, by=request.user)
    except ValidationError as error:
        return _cancel_page(request, event, forms.CancelForm(), status=400, uncancel_errors=error.messages)
    messages.success(request, _("The cancellation was taken back. Open the registration again if it should be."))
    return HttpResponseRedirect(event.get_absolute_url())


@login_required
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete an event on which nothing was recorded; otherwise say why and point to cancelling."""
    event = _event_to_organise(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.event_delete(event=event, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The event “%(event)s” was deleted.") % {"event": event})
            return HttpResponseRedirect(reverse("calendar:list"))
    response = _page(request, "events/event_delete.html", event, "cancel",
                     blockers=services.deletion_blockers(event), errors=errors)
    response.status_code = 400 if errors else 200
    return response


# --- registration -------------------------------------------------------------------------------------

@login_required
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = forms.RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(
                event=event, person=form.cleaned_data["person"], participant=form.cleaned_data["participant"],
                present=form.cleaned_data["present"], by=request.user,
            )
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, _("%(person)s is registered.") % {"person": form.cleaned_data["person"]})
            return HttpResponseRedirect(request.path)
    return _registrations_page(request, event, form=form)


def _registrations_page(request: HttpRequest, event: Event, **forms_: Any) -> HttpResponse:
    # Only the columns the page shows: a workshop's 300 people and 150 cities took longer to build than to query.
    rows = list(event.registrations.for_list().only(
        "event", "person", "participant", "person__name", "person__organisation", "participant__name"))
    cities = list(event.delegation_cities().only("name"))
    quotas = dict(event.quotas.values_list("participant_id", "places"))
    forms_.setdefault("form", forms.RegistrationForm(event=event))
    forms_.setdefault("quota_form", forms.QuotaForm(cities=cities, quotas=quotas))
    cancel_prefix = reverse("events:registration_cancel", args=[event.pk, 0]).removesuffix("0/anuluj/")
    return _page(
        request, "events/registration_list.html", event, "registrations",
        rows=[(r, f"{cancel_prefix}{r.pk}/anuluj/") for r in rows], **forms_,
    )


@login_required
@require_POST
def quotas_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    cities = list(event.delegation_cities())
    quota_form = forms.QuotaForm(request.POST, cities=cities, quotas={})
    if quota_form.is_valid():
        try:
            services.quotas_save(event=event, by=request.user, quotas=quota_form.quotas())
        except ValidationError as error:
            quota_form.add_error(None, error.messages)
        else:
            messages.success(request, _("The delegation quotas were saved."))
            return HttpResponseRedirect(reverse("events:registrations", args=[event.pk]))
    return _registrations_page(request, event, quota_form=quota_form)


@login_required
@require_POST
def register_self(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise PermissionDenied(_("Your account is not linked to a person in the programme."))
    try:
        services.registration_create(event=event, person=person, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are registered for this event."))
    return HttpResponseRedirect(event.get_absolute_url())


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    registration = get_registration_for_user(request.user, pk, registration_pk)
    event = registration.event
    services.registration_cancel(registration=registration, by=request.user)
    messages.success(request, _("The registration was cancelled."))
    if request.user.has_perm(CHANGE, event):
        return HttpResponseRedirect(reverse("events:registrations", args=[event.pk]))
    return HttpResponseRedirect(event.get_absolute_url())


# --- attendance ---------------------------------------------------------------------------------------

@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    # Only the columns the page shows: a workshop's 300 full people and cities took longer to build than to query.
    registrations = list(event.registrations.for_list().only(
        "event", "person", "participant", "person__name", "participant__name"))
    # Who is checked in, with the city they came with: the rows' status and, with walk-ins, the per-city totals.
    present = dict(Attendance.objects.filter(event=event).values_list("person_id", "participant__name"))
    prefix = reverse("events:check_in", args=[event.pk, 0]).removesuffix("0/")
    rows = [{"registration": r, "present": r.person_id in present, "url": f"{prefix}{r.pk}/"} for r in registrations]
    totals = exports.check_in_totals(event, registrations, {k: v or "" for k, v in present.items()})
    return _page(request, "events/attendance_list.html", event, "attendance", rows=rows, totals=totals)


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    registration = get_object_or_404(event.registrations.select_related("person", "participant"), pk=registration_pk)
    present = request.POST.get("present") == "1"
    services.attendance_check_in(event=event, registration=registration, present=present, by=request.user)
    if not request.htmx:
        return HttpResponseRedirect(reverse("events:attendance", args=[event.pk]))
    row = {"registration": registration, "present": present, "url": request.path}
    html = render_to_string("events/attendance_list.html#row", {"event": event, "row": row}, request=request)
    # The per-city totals change with every toggle: they come along, swapped out of band.
    totals = exports.city_totals(event, exports.attendance_rows(event))
    html += render_to_string("events/attendance_list.html#totals", {"totals": totals, "oob": True}, request=request)
    return HttpResponse(html)


@login_required
def attendance_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    if fmt == "csv":
        response = HttpResponse(exports.attendance_csv(event), content_type="text/csv; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(exports.attendance_pdf(event), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(event, fmt)}"'
    return response


# --- minutes, outcomes, attachments -------------------------------------------------------------------

@login_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    initial = {"minutes": event.minutes, "expected_revision": event.minutes_revision}
    form = forms.MinutesForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                event=event, by=request.user, minutes=form.cleaned_data["minutes"],
                expected_revision=form.cleaned_data["expected_revision"],
            )
        except services.MinutesConflictError as error:
            # The user's text stays in the form with the current revision: saving it again is a choice
            # made after reading the other organiser's version, shown next to it.
            conflict = error.current
            posted = request.POST.copy()
            posted["expected_revision"] = str(error.current_revision)
            form = forms.MinutesForm(posted)
            form.is_valid()
            apply_errors(error, form)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, _("The minutes were saved."))
            return HttpResponseRedirect(f"{event.get_absolute_url()}#minutes")
    return _page(request, "events/minutes_form.html", event, "minutes", form=form, conflict=conflict)


@login_required
def outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = forms.OutcomeForm(request.POST or None, plans=services.plans_in_scope(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, _("The outcome was added."))
            return HttpResponseRedirect(request.path)
    rows = event.outcomes.select_related("plan", "action")
    delete_prefix = reverse("events:outcome_delete", args=[event.pk, 0]).removesuffix("0/usun/")
    return _page(request, "events/outcome_list.html", event, "outcomes", form=form,
                 rows=[(o, f"{delete_prefix}{o.pk}/usun/") for o in rows])


@login_required
@require_POST
def outcome_delete(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    services.outcome_delete(outcome=get_object_or_404(event.outcomes, pk=outcome_pk), by=request.user)
    messages.success(request, _("The outcome was removed."))
    return HttpResponseRedirect(reverse("events:outcomes", args=[event.pk]))


@login_required
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(error, form)
        else:
            messages.success(request, _("The file was added."))
            return HttpResponseRedirect(request.path)
    rows = list(event.attachments.all())
    return _page(request, "events/attachment_list.html", event, "attachments", form=form, rows=rows)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_attachment_for_user(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = attachment.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name, content_type=attachment.content_type)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    services.attachment_delete(attachment=get_object_or_404(event.attachments, pk=attachment_pk), by=request.user)
    messages.success(request, _("The file was removed."))
    return HttpResponseRedirect(reverse("events:attachments", args=[event.pk]))
