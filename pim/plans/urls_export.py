"""MID routes: PDF/DOCX export jobs, under /mid/<pk>/eksport/."""

from django.urls import path

from pim.plans.views import exports

urlpatterns = [
    path("<int:pk>/eksport/<int:job_id>/", exports.export_status, name="export_status"),
    path("<int:pk>/eksport/<int:job_id>/pobierz/", exports.export_download, name="export_download"),
    path("<int:pk>/eksport/<str:fmt>/", exports.export_start, name="export_start"),
]
