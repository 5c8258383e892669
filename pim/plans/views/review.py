"""Review of a MID: the workflow page, comment threads with moderation, and the rubric.

Thin views (style rule 2): the accessor fetches, a service from `pim.plans.services` changes, the
template renders. Services raise `PermissionDenied` (a 403 here) or `ValidationError`, shown on the page.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pim.plans import services
from pim.plans.access import get_action_plan_for_user
from pim.plans.forms import ExpertForm, apply_errors
from pim.plans.models import RUBRIC_CRITERIA, ActionPlan, Comment, RubricScore
from pim.plans.sections import SECTION_CHOICES, SECTIONS


def error_messages(error: ValidationError) -> list[str]:
    """Every message of a service's refusal, field errors included, as plain strings."""
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def plan_nav(plan: ActionPlan) -> dict[str, str]:
    """Links between the review and follow-up pages and back to the MID page."""
    return {
        "mid": plan.get_absolute_url(),
        "workflow": reverse("plans:workflow", args=[plan.pk]),
        "comments": reverse("plans:comments", args=[plan.pk]),
        "rubric": reverse("plans:rubric", args=[plan.pk]),
        "followup": reverse("plans:followup", args=[plan.pk]),
    }


# --- workflow -------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def workflow(request: HttpRequest, pk: int) -> HttpResponse:
    """The workflow steps and their history; also where the reviewing expert is assigned."""
    plan = get_action_plan_for_user(request.user, pk, content=True)
    errors: list[str] = []
    failed_target, reason = "", ""
    can_assign = request.user.has_perm(services.ASSIGN_EXPERT, plan)
    expert_form = ExpertForm(plan=plan, initial={"expert": plan.expert_id}) if can_assign else None
    if request.method == "POST" and request.POST.get("form") == "expert":
        if not can_assign:
            raise PermissionDenied
        expert_form = ExpertForm(request.POST, plan=plan)
        if expert_form.is_valid():
            try:
                services.plan_expert_set(plan=plan, expert=expert_form.cleaned_data["expert"], by=request.user)
            except ValidationError as error:
                apply_errors(error, expert_form, {})
            else:
                messages.success(request, _("The reviewing expert was saved."))
                return redirect("plans:workflow", pk=plan.pk)
    elif request.method == "POST":
        failed_target = request.POST.get("to_state", "")
        reason = request.POST.get("reason", "")
        try:
            step = services.plan_transition(plan=plan, to_state=failed_target, by=request.user, reason=reason)
        except ValidationError as error:
            errors = error_messages(error)
        else:
            messages.success(request, _("The MID is now “%(state)s”.") % {"state": step.get_to_state_display()})
            return redirect("plans:workflow", pk=plan.pk)
    history = list(plan.transitions.select_related("by__person").order_by("-at", "-pk"))
    for step in history:
        step.by_name = services.display_name(step.by)
    context = {
        "plan": plan,
        "nav": plan_nav(plan),
        "transitions": plan.transitions_for(request.user),
        "history": history,
        "errors": errors,
        "failed_target": failed_target,
        "reason": reason,
        "open_comments": plan.comments.open_threads().count(),
        "expert_form": expert_form,
    }
    failed = errors or (expert_form is not None and expert_form.errors)
    return render(request, "plans/actionplan_workflow.html", context, status=400 if failed else 200)


# --- comments -------------------------------------------------------------------------------------------

class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label=gettext_lazy("Section"), required=False,
        choices=[("", gettext_lazy("The whole MID")), *SECTION_CHOICES],
    )
    body = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=services.COMMENT_MAX_LENGTH)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


def comment_threads(plan: ActionPlan, user: Any) -> list[dict[str, Any]]:
    """The comments `user` sees, as threads grouped per section in document order (one query)."""
    rows = list(Comment.objects.for_plan_page(plan).visible_to(user, plan))
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in rows:
        comment.author_name = services.display_name(comment.author) if comment.author_id else _("unknown")
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
    by_section: dict[str, list[Comment]] = defaultdict(list)
    for comment in rows:
        if not comment.parent_id:
            comment.thread_replies = replies.get(comment.pk, [])
            by_section[comment.section].append(comment)
    groups = [{"key": "", "label": _("The whole MID"), "threads": by_section.get("", [])}]
    groups += [{"key": s.key, "label": s.label, "threads": by_section.get(s.key, [])} for s in SECTIONS]
    return groups


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    user = request.user
    can_comment = user.has_perm("plans.comment_actionplan", plan)
    can_comment_public = not can_comment and user.has_perm("plans.comment_actionplan_public", plan)
    form = CommentForm(initial={"section": request.GET.get("section", "")})
    errors: list[str] = []
    if request.method == "POST":
        if not (can_comment or can_comment_public):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            parent = None
            if form.cleaned_data["parent"]:
                parent = Comment.objects.filter(plan=plan, pk=form.cleaned_data["parent"]).first()
                if parent is None:
                    raise Http404
            try:
                comment = services.comment_add(
                    plan=plan, section=form.cleaned_data["section"], body=form.cleaned_data["body"], by=user,
                    public=can_comment_public, parent=parent,
                )
            except ValidationError as error:
                errors = error_messages(error)
            else:
                if comment.moderation == Comment.Moderation.PENDING:
                    messages.success(request, _("Thank you. Your comment will appear once the city team approves it."))
                else:
                    messages.success(request, _("Your comment has been added."))
                return redirect(f"{reverse('plans:comments', args=[plan.pk])}#comment-{comment.pk}")
    can_moderate = user.has_perm("plans.moderate_actionplan", plan)
    groups = comment_threads(plan, user)
    pending = [
        c for group in groups for t in group["threads"] for c in [t, *t.thread_replies]
        if c.moderation == Comment.Moderation.PENDING
    ] if can_moderate else []
    context = {
        "plan": plan,
        "nav": plan_nav(plan),
        "groups": groups,
        "pending": pending,
        "form": form,
        "errors": errors,
        "can_comment": can_comment or can_comment_public,
        "public_comment": can_comment_public,
        "can_moderate": can_moderate,
        "can_resolve": user.has_perm("plans.resolve_actionplan_comment", plan),
        "open_count": sum(
            1 for g in groups for t in g["threads"]
            if t.state == Comment.State.OPEN and t.moderation != Comment.Moderation.REJECTED
        ),
    }
    bad = bool(errors or form.errors)
    return render(request, "plans/comment_list.html", context, status=400 if bad else 200)


