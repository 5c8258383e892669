"""The PU page and its editor: general part, barriers addressed, good practices, recommendations (htmx or full pages)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pim.programmes.models import ThematicNetwork
from pim.recommendations import forms, services
from pim.recommendations.access import get_improvement_plan_for_user, get_recommendation_for_user
from pim.recommendations.models import Barrier, ImprovementPlan, Recommendation, RecommendationResponse
from pim.recommendations.views.common import conflict_context, error_messages, plan_for_editing, plan_nav


def shows_barrier_text(user: Any, network: ThematicNetwork) -> bool:
    """Readers of the register (the network's experts, the operator, its cities' teams) may read the MIDs the
    barriers come from; everyone else reads a barrier's text only where `with_public_text()` allows it."""
    return user.has_perm("recommendations.view_barrier", network)


def recommendations_for_page(plan: ImprovementPlan, *, reveal: bool = True) -> list[Recommendation]:
    """The plan's recommendations with everything the page shows, in a fixed number of queries."""
    return list(
        Recommendation.objects.filter(improvement_plan=plan).with_overdue()
        .prefetch_related(
            "addressees", Prefetch("barriers", queryset=Barrier.objects.with_public_text(reveal=reveal)),
            "good_practices",
            Prefetch("responses", queryset=RecommendationResponse.objects.select_related("institution")),
            "status_updates__institution",
        ).order_by("order", "pk")
    )


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_improvement_plan_for_user(request.user, slug, content=True)
    plan = _plan_for_page(plan, reveal=shows_barrier_text(request.user, plan.network))
    return render(request, "recommendations/improvementplan_detail.html", _detail_context(request, plan))


def _detail_context(request: HttpRequest, plan: ImprovementPlan, comment_form: Any = None) -> dict[str, Any]:
    # Comments name their authors: shown to the network (who may read the history), not to the public.
    shows_comments = request.user.has_perm("recommendations.view_improvementplan_history", plan)
    can_comment = request.user.has_perm("recommendations.comment_improvementplan", plan)
    recommendations = recommendations_for_page(plan, reveal=shows_barrier_text(request.user, plan.network))
    for recommendation in recommendations:
        recommendation.improvement_plan = plan  # loaded with its network and edition: no query per row
        if request.user.has_perm("recommendations.respond_recommendation", recommendation):
            recommendation.respond_url = reverse("recommendations:respond", args=[recommendation.pk])
    return {
        "plan": plan, "nav": plan_nav(plan, request.user), "recommendations": recommendations,
        "can_set_due": request.user.has_perm("recommendations.set_due_date_recommendation", plan),
        "comments": list(plan.comments.select_related("author__person").order_by("created_at", "pk"))
        if shows_comments else None,
        "comment_form": (comment_form or forms.CommentForm()) if can_comment else None,
        "comment_url": reverse("recommendations:comment_add", args=[plan.network.slug]),
    }


