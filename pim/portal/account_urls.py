"""Accounts: login, logout (POST only), password reset and change (Django's auth views), my account."""

from django.urls import include, path

from pim.portal import account_views

urlpatterns = [
    path("", account_views.account, name="account"),
    path("", include("django.contrib.auth.urls")),
]
