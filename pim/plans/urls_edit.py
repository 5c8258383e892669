"""MID routes: edit."""

urlpatterns: list = []