@require_POST
def comment_add(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_improvement_plan_for_user(request.user, slug, content=True, history=True)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.improvement_plan_comment_add(plan=plan, body=form.cleaned_data["body"], by=request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            messages.success(request, _("Your comment was added."))
            return HttpResponseRedirect(f"{reverse('recommendations:plan', args=[slug])}#uwagi")
    plan = _plan_for_page(plan, reveal=shows_barrier_text(request.user, plan.network))
    return render(request, "recommendations/improvementplan_detail.html", _detail_context(request, plan, form),
                  status=400)


def _plan_for_page(plan: ImprovementPlan, *, reveal: bool) -> ImprovementPlan:
    barriers = Barrier.objects.with_public_text(reveal=reveal).prefetch_related("cities")
    return ImprovementPlan.objects.select_related("network__edition", "handed_over_to").prefetch_related(
        Prefetch("barriers", queryset=barriers), "good_practices"
    ).get(pk=plan.pk)


@require_POST
def plan_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = ThematicNetwork.objects.select_related("edition").filter(slug=slug).first()
    if network is None or not request.user.has_perm("recommendations.add_improvementplan", network):
        raise Http404
    try:
        services.improvement_plan_create(network=network, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, _("The Improvement Plan was started."))
    return HttpResponseRedirect(reverse("recommendations:plan_edit", args=[slug]))


# --- the editor -------------------------------------------------------------------------------------------

SECTIONS = {
    "general": (forms.GeneralForm, "General information"),
    "barriers": (forms.BarriersForm, "Barriers addressed"),
    "good_practices": (forms.GoodPracticesForm, "Good practices"),
}


def _section_form(plan: ImprovementPlan, key: str, data: Any = None) -> Any:
    form_class = SECTIONS[key][0]
    kwargs = {} if key == "general" else {"network": plan.network}
    initial: dict[str, Any] = {"expected_revision": plan.revision}
    if key == "general":
        initial.update({name: getattr(plan, name) for name in ("title", "authors", "summary", "introduction")})
    elif key == "barriers":
        initial["barriers"] = [b.pk for b in plan.barriers.all()]
    else:
        initial["good_practices"] = [g.pk for g in plan.good_practices.all()]
    # One page holds every section's form: ids carry the section so none repeats.
    return form_class(data=data, initial=initial, auto_id=f"{key}-%s", **kwargs)


def _section_context(plan: ImprovementPlan, key: str, form: Any, **extra: Any) -> dict[str, Any]:
    return {"plan": plan, "key": key, "label": _(SECTIONS[key][1]), "form": form,
            "action_url": reverse("recommendations:section_edit", args=[plan.network.slug, key]), **extra}


def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_for_editing(request, slug)
    sections = [_section_context(plan, key, _section_form(plan, key)) for key in SECTIONS]
    return render(request, "recommendations/improvementplan_edit.html", {
        "plan": plan, "nav": plan_nav(plan, request.user), "sections": sections,
        "recommendations": recommendations_for_page(plan),
        "add_url": reverse("recommendations:recommendation_add", args=[slug]),
    })


def _save_section(plan: ImprovementPlan, key: str, form: Any, by: Any) -> None:
    data, revision = form.cleaned_data, form.cleaned_data["expected_revision"]
    if key == "general":
        fields = {name: data[name] for name in ("title", "authors", "summary", "introduction")}
        services.improvement_plan_save(plan=plan, data=fields, expected_revision=revision, by=by)
    elif key == "barriers":
        services.improvement_plan_barriers_set(plan=plan, barrier_ids=data["barriers"], expected_revision=revision,
                                               by=by)
    else:
        services.improvement_plan_good_practices_set(plan=plan, good_practice_ids=data["good_practices"],
                                                     expected_revision=revision, by=by)


def section_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    if key not in SECTIONS:
        raise Http404
    plan = plan_for_editing(request, slug)
    if request.method != "POST":
        return HttpResponseRedirect(f"{reverse('recommendations:plan_edit', args=[slug])}#{key}")
    form = _section_form(plan, key, request.POST)
    conflict, saved = None, False
    if form.is_valid():
        try:
            _save_section(plan, key, form, request.user)
        except services.ConcurrentEditError as error:
            conflict = conflict_context(error)
            posted = request.POST.copy()
            posted["expected_revision"] = str(error.current_revision)
            form = _section_form(plan, key, posted)
            form.is_valid()
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            saved = True
            plan.refresh_from_db()
            form = _section_form(plan, key)
    if saved and not request.htmx:
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(f"{reverse('recommendations:plan_edit', args=[slug])}#{key}")
    context = _section_context(plan, key, form, conflict=conflict, saved=saved)
    if request.htmx:
        # 200 even for errors: htmx swaps only successful responses, and the section must show its errors.
        return render(request, "recommendations/improvementplan_edit.html#section", {"section": context})
    return render(request, "recommendations/improvementplan_edit.html", {
        "plan": plan, "nav": plan_nav(plan, request.user), "recommendations": recommendations_for_page(plan),
        "sections": [context if key == k else _section_context(plan, k, _section_form(plan, k)) for k in SECTIONS],
        "add_url": reverse("recommendations:recommendation_add", args=[slug]),
    }, status=400)


# --- recommendations --------------------------------------------------------------------------------------

def _recommendation_form(plan: ImprovementPlan, recommendation: Recommendation | None, data: Any = None) -> Any:
    initial: dict[str, Any] = {"expected_revision": plan.revision}
    if recommendation is not None:
        initial.update({name: getattr(recommendation, name) for name in services.RECOMMENDATION_FIELDS})
        initial.update({name: [o.pk for o in getattr(recommendation, name).all()]
                        for name in services.RECOMMENDATION_LINKS})
    return forms.RecommendationForm(data=data, initial=initial, network=plan.network)


def recommendation_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    plan = plan_for_editing(request, slug)
    recommendation = None
    if pk is not None:
        recommendation = plan.recommendations.prefetch_related(*services.RECOMMENDATION_LINKS).filter(pk=pk).first()
        if recommendation is None:
            raise Http404
    form = _recommendation_form(plan, recommendation, request.POST if request.method == "POST" else None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_save(
                plan=plan, data=form.data_for_service(), expected_revision=form.cleaned_data["expected_revision"],
                by=request.user, recommendation_id=pk,
            )
        except services.ConcurrentEditError as error:
            conflict = conflict_context(error)
            posted = request.POST.copy()
            posted["expected_revision"] = str(error.current_revision)
            form = _recommendation_form(plan, recommendation, posted)
            form.is_valid()
        except ValidationError as error:
            forms.apply_errors(error, form)
        else:
            messages.success(request, _("The recommendation was saved."))
            return HttpResponseRedirect(f"{reverse('recommendations:plan_edit', args=[slug])}#rekomendacje")
    url = (reverse("recommendations:recommendation_edit", args=[slug, pk]) if pk
           else reverse("recommendations:recommendation_add", args=[slug]))
    return render(request, "recommendations/recommendation_form.html", {
        "plan": plan, "recommendation": recommendation, "form": form, "conflict": conflict, "action_url": url,
        "search_url": reverse("recommendations:barrier_search", args=[slug]),
        "cancel_url": reverse("recommendations:plan_edit", args=[slug]),
        "delete_url": reverse("recommendations:recommendation_delete", args=[slug, pk]) if pk else "",
    }, status=400 if request.method == "POST" else 200)


@require_POST
def recommendation_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = plan_for_editing(request, slug)
    try:
        services.recommendation_delete(plan=plan, recommendation_id=pk,
                                       expected_revision=request.POST.get("expected_revision"), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error_messages(error)))
    else:
        messages.success(request, _("The recommendation was deleted."))
    return HttpResponseRedirect(f"{reverse('recommendations:plan_edit', args=[slug])}#rekomendacje")


@require_POST
def due_date(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_user(request.user, pk)
    if not request.user.has_perm("recommendations.set_due_date_recommendation", recommendation):
        raise PermissionDenied(_("Only the programme operator sets the response deadline."))
    form = forms.DueDateForm(request.POST)
    slug = recommendation.improvement_plan.network.slug
    target = f"{reverse('recommendations:plan', args=[slug])}#rekomendacja-{pk}"
    if not form.is_valid():
        # The PU page again, with the error under this recommendation's date and what was typed kept.
        plan = get_improvement_plan_for_user(request.user, slug, content=True)
        plan = _plan_for_page(plan, reveal=shows_barrier_text(request.user, plan.network))
        context = {**_detail_context(request, plan), "due_form": form, "due_pk": pk}
        return render(request, "recommendations/improvementplan_detail.html", context, status=400)
    services.recommendation_set_due_date(recommendation=recommendation, due_on=form.cleaned_data["response_due_on"],
                                         by=request.user)
    messages.success(request, _("The response deadline was saved."))
    return HttpResponseRedirect(target)
