"""MID routes: export."""

urlpatterns: list = []
