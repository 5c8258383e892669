"""MID routes: review (workflow, comments, rubric) and implementation follow-up, under /mid/<pk>/."""

from django.urls import include, path

from pim.plans.views import followup, review

plan_urls = [
    path("obieg/", review.workflow, name="workflow"),
    path("uwagi/", review.comments, name="comments"),
    path("uwagi/<int:comment_pk>/moderacja/", review.comment_moderate, name="comment_moderate"),
    path("uwagi/<int:comment_pk>/status/", review.comment_resolve, name="comment_resolve"),
    path("ocena/", review.rubric, name="rubric"),
    path("realizacja/", followup.followup, name="followup"),
    path("realizacja/dzialania/<int:action_pk>/", followup.action_report, name="action_report"),
    path("realizacja/wskazniki/<int:indicator_pk>/", followup.indicator_value, name="indicator_value"),
]

urlpatterns = [
    path("<int:pk>/", include(plan_urls)),
]
