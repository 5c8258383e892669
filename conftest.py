"""Test-wide settings: browser tests mix the sync ORM with Playwright's event loop."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
