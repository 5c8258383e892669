"""The addressees' side: a recommendation's response and status forms with its history, and the liaison's inbox."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pim.programmes.models import Institution
from pim.programmes.rules import user_roles
from pim.recommendations import forms, services
from pim.recommendations.access import get_recommendation_for_user
from pim.recommendations.models import ImprovementPlan, Recommendation, RecommendationResponse
from pim.recommendations.rules import addressee_ids, is_pu_operator

RESPOND = "recommendations.respond_recommendation"


def _institutions(user: Any, recommendation: Recommendation) -> Any:
    """The institutions the user may answer for on this recommendation."""
    ids = addressee_ids(recommendation)
    if not is_pu_operator(user, recommendation):
        ids &= user_roles(user).ministry_institutions
    return Institution.objects.filter(pk__in=ids).order_by("name")


def respond(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk)
    if not request.user.has_perm(RESPOND, recommendation):
        raise Http404
    institutions = _institutions(request.user, recommendation)
    # A liaison of one addressee (the usual case) finds their institution already chosen.
    only = list(institutions[:2])
    institution = only[0] if len(only) == 1 else None
    which = request.POST.get("form") if request.method == "POST" else None
    answer_form = forms.AnswerForm(request.POST if which == "answer" else None, institutions=institutions,
                                   prefix="answer", initial={"responded_on": timezone.localdate(), "institution": institution})
    status_form = forms.StatusForm(request.POST if which == "status" else None, institutions=institutions,
                                   prefix="status", initial={"reported_on": timezone.localdate(), "institution": institution})
    form = answer_form if which == "answer" else status_form if which == "status" else None
    if form is not None and form.is_valid():
        try:
            if form is answer_form:
                services.recommendation_answer(recommendation=recommendation, by=request.user, **form.cleaned_data)
            else:
                services.recommendation_status_report(recommendation=recommendation, by=request.user,
                                                      **form.cleaned_data)
        except PermissionDenied:
            form.add_error("institution", _("You may answer only for your institution, and only recommendations "
                                            "addressed to it."))
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            messages.success(request, _("Recorded. The earlier entries stay in the history."))
            return HttpResponseRedirect(reverse("recommendations:respond", args=[pk]))
    responses = list(recommendation.responses.select_related("institution", "recorded_by__person")
                     .order_by("-responded_on", "-pk"))
    updates = list(recommendation.status_updates.select_related("institution").order_by("-reported_on", "-pk"))
    overdue = Recommendation.objects.filter(pk=pk).overdue().exists()
    return render(request, "recommendations/recommendation_respond.html", {
        "recommendation": recommendation, "plan": recommendation.improvement_plan, "responses": responses,
        "updates": updates, "answer_form": answer_form, "status_form": status_form, "overdue": overdue,
        "plan_url": reverse("recommendations:plan", args=[recommendation.improvement_plan.network.slug]),
    }, status=400 if form is not None and request.method == "POST" else 200)


def inbox(request: HttpRequest) -> HttpResponse:
    """What the user's institutions have to answer: recommendations addressed to them (or, with no
    addressee, to the edition's owner ministry) in handed-over PUs, overdue first."""
    roles = user_roles(request.user)
    institutions = roles.ministry_institutions
    if not institutions and not roles.is_operator:
        raise Http404
    recommendations = Recommendation.objects.filter(
        improvement_plan__state__in=ImprovementPlan.ANSWERABLE_STATES
    )
    if institutions:
        recommendations = recommendations.filter(
            Q(addressees__in=institutions)
            | Q(addressees__isnull=True, improvement_plan__network__edition__owner_id__in=institutions)
        ).distinct()
    elif not roles.operator_of_all_editions:
        recommendations = recommendations.filter(improvement_plan__network__edition_id__in=roles.operator_editions)
    mine = list(
        recommendations.with_overdue().select_related("improvement_plan__network__edition")
        .prefetch_related(
            "addressees",
            Prefetch("responses", queryset=RecommendationResponse.objects.select_related("institution")
                     .order_by("responded_on", "pk")),
        ).order_by("-is_overdue", "response_due_on", "improvement_plan__network__name", "order")
    )
    for recommendation in mine:
        responses = list(recommendation.responses.all())
        answered = {r.institution_id for r in responses}
        ids = addressee_ids(recommendation) & institutions if institutions else addressee_ids(recommendation)
        recommendation.to_answer = sorted(ids - answered)
        recommendation.latest = responses[-1] if responses else None
    return render(request, "recommendations/inbox.html", {
        "recommendations": mine, "waiting": sum(1 for r in mine if r.to_answer),
        "overdue": sum(1 for r in mine if r.is_overdue),
    })
