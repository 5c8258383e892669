"""MID routes: review."""

urlpatterns: list = []