def _comment_for(request: HttpRequest, pk: int, comment_pk: int) -> Comment:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    comment = get_object_or_404(Comment.objects.select_related("plan"), plan=plan, pk=comment_pk)
    comment.plan = plan
    return comment


def _back_to_comments(comment: Comment) -> HttpResponse:
    return redirect(f"{reverse('plans:comments', args=[comment.plan_id])}#comment-{comment.pk}")


@require_POST
def comment_moderate(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment_for(request, pk, comment_pk)
    try:
        services.comment_moderate(comment=comment, decision=request.POST.get("decision", ""), by=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        if comment.moderation == Comment.Moderation.APPROVED:
            messages.success(request, _("The comment is published."))
        else:
            messages.success(request, _("The comment is rejected."))
    return _back_to_comments(comment)


@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment_for(request, pk, comment_pk)
    resolved = request.POST.get("resolved", "1") != "0"
    try:
        services.comment_resolve(comment=comment, by=request.user, resolved=resolved)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The thread is resolved.") if resolved else _("The thread is open again."))
    return _back_to_comments(comment)


# --- rubric ---------------------------------------------------------------------------------------------

SCORE_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(1, 5))]


class RubricForm(forms.Form):
    """All 12 criteria for one role; a criterion left without a score is not saved."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in RUBRIC_CRITERIA:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=gettext_lazy("Score"), choices=SCORE_CHOICES, coerce=int, required=False, empty_value=None,
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"score_{key}"].criterion_label = label

    def rows(self) -> list[tuple[str, Any, Any]]:
        return [(key, self[f"score_{key}"], self[f"note_{key}"]) for key, _label in RUBRIC_CRITERIA]

    def clean(self) -> dict[str, Any]:
        # Only scored criteria are saved: a note alone, or a post naming no criterion, would save nothing.
        cleaned = super().clean()
        scored = False
        for key, _label in RUBRIC_CRITERIA:
            if cleaned.get(f"score_{key}") is not None:
                scored = True
            elif cleaned.get(f"note_{key}"):
                self.add_error(f"score_{key}", _("Choose a score: a note is saved only with a score."))
        if not scored and not self.errors:
            raise ValidationError(_("Choose a score for at least one criterion: nothing was saved."))
        return cleaned


@require_http_methods(["GET", "POST"])
def rubric(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_action_plan_for_user(request.user, pk, content=True)
    user = request.user
    roles = {
        RubricScore.ScorerRole.EXPERT: user.has_perm("plans.score_actionplan_expert", plan),
        RubricScore.ScorerRole.CITY: user.has_perm("plans.score_actionplan_city", plan),
    }
    if plan.state == ActionPlan.State.PUBLISHED:
        roles = dict.fromkeys(roles, False)
    scores = {(s.criterion, s.scorer_role): s for s in plan.rubric_scores.all()}
    forms_by_role: dict[str, RubricForm] = {}
    for role, allowed in roles.items():
        if allowed:
            initial = {}
            for key, _label in RUBRIC_CRITERIA:
                if (key, role) in scores:
                    initial[f"score_{key}"] = str(scores[key, role].score)
                    initial[f"note_{key}"] = scores[key, role].note
            forms_by_role[role] = RubricForm(initial=initial, prefix=role)
    errors: list[str] = []
    if request.method == "POST":
        role = request.POST.get("role", "")
        if role not in forms_by_role:
            raise PermissionDenied
        form = forms_by_role[role] = RubricForm(request.POST, prefix=role)
        if form.is_valid():
            try:
                with transaction.atomic():
                    for key, _label in RUBRIC_CRITERIA:
                        score = form.cleaned_data[f"score_{key}"]
                        if score is not None:
                            services.rubric_score(plan=plan, criterion=key, score=score, by=user, role=role,
                                                  note=form.cleaned_data[f"note_{key}"])
            except ValidationError as error:
                errors = error_messages(error)
            else:
                messages.success(request, _("The scores are saved."))
                return redirect("plans:rubric", pk=plan.pk)
    rows = [
        {"key": key, "label": label, "expert": scores.get((key, "expert")), "city": scores.get((key, "city"))}
        for key, label in RUBRIC_CRITERIA
    ]
    context = {
        "plan": plan,
        "nav": plan_nav(plan),
        "rows": rows,
        "role_forms": [
            (role, RubricScore.ScorerRole(role).label, form, form.rows()) for role, form in forms_by_role.items()
        ],
        "errors": errors,
        "totals": {
            role: sum(s.score for (_k, r), s in scores.items() if r == role) for role in ("expert", "city")
        },
    }
    bad = bool(errors) or any(f.errors for f in forms_by_role.values())
    return render(request, "plans/rubricscore_list.html", context, status=400 if bad else 200)
